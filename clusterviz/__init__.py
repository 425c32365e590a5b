"""ClusterViz's web shell: pages, htmx views and the live cluster owner.

Depends on ``simulator`` (the functional core); the core never depends on this package.
"""
