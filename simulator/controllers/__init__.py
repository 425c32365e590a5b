"""kube-controller-manager's control loops, one module per controller (see controller_manager.py)."""
