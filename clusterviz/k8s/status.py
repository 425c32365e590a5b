"""metav1.Status errors, shaped exactly as kube-apiserver sends them.

Handlers raise ``simulator.errors.ApiError`` (the simulated apiserver raises the same);
``status_of`` turns one into the HTTP code and Status body. Code 0 is the simulator's
"connection refused" (its kube-apiserver is down): over HTTP that is a clear 503 at once.
"""

from __future__ import annotations

from typing import Any

from simulator import errors
from simulator.errors import ApiError

MAX_BODY = 3 * 1024 * 1024  # kube-apiserver's MaxRequestBodyBytes

NOT_FOUND = "the server could not find the requested resource"
METHOD_NOT_ALLOWED = "the server does not allow this method on the requested resource"
BODY_TYPES = "application/json, application/yaml, application/vnd.kubernetes.protobuf"
PATCH_TYPES = (
    "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, "
    "application/strategic-merge-patch+json"
)


def status_body(
    code: int, reason: str, message: str, details: dict[str, Any] | None = None
) -> dict[str, Any]:
    return ApiError(code, reason, message, details=details).status()


def not_found(message: str = NOT_FOUND, details: dict[str, Any] | None = None) -> ApiError:
    return ApiError(404, "NotFound", message, details=details)


def method_not_allowed() -> ApiError:
    return errors.method_not_allowed(METHOD_NOT_ALLOWED)


def unsupported_media_type(accepted: str = BODY_TYPES) -> ApiError:
    return ApiError(
        415,
        "UnsupportedMediaType",
        f"the body of the request was in an unknown format - accepted media types include: {accepted}",
    )


def too_large() -> ApiError:
    return ApiError(413, "RequestEntityTooLarge", f"Request entity too large: limit is {MAX_BODY}")


def unauthorized() -> ApiError:
    return ApiError(401, "Unauthorized", "Unauthorized")


def bad_request(message: str) -> ApiError:
    return errors.bad_request(message)


def forbidden(
    *,
    verb: str,
    resource: str,
    group: str,
    namespace: str,
    subresource: str = "",
    name: str = "",
    user: str = "viewer",
) -> ApiError:
    """Worded like kube-apiserver's RBAC denial, for a viewer's write."""
    what = f"{resource}/{subresource}" if subresource else resource
    shown = f"{resource}.{group}" if group else resource
    if name:
        shown = f'{shown} "{name}"'
    scope = f'in the namespace "{namespace}"' if namespace else "at the cluster scope"
    message = (
        f'{shown} is forbidden: User "{user}" cannot {verb} resource "{what}" in API group "{group}" {scope}'
        f": the viewer credential is read-only"
    )
    return ApiError(403, "Forbidden", message, details={"name": name, "group": group, "kind": resource})


def unavailable(cluster: str, cause: str) -> ApiError:
    return ApiError(503, "ServiceUnavailable", f"the kube-apiserver of cluster {cluster} is down ({cause})")


def status_of(exc: ApiError, *, cluster: str, outage: str = "") -> tuple[int, dict[str, Any]]:
    """The HTTP code and Status body for an error raised while serving ``cluster``."""
    if exc.code == 0:
        exc = unavailable(cluster, outage or "ComponentDown fault")
    code = exc.code if 400 <= exc.code <= 599 else 500
    return code, exc.status()
