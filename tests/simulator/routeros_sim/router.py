"""One simulated RouterOS router: its menus, users, containers and faults.

The wire layer (session.py) calls `execute()` with a menu path, a verb and the `=k=v`
attributes; query words, `.tag` and `.proplist` never reach this module. Time only moves
when someone looks: container transitions are advanced lazily from `clock`, so a fleet of
hundreds of routers costs nothing while idle.
"""

from __future__ import annotations

import threading
import time
from typing import Callable

from .model import defaults, persistence
from .model.catalog import Catalog
from .model.container import ContainerConfig, ContainerLog, Containers, Envs, Mounts, PrintStyle
from .model.errors import API, FAILURE, MISSING, CommandError, Result
from .model.firewall import FilterRules, NatRules
from .model.services import IpServices
from .model.interfaces import (Bridge, BridgePort, Ethernet, InterfaceList, InterfaceListMember,
                               Interfaces, IpAddress, Veth)
from .model.system import (DeviceMode, Identity, Log, Package, Resource, Scheduler, Script,
                           board_disk)
from .model.users import NOT_ENOUGH_PERMISSIONS, UserGroups, Users
from .model.versions import command_tree, parse_version, tree_release

__all__ = ['Router', 'CommandError', 'Result']

READ_VERBS = frozenset({'print', 'get', 'find', 'listen', 'monitor', 'login', 'cancel'})

# Console-only commands: in the tree, but the API cannot run them.
CONSOLE_ONLY = frozenset({'edit', 'export'})

MENU_CLASSES = (
    Resource, Identity, Package, DeviceMode, Scheduler, Script, Log,
    UserGroups, Users,
    Ethernet, Bridge, BridgePort, Veth, Interfaces, InterfaceList, InterfaceListMember, IpAddress,
    NatRules, FilterRules, IpServices,
    ContainerConfig, Envs, Mounts, Containers, ContainerLog,
)


