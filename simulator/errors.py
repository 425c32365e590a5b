"""Errors shaped like metav1.Status, raised by the apiserver and etcd."""
from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """A failed API call; ``status()`` is the metav1.Status a client would receive."""

    def __init__(self, code: int, reason: str, message: str, *,
                 details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details or {}

    def status(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "kind": "Status",
            "apiVersion": "v1",
            "metadata": {},
            "status": "Failure",
            "message": self.message,
            "reason": self.reason,
            "code": self.code,
        }
        if self.details:
            body["details"] = self.details
        return body

    def __repr__(self) -> str:
        return f"ApiError({self.code}, {self.reason!r}, {self.message!r})"


def qualified(resource: str, group: str) -> str:
    """``deployments.apps`` as Kubernetes names a resource in messages."""
    return f"{resource}.{group}" if group else resource


def not_found(resource: str, group: str, name: str) -> ApiError:
    return ApiError(404, "NotFound", f'{qualified(resource, group)} "{name}" not found',
                    details={"name": name, "group": group, "kind": resource})


def already_exists(resource: str, group: str, name: str) -> ApiError:
    return ApiError(409, "AlreadyExists", f'{qualified(resource, group)} "{name}" already exists',
                    details={"name": name, "group": group, "kind": resource})


def conflict(resource: str, group: str, name: str, why: str) -> ApiError:
    return ApiError(409, "Conflict",
                    f'Operation cannot be fulfilled on {qualified(resource, group)} "{name}": {why}',
                    details={"name": name, "group": group, "kind": resource})


STALE = "the object has been modified; please apply your changes to the latest version and try again"


def invalid(kind: str, group: str, name: str, causes: list[dict[str, str]]) -> ApiError:
    """422 Invalid; each cause is ``{reason, message, field}`` as kubectl prints them."""
    text = "; ".join(f"{c['field']}: {c['message']}" for c in causes) if causes else "invalid"
    shown = f"{kind}.{group}" if group else kind
    return ApiError(422, "Invalid", f'{shown} "{name}" is invalid: {text}',
                    details={"name": name, "group": group, "kind": kind, "causes": causes})


def bad_request(message: str) -> ApiError:
    return ApiError(400, "BadRequest", message)


def forbidden(message: str) -> ApiError:
    return ApiError(403, "Forbidden", message)


def gone(message: str) -> ApiError:
    return ApiError(410, "Expired", message)


def method_not_allowed(message: str) -> ApiError:
    return ApiError(405, "MethodNotAllowed", message)


def too_many_requests(message: str, *, retry_after: int = 5) -> ApiError:
    return ApiError(429, "TooManyRequests", message, details={"retryAfterSeconds": retry_after})


def unavailable(message: str) -> ApiError:
    """The component (apiserver, etcd) cannot serve: 503 as kubectl sees it."""
    return ApiError(503, "ServiceUnavailable", message)


def unreachable(message: str) -> ApiError:
    """No route to the apiserver: code 0, like a client-side connection error."""
    return ApiError(0, "ConnectionRefused", message)


def etcd_unavailable() -> ApiError:
    # Mirrors kube-apiserver when etcd cannot commit: the request times out server-side.
    return ApiError(500, "InternalError", "Internal error occurred: etcdserver: request timed out")
