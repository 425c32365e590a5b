"""The Kubernetes REST API over HTTP, served by the same Daphne process.

``/k8s/<cluster>/<credential>/`` is a kube-apiserver for one simulated cluster: real
kubectl and the official Python client use it as they are. Module group:

- ``app``: the ASGI app mounted for ``/k8s/`` (reading requests, routing, errors).
- ``paths``: the request path → what is asked for (like the apiserver's RequestInfo).
- ``auth``: path credentials → cluster and role (presenter read-write, viewer read-only).
- ``negotiation``: Accept (Table, aggregated discovery) and request body decoding.
- ``status``: metav1.Status errors.
- ``discovery``, ``openapi``: what clients learn the API from.
- ``resources``, ``subresources``, ``logs``, ``watch``: the verbs, against the cluster's
  ApiServer, always on the event loop that owns the cluster.
- ``tables``: adapter to the Table printers (``printers``) and ``metrics`` modules.
"""