class Router:
    def __init__(self, name: str = 'r1', version: str = '7.22.3', arch: str = 'arm64',
                 catalog: Catalog | str | None = None,
                 users: dict[str, tuple[str, str]] | None = None,
                 state_dir: str | None = None, time_scale: float = 1.0,
                 clock: Callable[[], float] = time.monotonic):
        parse_version(version)   # refuse nonsense early, with the version in the message
        self.name = name
        self.version = version
        self.arch = arch
        self.release = tree_release(version)
        self.tree = command_tree(version)
        if isinstance(catalog, Catalog):
            self.catalog = catalog
        else:
            self.catalog = Catalog.load(catalog)
        self.time_scale = time_scale
        self._clock = clock
        self._origin = clock()
        self._boot_time = 0.0
        self._lock = threading.RLock()
        self.initial_users = dict(users or {'admin': ('', 'full')})
        self.state_dir = state_dir
        self.faults = Faults()
        self.print_style = PrintStyle(self.release)
        self.menus = {cls.path: cls(self) for cls in MENU_CLASSES}
        if persistence.load(self):
            self.containers.boot()
        else:
            defaults.apply(self)
        self.save()

    # --- time ----------------------------------------------------------------------------

    def now(self) -> float:
        """Simulated seconds since this object was created (scaled by time_scale)."""
        return (self._clock() - self._origin) * self.time_scale

    def uptime(self) -> float:
        return self.now() - self._boot_time

    def clock_text(self) -> str:
        seconds = int(self.now())
        return time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime(1_750_000_000 + seconds))

    # --- the API -------------------------------------------------------------------------

    def authenticate(self, user: str, password: str) -> str | None:
        with self._lock:
            return self.menus['/user'].authenticate(user, password)

    @staticmethod
    def is_write(verb: str) -> bool:
        return verb not in READ_VERBS

    def execute(self, path: str, verb: str, attrs: dict[str, str] | None = None,
                user: str | None = 'admin') -> Result:
        attrs = dict(attrs or {})
        path = '/' + path.strip('/')
        with self._lock:
            self.containers.advance()
            commands = self.tree.get(path)
            if commands is None or path not in self.menus or not self.has_package_for(path):
                raise self.unknown_menu(path)
            if verb not in commands:
                raise CommandError(f'no such command or directory ({verb})', MISSING)
            allowed = commands[verb]
            for key in attrs:
                name = key[1:] if key.startswith('!') else key   # '=!comment=' unsets
                if key != '.id' and name not in allowed:
                    raise CommandError(f'unknown parameter {name}', MISSING)
            if self.is_write(verb) and not self.menus['/user'].may_write(user):
                raise CommandError(NOT_ENOUGH_PERMISSIONS, FAILURE)
            self.faults.before(path, verb)
            if verb in CONSOLE_ONLY:
                raise CommandError(f'{verb} is available only on the console', API)
            result = self.menus[path].execute(verb, attrs)
            if self.is_write(verb):
                self.save()
            return result

    def unknown_menu(self, path: str) -> CommandError:
        """Two traps, like a real router: the first unknown part of the path, then the prefix."""
        known = set()
        for menu in self.tree:
            if menu in self.menus and self.has_package_for(menu):
                parts = menu.strip('/').split('/')
                known.update('/' + '/'.join(parts[:n]) for n in range(1, len(parts) + 1))
        parts = path.strip('/').split('/')
        unknown = next((part for n, part in enumerate(parts, 1) if '/' + '/'.join(parts[:n]) not in known),
                       parts[-1])
        return CommandError(f'no such command or directory ({unknown})', MISSING,
                            more=('no such command prefix',))

    def has_package_for(self, path: str) -> bool:
        # /container and its submenus come with the `container` package.
        if path == '/container' or path.startswith('/container/'):
            return self.menus['/system/package'].installed('container')
        return True

    # --- what menus ask of each other ------------------------------------------------------

    @property
    def containers(self) -> Containers:
        return self.menus['/container']

    def interface_names(self) -> list[str]:
        names = []
        for path in ('/interface/ethernet', '/interface/bridge', '/interface/veth'):
            names += [r['name'] for r in self.menus[path].rows if 'name' in r]
        return names

    def interface_list_names(self) -> list[str]:
        return ['all', 'none', 'dynamic', 'static'] + [
            r['name'] for r in self.menus['/interface/list'].rows if 'name' in r]

    def log(self, topics: str, message: str) -> None:
        self.menus['/log'].append(topics, message)

    def disk_total(self) -> int:
        return board_disk(self.arch)

    def disk_used(self) -> int:
        return 96 * (1 << 20) + self.containers.disk_used()

    def running_count(self) -> int:
        return self.containers.running_count()

    # --- control API -----------------------------------------------------------------------

    def inject_fault(self, kind: str, **params) -> None:
        with self._lock:
            if kind == 'trap_next':
                self.faults.traps.append((params['menu'], params['verb'], params['message']))
            elif kind == 'fail_next_pull':
                self.faults.pull_failures.append(params.get('reason', 'download failed'))
            elif kind == 'disk_full':
                self.faults.disk_full = bool(params.get('on', True))
            elif kind == 'device_mode':
                container = params.get('container', True)
                on = container if isinstance(container, bool) else str(container).lower() in ('yes', 'true')
                self.menus['/system/device-mode'].values['container'] = 'yes' if on else 'no'
                self.save()
            elif kind == 'publish':
                self.catalog.publish(params['reference'], params['digest'])
            elif kind == 'exits':
                self.faults.add_exit(params, status=int(params.get('status', 1)))
            elif kind == 'wrong_arch':
                # The manifest says the router's platform, the binaries are for another CPU:
                # the pull works, every start dies of SIGILL (ROUTEROS.md section 2).
                self.faults.add_exit(params, signal=4)
            elif kind == 'container_package':
                self.set_container_package(params.get('state', 'installed'))
            elif kind == 'print_style':
                self.print_style = PrintStyle(self.release, remote_image=bool(params.get('remote_image', False)),
                                              unset=params.get('unset'))
            elif kind == 'clear':
                self.faults = Faults()
                self.set_container_package('installed')
                self.print_style = PrintStyle(self.release)
                self.menus['/system/device-mode'].values.pop('container', None)
                self.save()
            else:
                raise ValueError(f'unknown fault kind {kind!r}')

    def set_container_package(self, state: str) -> None:
        """`installed`, `disabled` or `missing`: what a reboot after an upgrade can leave."""
        if state not in ('installed', 'disabled', 'missing'):
            raise ValueError(f'container package state must be installed, disabled or missing, not {state!r}')
        packages = self.menus['/system/package']
        rows = packages.where(name='container')
        if state == 'missing':
            packages.rows = [r for r in packages.rows if r.get('name') != 'container']
        elif not rows:
            packages.add_row(name='container', version=self.version, **{'build-time': '2025-06-01 10:00:00'})
        for row in packages.where(name='container'):
            row['disabled'] = 'true' if state == 'disabled' else 'false'
            row['scheduled'] = ''
        self.save()

    def running_config(self, container_name: str) -> dict | None:
        with self._lock:
            self.containers.advance()
            return self.containers.running_config(container_name)

    def dump(self) -> dict[str, list[dict]]:
        with self._lock:
            self.containers.advance()
            return {path: menu.dump() for path, menu in self.menus.items()
                    if path in self.tree and not getattr(menu, 'view', False)}

    def reboot(self) -> None:
        with self._lock:
            self.containers.advance()   # what finished before the reboot stays finished
            self.save()
            self.faults.pull_failures.clear()
            self.faults.traps.clear()
            if not persistence.load(self):
                # Without a state dir the configuration in memory is what survives.
                persistence.restore(self, persistence.snapshot(self))
            self._boot_time = self.now()
            self.containers.boot()
            self.save()

    def reset(self) -> None:
        with self._lock:
            self.menus = {cls.path: cls(self) for cls in MENU_CLASSES}
            self.faults = Faults()
            self._boot_time = self.now()
            defaults.apply(self)
            self.save()

    def add_user(self, name: str, password: str, group: str) -> None:
        with self._lock:
            self.menus['/user'].cmd_add({'name': name, 'password': password, 'group': group})
            self.save()

    def save(self) -> None:
        if self.state_dir:
            persistence.save(self)


