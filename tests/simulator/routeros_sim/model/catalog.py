"""The simulated registry: images, their digests, architectures, sizes and pull times."""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field

import yaml

DEFAULT_CATALOG = os.path.join(os.path.dirname(__file__), 'catalog.yaml')
DEFAULT_REGISTRY = 'docker.io'

# Router CPU -> docker platform.
PLATFORM = {'arm64': 'arm64', 'arm': 'arm', 'x86_64': 'amd64'}

_SIZE = re.compile(r'^\s*(\d+(?:\.\d+)?)\s*(KiB|MiB|GiB|)\s*$')


def parse_size(value) -> int:
    if isinstance(value, int):
        return value
    match = _SIZE.match(str(value))
    if not match:
        raise ValueError(f'catalog: bad size {value!r}')
    scale = {'': 1, 'KiB': 1 << 10, 'MiB': 1 << 20, 'GiB': 1 << 30}[match.group(2)]
    return int(float(match.group(1)) * scale)


def registry_host(registry_url: str) -> str:
    """'https://registry-1.docker.io' -> 'docker.io'; 'https://ghcr.io/' -> 'ghcr.io'."""
    host = re.sub(r'^[a-z]+://', '', registry_url.strip()).split('/')[0]
    return DEFAULT_REGISTRY if host in ('', 'registry-1.docker.io', 'index.docker.io') else host


def normalize(reference: str, default_registry: str = DEFAULT_REGISTRY) -> str:
    """'nginx' -> 'docker.io/library/nginx:latest', keeping an explicit registry, tag or digest."""
    ref = reference.strip()
    name, at, digest = ref.partition('@')
    first = name.split('/')[0]
    has_registry = '/' in name and ('.' in first or ':' in first or first == 'localhost')
    registry = first if has_registry else default_registry
    path = name.split('/', 1)[1] if has_registry else name
    if registry == DEFAULT_REGISTRY and '/' not in path:
        path = 'library/' + path
    if not at and ':' not in path.rsplit('/', 1)[-1]:
        path += ':latest'
    return f'{registry}/{path}' + (f'@{digest}' if at else '')


def short_tag(normalized: str) -> str:
    """How /container prints an image: the registry dropped for Docker Hub."""
    prefix = DEFAULT_REGISTRY + '/'
    return normalized[len(prefix):] if normalized.startswith(prefix) else normalized


@dataclass
class Image:
    reference: str
    digest: str
    architectures: list[str]
    size: int
    pull_seconds: float
    entrypoint: list[str] = field(default_factory=list)
    cmd: list[str] = field(default_factory=list)
    workdir: str = '/'
    env: dict[str, str] = field(default_factory=dict)
    credentials: dict[str, str] | None = None
    log: list[str] = field(default_factory=list)

    def supports(self, router_arch: str) -> bool:
        return PLATFORM.get(router_arch, router_arch) in self.architectures


class Catalog:
    def __init__(self, images: list[Image]):
        self.images = {image.reference: image for image in images}

    @classmethod
    def load(cls, path: str | None = None) -> 'Catalog':
        with open(path or DEFAULT_CATALOG, encoding='utf-8') as handle:
            data = yaml.safe_load(handle) or {}
        images = []
        for entry in data.get('images', []):
            try:
                images.append(Image(
                    reference=normalize(entry['reference']),
                    digest=entry['digest'],
                    architectures=list(entry['architectures']),
                    size=parse_size(entry['size']),
                    pull_seconds=float(entry.get('pull_seconds', 5)),
                    entrypoint=list(entry.get('entrypoint') or []),
                    cmd=list(entry.get('cmd') or []),
                    workdir=entry.get('workdir', '/'),
                    env={str(k): str(v) for k, v in (entry.get('env') or {}).items()},
                    credentials=entry.get('credentials'),
                    log=list(entry.get('log') or []),
                ))
            except KeyError as missing:
                raise ValueError(f'catalog {path or DEFAULT_CATALOG}: image entry lacks {missing}') from None
        return cls(images)

    def copy(self) -> 'Catalog':
        return Catalog([copy.deepcopy(i) for i in self.images.values()])

    def lookup(self, reference: str, default_registry: str = DEFAULT_REGISTRY) -> Image | None:
        wanted = normalize(reference, default_registry)
        name, dummy, digest = wanted.partition('@')
        if digest:
            return next((i for i in self.images.values() if i.digest == digest), None)
        return self.images.get(name)

    def publish(self, reference: str, digest: str) -> Image:
        """The registry now serves `digest` under `reference` (an image update upstream)."""
        image = self.lookup(reference)
        if image is None:
            raise ValueError(f'catalog has no image {normalize(reference)}')
        image.digest = digest
        return image
