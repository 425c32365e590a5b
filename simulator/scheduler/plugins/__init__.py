"""In-tree plugins of the default kube-scheduler profile, one module per upstream plugin."""
