"""Saving a router's configuration to `state_dir` and loading it back (reboot, restart)."""

from __future__ import annotations

import json
import os
import tempfile

FORMAT = 1


def path_for(router) -> str:
    return os.path.join(router.state_dir, f'{router.name}.json')


def snapshot(router) -> dict:
    return {
        'format': FORMAT,
        'name': router.name,
        'version': router.version,
        'menus': {path: menu.state() for path, menu in router.menus.items()},
    }


def restore(router, data: dict) -> None:
    for path, menu in router.menus.items():
        menu.load(data['menus'].get(path, {}))


def save(router) -> None:
    os.makedirs(router.state_dir, exist_ok=True)
    data = json.dumps(snapshot(router), indent=1, sort_keys=True)
    # Write-then-rename: a crash never leaves half a configuration behind.
    handle, temporary = tempfile.mkstemp(dir=router.state_dir, prefix=f'.{router.name}.')
    with os.fdopen(handle, 'w', encoding='utf-8') as out:
        out.write(data)
    os.replace(temporary, path_for(router))


def load(router) -> bool:
    """Restore from state_dir; False when there is nothing saved (a new router)."""
    if not router.state_dir or not os.path.exists(path_for(router)):
        return False
    with open(path_for(router), encoding='utf-8') as handle:
        data = json.load(handle)
    if data.get('format') != FORMAT:
        raise ValueError(f'{path_for(router)}: unknown state format {data.get("format")!r}')
    restore(router, data)
    return True
