"""A built-in container registry: image references, sizes, digests and what each image runs.

Mirrors the Docker reference grammar (``[registry/]repo[:tag][@digest]``, Docker Hub's
``docker.io/library`` defaulting) and the sizes ``crictl images`` reports (compressed).
Any well-formed reference pulls; unknown ones as a generic ~30 MB image. Documented
failure images, for lessons:

* anything containing ``does-not-exist`` → the registry answers "not found":
  ``ErrImagePull`` then ``ImagePullBackOff``;
* ``clusterviz/crash`` → the process exits with code 1 after ~2 s: ``CrashLoopBackOff``;
* ``clusterviz/oom`` → killed by the kernel's OOM killer after ~5 s (exit 137, ``OOMKilled``).
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

DEFAULT_REGISTRY = "docker.io"
PAUSE_IMAGE = "registry.k8s.io/pause:3.10"
GENERIC_SIZE = 30_000_000
# Mirrors distribution/reference: lowercase path components, tags up to 128 characters.
_COMPONENT = re.compile(r"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")
_TAG = re.compile(r"^[\w][\w.-]{0,127}$")
_DIGEST = re.compile(r"^sha256:[0-9a-f]{64}$")
_DOMAIN = re.compile(r"^(?:localhost|[a-zA-Z0-9.-]*[.][a-zA-Z0-9.-]*|[a-zA-Z0-9.-]+:[0-9]+)(?::[0-9]+)?$")


class InvalidReference(ValueError):
    """What the kubelet reports as ``InvalidImageName``."""


@dataclass(frozen=True, slots=True)
class ImageRef:
    """A parsed, fully-qualified image reference."""

    domain: str
    path: str
    tag: str
    digest: str = ""

    @property
    def repository(self) -> str:
        return f"{self.domain}/{self.path}"

    @property
    def name(self) -> str:
        """What containerd reports as the image name (``containerStatuses[].image``)."""
        if not self.tag:
            return f"{self.repository}@{self.digest}"
        return f"{self.repository}:{self.tag}"


def parse_reference(text: str) -> ImageRef:
    """Parse as containerd does, defaulting Docker Hub, ``library/`` and ``:latest``."""
    if not text or text != text.strip() or " " in text:
        raise InvalidReference(f'couldn\'t parse image name "{text}": invalid reference format')
    rest, _, digest = text.partition("@")
    if digest and not _DIGEST.match(digest):
        raise InvalidReference(f'couldn\'t parse image name "{text}": invalid reference format')
    first, slash, remainder = rest.partition("/")
    if slash and (_DOMAIN.match(first) and ("." in first or ":" in first or first == "localhost")):
        domain, path = first, remainder
    else:
        domain, path = DEFAULT_REGISTRY, rest
    last = path.rsplit("/", 1)[-1]
    tag = ""
    if ":" in last:
        path, _, tag = path.rpartition(":")
        if not _TAG.match(tag):
            raise InvalidReference(f'couldn\'t parse image name "{text}": invalid reference format')
    if domain == DEFAULT_REGISTRY and "/" not in path:
        path = f"library/{path}"
    for component in path.split("/"):
        if not _COMPONENT.match(component):
            bad = f'couldn\'t parse image name "{text}": invalid reference format'
            if _COMPONENT.match(component.lower()):
                bad += f": repository name ({path}) must be lowercase"
            raise InvalidReference(bad)
    return ImageRef(domain, path, tag or ("" if digest else "latest"), digest)


def digest_of(ref: ImageRef) -> str:
    """A deterministic content digest: sha256 of the reference's name."""
    if ref.digest:
        return ref.digest
    return "sha256:" + hashlib.sha256(ref.name.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """What the registry knows about a repository."""

    size: int
    program: str            # key into runtime_programs.SERVERS (or "shell" for a bare shell image)
    small_size: int = 0     # the ``-alpine`` / ``-slim`` variant's size, if different
    needs_env: tuple[str, ...] = ()   # any one of these must be set, or the entrypoint refuses to start


# Compressed sizes as a node reports them in status.images (linux/amd64, early 2025 tags).
CATALOG: dict[str, ImageInfo] = {
    "docker.io/library/nginx": ImageInfo(72_099_410, "nginx", small_size=20_525_148),
    "docker.io/library/redis": ImageInfo(45_432_018, "redis", small_size=17_186_512),
    "docker.io/library/busybox": ImageInfo(2_167_176, "shell"),
    "docker.io/library/httpd": ImageInfo(58_392_212, "httpd", small_size=22_473_790),
    "docker.io/library/postgres": ImageInfo(158_385_742, "postgres", small_size=104_913_402,
                                            needs_env=("POSTGRES_PASSWORD", "POSTGRES_HOST_AUTH_METHOD")),
    "docker.io/library/mysql": ImageInfo(171_919_314, "mysql",
                                         needs_env=("MYSQL_ROOT_PASSWORD", "MYSQL_ALLOW_EMPTY_PASSWORD",
                                                    "MYSQL_RANDOM_ROOT_PASSWORD")),
    "docker.io/library/memcached": ImageInfo(31_201_122, "memcached", small_size=5_063_240),
    "docker.io/library/alpine": ImageInfo(3_641_219, "shell"),
    "docker.io/library/ubuntu": ImageInfo(29_754_422, "shell"),
    "docker.io/library/python": ImageInfo(398_124_301, "python", small_size=43_307_829),
    "docker.io/library/node": ImageInfo(398_730_148, "node", small_size=55_817_512),
    "docker.io/traefik/whoami": ImageInfo(3_421_867, "whoami"),
    "registry.k8s.io/echoserver": ImageInfo(46_043_287, "echoserver"),
    "registry.k8s.io/pause": ImageInfo(320_368, "pause"),
    "registry.k8s.io/kube-apiserver": ImageInfo(28_672_190, "kube-apiserver"),
    "registry.k8s.io/kube-controller-manager": ImageInfo(26_241_528, "kube-controller-manager"),
    "registry.k8s.io/kube-scheduler": ImageInfo(20_659_374, "kube-scheduler"),
    "registry.k8s.io/kube-proxy": ImageInfo(30_906_810, "kube-proxy"),
    "registry.k8s.io/etcd": ImageInfo(57_680_541, "etcd"),
    "registry.k8s.io/coredns/coredns": ImageInfo(18_562_039, "coredns"),
    "docker.io/clusterviz/crash": ImageInfo(4_718_592, "crash"),
    "docker.io/clusterviz/oom": ImageInfo(4_718_592, "oom"),
}


@dataclass(frozen=True, slots=True)
class Image:
    """A pulled image, as the runtime's image store holds it."""

    ref: ImageRef
    size: int
    digest: str
    program: str
    needs_env: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        """``containerStatuses[].imageID``: the repository pinned to the digest."""
        return f"{self.ref.repository}@{self.digest}"

    def status_entry(self) -> dict[str, object]:
        """One item of ``node.status.images``."""
        names = [self.id] if self.ref.name == self.id else [self.id, self.ref.name]
        return {"names": names, "sizeBytes": self.size}


class PullError(Exception):
    """The registry refused: the kubelet's ``ErrImagePull``."""


def not_found_message(ref: ImageRef) -> str:
    # Mirrors containerd's resolver error for a missing repository or tag.
    full = ref.name
    return (f'rpc error: code = NotFound desc = failed to pull and unpack image "{full}": '
            f'failed to resolve reference "{full}": {full}: not found')


def lookup(ref: ImageRef) -> Image:
    """What a pull of ``ref`` fetches; raises PullError for the documented failures."""
    if "does-not-exist" in ref.repository or "does-not-exist" in ref.tag:
        raise PullError(not_found_message(ref))
    info = CATALOG.get(ref.repository)
    digest = digest_of(ref)
    if info is None:
        # Unknown but well-formed: a generic image of 25–35 MB, fixed by its digest.
        size = GENERIC_SIZE - 5_000_000 + int(digest[7:15], 16) % 10_000_000
        return Image(ref, size, digest, "generic")
    size = info.size
    if info.small_size and any(v in ref.tag for v in ("alpine", "slim")):
        size = info.small_size
    return Image(ref, size, digest, info.program, info.needs_env)


def go_duration(seconds: float) -> str:
    """A duration as Go's time.Duration prints it after Truncate(time.Millisecond)."""
    ms = int(round(seconds * 1000))
    if ms < 1000:
        return f"{ms}ms"
    minutes, ms = divmod(ms, 60_000)
    hours, minutes = divmod(minutes, 60)
    secs = f"{ms / 1000:.3f}".rstrip("0").rstrip(".") + "s"
    if hours:
        return f"{hours}h{minutes}m{secs}"
    return f"{minutes}m{secs}" if minutes else secs