class Faults:
    """Failures the control API asked for; each trap and pull failure fires once."""

    def __init__(self):
        self.traps: list[tuple[str, str, str]] = []
        self.pull_failures: list[str] = []
        self.disk_full = False
        self.exits: list[dict] = []

    def before(self, path: str, verb: str) -> None:
        for index, (menu, wanted_verb, message) in enumerate(self.traps):
            if '/' + menu.strip('/') == path and wanted_verb == verb:
                del self.traps[index]
                raise CommandError(message, FAILURE)

    def add_exit(self, params: dict, status: int | None = None, signal: int | None = None) -> None:
        if not params.get('image') and not params.get('container'):
            raise ValueError('needs "image" or "container"')
        self.exits.append({'image': params.get('image'), 'container': params.get('container'),
                           'status': status, 'signal': signal, 'log': list(params.get('log', [])),
                           'after': float(params.get('after', 1.0))})

    def exit_for(self, router, row) -> dict | None:
        """The exit fault for this container, if any: it stays until `clear`, like a bad image."""
        from .model.catalog import normalize   # pylint: disable=import-outside-toplevel
        registry = router.menus['/container/config'].registry()
        for fault in self.exits:
            if fault['container'] and fault['container'] in (row.get('name'), row.get('_uuid')):
                return fault
            if fault['image'] and normalize(fault['image'], registry) == row.get('_image'):
                return fault
        return None

    def next_pull_failure(self) -> str | None:
        return self.pull_failures.pop(0) if self.pull_failures else None
