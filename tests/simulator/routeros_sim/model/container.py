"""/container and its lists: envs, mounts, config, log (ROUTEROS.md section 2).

A container moves through states on simulated time, advanced lazily whenever the router is
asked anything (`advance()`): no timers, no threads. Internal state lives in row keys that
start with '_' (never printed): _state, _until (when the current transition ends), _next,
_digest, _size, _error, _running (the configuration the process started with).
"""

from __future__ import annotations

import re
import uuid

from . import values
from .argv import split_command
from .catalog import PLATFORM, normalize, registry_host, short_tag
from .errors import BAD_VALUE, FAILURE, CommandError, Result, no_match
from .menus import Field, Settings, Table

MUST_BE_STOPPED = 'failure: container must be stopped'
NO_COMMAND = 'start failed: no command specified, set cmd or entrypoint'
NOT_ALLOWED = 'failure: not allowed by device-mode'

# A disk attached to the router (USB, SATA, NVMe): where real deployments put root-dir.
EXTERNAL_DISK = re.compile(r'^/?(disk|usb|sata|nvme)\d+(/|$)')
EXTERNAL_DISK_SIZE = 32 << 30

START_SECONDS = 1.0
STOP_SECONDS = 2.0
FAIL_FAST_SECONDS = 1.0

# Flag properties printed from 7.20 on (instead of the `status` text).
FLAGS = ('running', 'stopped', 'starting', 'stopping', 'extracting', 'error')

# Properties a 7.18/7.19 router leaves out of a row until they are set (terraform-routeros
# resource samples, issues #908 and #969); 7.18 also leaves out the last three.
HIDDEN_WHEN_UNSET = ('dns', 'domain-name', 'cmd', 'entrypoint', 'envlist', 'stop-signal')
HIDDEN_WHEN_UNSET_7_18 = ('hostname', 'logging', 'start-on-boot')

# RouterOS's signal names (the /container stop-signal enum of the CLI reference).
SIGNALS = ('SIGHUP SIGINT SIGQUIT SIGILL SIGTRAP SIGABTR SIGBUS SIGFPE SIGKILL SIGUSR1 SIGSEGV SIGUSR2'
           ' SIGPIPE SIGALRM SIGTERM SIGSTKFLT SIGCHLD SIGCONT SIGSTOP SIGTSTP SIGTTIN SIGTTOU SIGURG'
           ' SIGXCPU SIGXFSZ SIGVTALRM SIGPROF SIGWINCH SIGIO SIGPWR SIGSYS').split()
NAMED_SIGNALS_SINCE = (7, 20, 0)
# What the kernel calls the signals a crashing process dies of (strsignal(3)).
SIGNAL_TEXT = {4: 'Illegal instruction', 6: 'Aborted', 9: 'Killed', 11: 'Segmentation fault'}


def _signal(router, name: str, text: str) -> str:
    """`15`, `SIGTERM` or `15-SIGTERM`; printed `15-SIGTERM` where the release names signals."""
    raw = text.strip().upper()
    number = raw.split('-', 1)[0]
    if not number.isdigit():
        if raw not in SIGNALS:
            raise no_match(name)
        number = str(SIGNALS.index(raw) + 1)
    if not 1 <= int(number) <= len(SIGNALS):
        raise CommandError(f'value of {name} out of range (1..{len(SIGNALS)})', BAD_VALUE)
    if router.release >= NAMED_SIGNALS_SINCE:
        return f'{int(number)}-{SIGNALS[int(number) - 1]}'
    return str(int(number))


def default_stop_signal(release) -> str:
    # terraform-routeros (late 2025) reads an unset stop-signal as `15-SIGTERM`.
    return '15-SIGTERM' if release >= NAMED_SIGNALS_SINCE else '15'


def full_repo(normalized: str) -> str:
    registry, dummy, path = normalized.partition('/')
    return f'{"registry-1.docker.io" if registry == "docker.io" else registry}/{path}'


class PrintStyle:
    """How a release prints container rows where sources are partial (MODEL.md, "printing").

    remote_image: the add argument is printed back (no source shows it; off by default).
    unset: properties never set are printed with their defaults (7.18/7.19: not printed).
    workdir_from_image: an extracted container shows the image's workdir (7.18/7.19 samples;
    assumed for 7.15-7.17 too, not from 7.20, whose manual lists a `default-workdir` instead).
    The control API's `print_style` fault flips the first two, so tests can try both ways.
    """

    def __init__(self, release, remote_image=False, unset=None):
        self.remote_image = remote_image
        in_samples = (7, 18, 0) <= release < (7, 20, 0)
        self.unset = (not in_samples) if unset is None else unset
        # Forced off on another release, the fault hides the longer 7.18 list: the strictest form.
        self.unset_7_18 = release < (7, 19, 0) or unset is False
        self.workdir_from_image = release < (7, 20, 0)


# --- lists the containers refer to -----------------------------------------------------

class Envs(Table):
    path = '/container/envs'
    item_names = ()
    fields = (
        Field('name'),                # the list name before 7.20
        Field('list'),                # ... and from 7.20
        Field('key'),
        Field('value', default=''),
        Field('disabled', kind='bool', default='false'),
        Field('comment'),
    )

    def list_key(self) -> str:
        return 'list' if 'list' in self.settable() else 'name'

    def check(self, row, old):
        for required in (self.list_key(), 'key'):
            if not row.get(required):
                raise CommandError(f'failure: {required} must be set', FAILURE)

    def lists(self) -> set[str]:
        key = self.list_key()
        return {r[key] for r in self.rows if key in r}

    def environment(self, list_names: list[str]) -> dict[str, str]:
        key = self.list_key()
        env = {}
        for name in list_names:
            for row in self.rows:
                if row.get(key) == name and row.get('disabled') != 'true':
                    env[row['key']] = row.get('value', '')
        return env


def _mount_path(router, name: str, text: str) -> str:
    # From 7.22 RouterOS stores mount paths with a leading '/'.
    if router.release >= (7, 22, 0) and text and not text.startswith('/'):
        return '/' + text
    return text


class Mounts(Table):
    path = '/container/mounts'
    item_names = ()
    fields = (
        Field('name'),                # the mount (list) name before 7.21
        Field('list'),                # ... and from 7.21
        Field('src', kind='custom', parse=_mount_path),
        Field('dst', kind='custom', parse=_mount_path),
        Field('read-only', kind='bool', default='false'),
        Field('mode', kind='enum', choices=('rw', 'ro', 'rw,noexec', 'ro,noexec'), default='rw'),
        Field('disabled', kind='bool', default='false'),
        Field('comment'),
    )

    def list_key(self) -> str:
        return 'list' if 'list' in self.settable() else 'name'

    def check(self, row, old):
        for required in (self.list_key(), 'src', 'dst'):
            if not row.get(required):
                raise CommandError(f'failure: {required} must be set', FAILURE)
        if self.list_key() == 'name' and any(r.get('name') == row['name'] for r in self.rows if r is not old):
            # Before 7.21 each mount was a named item of its own.
            raise CommandError('failure: already have such entry', FAILURE)

    def lists(self) -> set[str]:
        key = self.list_key()
        return {r[key] for r in self.rows if key in r}

    def resolve(self, list_names: list[str]) -> list[dict[str, str]]:
        key = self.list_key()
        out = []
        for name in list_names:
            for row in self.rows:
                if row.get(key) == name and row.get('disabled') != 'true':
                    read_only = row.get('read-only') == 'true' or row.get('mode', '').startswith('ro')
                    out.append({'src': row['src'], 'dst': row['dst'], 'read_only': read_only})
        return out


def _size(router, name: str, text: str) -> str:
    raw = text.strip()
    scale = 1
    for suffix, factor in (('KiB', 1 << 10), ('MiB', 1 << 20), ('GiB', 1 << 30),
                           ('k', 1 << 10), ('K', 1 << 10), ('M', 1 << 20), ('G', 1 << 30)):
        if raw.endswith(suffix):
            raw, scale = raw[:-len(suffix)], factor
            break
    if raw == 'unlimited':
        return 'unlimited'
    try:
        number = int(float(raw) * scale)
    except ValueError:
        raise CommandError(f'value of {name} must be a size', BAD_VALUE) from None
    return 'unlimited' if number == 0 and router.release >= (7, 20, 0) else str(number)


ASSUMED_REGISTRY_SINCE = (7, 20, 0)
MEMORY_CURRENT_SINCE = (7, 22, 0)
# What a running container is taken to use, for memory-current.
RUNNING_MEMORY = 16 << 20


class ContainerConfig(Settings):
    path = '/container/config'
    fields = (
        Field('registry-url', default='https://registry-1.docker.io'),
        Field('username', default=''),
        Field('password', default=''),
        Field('tmpdir', default=''),
        Field('layer-dir', default=''),
        Field('ram-high', kind='custom', parse=_size, default='0'),
        Field('memory-high', kind='custom', parse=_size, default='unlimited'),
        Field('memory-max', kind='custom', parse=_size, default='unlimited'),
        Field('swap-max', kind='custom', parse=_size, default='unlimited'),
    )

    def printed(self):
        out = super().printed()
        out.pop('password', None)    # sensitive: never printed over the API
        release = self.router.release
        if release >= ASSUMED_REGISTRY_SINCE:
            # A fresh router prints no registry-url, only the one it assumes (terraform-routeros,
            # late 2025; `assumed-registry-url` is read-only in MikroTik's CLI reference).
            if 'registry-url' not in self.values:
                out.pop('registry-url', None)
            out['assumed-registry-url'] = self.values.get('registry-url') or 'docker.io'
        if release >= MEMORY_CURRENT_SINCE:
            out['memory-current'] = str(self.router.containers.memory_current())
        return out

    def registry(self) -> str:
        return registry_host(self.values.get('registry-url', 'https://registry-1.docker.io'))

    def credentials(self) -> tuple[str, str]:
        return self.values.get('username', ''), self.values.get('password', '')


class ContainerLog(Table):
    path = '/container/log'
    limit = 1000
    fields = (Field('time', read_only=True), Field('container', read_only=True),
              Field('message', read_only=True))

    def append(self, container: str, message: str) -> None:
        self.add_row(time=self.router.clock_text(), container=container, message=message)
        del self.rows[:-self.limit]


# --- the containers -----------------------------------------------------------------------

def _references(kind: str):
    """A parser for a comma list of names that must exist in the menu `kind` lists."""
    def parse(router, name, text):
        if not text:
            return ''
        if kind == 'interface':
            known = {r['name'] for r in router.menus['/interface/veth'].rows}
            if router.release < (7, 20, 0) and ',' in text:
                raise no_match(name)
        elif kind == 'envs':
            known = router.menus['/container/envs'].lists()
        else:
            known = router.menus['/container/mounts'].lists()
        for part in text.split(','):
            if part.strip() not in known:
                raise no_match(name)
        return ','.join(p.strip() for p in text.split(','))
    return parse


class Containers(Table):
    path = '/container'
    item_names = ('name',)
    fields = (
        Field('name'),
        Field('remote-image'),
        Field('file'),
        Field('os', read_only=True),
        Field('arch', read_only=True),
        Field('interface', kind='custom', parse=_references('interface')),
        Field('envlist', kind='custom', parse=_references('envs')),
        Field('envlists', kind='custom', parse=_references('envs')),
        Field('mounts', kind='custom', parse=_references('mounts')),
        Field('mountlists', kind='custom', parse=_references('mounts')),
        Field('root-dir', default=''),
        Field('layer-dir'),
        Field('cmd'),
        Field('entrypoint'),
        Field('workdir'),
        Field('user'),
        Field('hostname', default=''),
        Field('domain-name', default=''),
        Field('dns', default=''),
        Field('logging', kind='bool', default='false'),
        Field('start-on-boot', kind='bool', default='false'),
        Field('check-certificate', kind='bool', default='true'),
        Field('stop-signal', kind='custom', parse=_signal),
        Field('stop-time', kind='duration'),
        Field('memory-high', kind='custom', parse=_size, default='unlimited'),
        Field('auto-restart-interval', kind='duration', default='0s'),
        Field('restart-policy', kind='enum', choices=('no', 'always', 'on-failure', 'unless-stopped'), default='no'),
        Field('comment'),
    )

    # --- printing --------------------------------------------------------------------

    def tag_column(self) -> str:
        """ROUTEROS.md: `repo` on 7.18-7.19 by one report, `tag` before and after (unsettled)."""
        return 'repo' if (7, 18, 0) <= self.router.release < (7, 20, 0) else 'tag'

    def printed(self, row):
        out = super().printed(row)
        if 'name' not in out:
            out = {'.id': row['.id'], 'name': row['_uuid'], **{k: v for k, v in out.items() if k != '.id'}}
        style = self.router.print_style
        if 'stop-signal' in self.settable() and 'stop-signal' not in row:
            out['stop-signal'] = default_stop_signal(self.router.release)
        if not style.remote_image:
            # Written on add, never printed back: the row names its image in `tag`/`repo`.
            out.pop('remote-image', None)
        if not style.unset:
            hidden = HIDDEN_WHEN_UNSET + (HIDDEN_WHEN_UNSET_7_18 if style.unset_7_18 else ())
            for key in hidden:
                if key not in row:
                    out.pop(key, None)
        if style.workdir_from_image and 'workdir' not in row and row['_state'] not in ('extracting', 'error'):
            workdir = (row.get('_image_info') or {}).get('workdir')
            if workdir:
                out['workdir'] = workdir
        if row.get('_image'):
            column = self.tag_column()
            # 7.18/7.19 print the full reference with the registry host, e.g.
            # `registry-1.docker.io/library/nginx:latest` (terraform-routeros #969).
            out[column] = full_repo(row['_image']) if column == 'repo' else short_tag(row['_image'])
        out['os'] = 'linux'
        if row.get('_arch'):
            out['arch'] = row['_arch']
        state = row['_state']
        release = self.router.release
        if release < (7, 20, 0):
            out['status'] = state
        else:
            for flag in FLAGS:
                out[flag] = values.format_bool(state == flag)
            if release >= (7, 23, 0):
                out['status'] = {'extracting': 'downloading/extracting',
                                 'error': 'download/extract failed'}.get(state, state)
                # The simulated health check always passes once the process runs.
                out['healthy'] = values.format_bool(state == 'running' and bool(row.get('healthcheck-cmd')))
        if row.get('_error') and release >= (7, 23, 0):
            out['.about'] = row['_error']
        return out

    # --- add / set / remove ----------------------------------------------------------

    def check(self, row, old):
        name = row.get('name')
        if name is not None and any(r.get('name') == name for r in self.rows if r is not old):
            raise CommandError('failure: Name already exists', FAILURE)
        if old is None:
            if bool(row.get('remote-image')) == bool(row.get('file')):
                raise CommandError('failure: exactly one of remote-image or file must be set', FAILURE)
            if row.get('file'):
                raise no_match('file')   # the simulator has no files on the router's disk

    def cmd_add(self, attrs):
        if not self.router.menus['/system/device-mode'].containers_allowed():
            raise CommandError(NOT_ALLOWED, FAILURE)
        return super().cmd_add(attrs)

    def find(self, reference):
        # Before 7.19 the name is the read-only UUID; it still selects the container.
        for row in self.rows:
            if reference in (row.get('_uuid'), row.get('name')):
                return row
        return super().find(reference)

    def added(self, row):
        row['_uuid'] = str(uuid.uuid5(uuid.NAMESPACE_URL, f'{self.router.name}/{row[".id"]}'))
        row['_state'] = 'extracting'
        self.pull(row)

    def check_remove(self, row):
        if row['_state'] not in ('stopped', 'error'):
            raise CommandError(MUST_BE_STOPPED, FAILURE)

    def removed(self, row):
        self.router.log('container,info', f'container {self.label(row)} removed')

    # --- lifecycle commands -----------------------------------------------------------

    def cmd_start(self, attrs):
        for row in self.selected(attrs):
            self.start(row)
        return Result()

    def cmd_stop(self, attrs):
        for row in self.selected(attrs):
            if row['_state'] in ('running', 'starting'):
                seconds = values.parse_duration('stop-time', row['stop-time']) if row.get('stop-time') else STOP_SECONDS
                self.transition(row, 'stopping', min(seconds, STOP_SECONDS), 'stopped')
        return Result()

    def cmd_restart(self, attrs):
        for row in self.selected(attrs, 'number'):
            if row['_state'] == 'running':
                self.transition(row, 'stopping', STOP_SECONDS, 'starting')
            else:
                self.start(row)
        return Result()

    def cmd_repull(self, attrs):
        row = self.selected(attrs, 'number')[0]
        if row['_state'] not in ('stopped', 'error'):
            raise CommandError(MUST_BE_STOPPED, FAILURE)
        if attrs.get('remote-image'):
            row['remote-image'] = attrs['remote-image']
        self.pull(row)
        return Result()

    def start(self, row) -> None:
        state = row['_state']
        if state in ('running', 'starting'):
            return
        if state == 'extracting':
            raise CommandError('failure: container is not ready yet (extracting)', FAILURE)
        if state == 'error':
            raise CommandError('failure: container image was not extracted', FAILURE)
        if state == 'stopping':
            raise CommandError('failure: container is stopping', FAILURE)
        image = row.get('_image_info') or {}
        if (self.router.release >= (7, 22, 0) and not row.get('cmd') and not row.get('entrypoint')
                and not image.get('cmd') and not image.get('entrypoint')):
            self.router.log('container,error', f'container {self.label(row)}: {NO_COMMAND}')
            raise CommandError(NO_COMMAND, FAILURE)
        self.transition(row, 'starting', START_SECONDS, 'running')

    # --- pulling ----------------------------------------------------------------------

    def pull(self, row) -> None:
        router = self.router
        config = router.menus['/container/config']
        reference = row.get('remote-image', '')
        image = router.catalog.lookup(reference, config.registry())
        row['_image'] = normalize(reference, config.registry())
        row.pop('_error', None)
        row.pop('_arch', None)
        failure, seconds = self.pull_failure(row, image, config)
        if failure:
            self.transition(row, 'extracting', seconds, 'error', error=failure)
            return
        row['_image_info'] = {'cmd': image.cmd, 'entrypoint': image.entrypoint, 'workdir': image.workdir,
                              'env': image.env, 'log': image.log}
        row['_digest'] = image.digest
        row['_size'] = image.size
        row['_arch'] = PLATFORM.get(router.arch, router.arch)
        router.log('container,info', f'container {self.label(row)}: downloading {short_tag(row["_image"])}')
        self.transition(row, 'extracting', image.pull_seconds, 'stopped')

    def pull_failure(self, row, image, config) -> tuple[str | None, float]:
        router = self.router
        injected = router.faults.next_pull_failure()
        if injected:
            return injected, FAIL_FAST_SECONDS
        if image is None:
            return 'download failed: manifest unknown (no such image in registry)', FAIL_FAST_SECONDS
        if image.credentials and config.credentials() != (image.credentials.get('username'),
                                                          image.credentials.get('password')):
            return 'download failed: unauthorized (registry credentials required)', FAIL_FAST_SECONDS
        if not image.supports(router.arch):
            return f'download failed: no image for architecture {router.arch}', FAIL_FAST_SECONDS
        if router.faults.disk_full or image.size > self.free_space(self.on_external_disk(row)):
            return 'no space to extract layer', image.pull_seconds / 2
        return None, 0.0

    # --- time -------------------------------------------------------------------------

    def transition(self, row, state: str, seconds: float, then: str, error: str | None = None) -> None:
        row['_state'] = state
        row['_until'] = self.router.now() + seconds
        row['_next'] = then
        if error:
            row['_pending_error'] = error

    def advance(self) -> None:
        now = self.router.now()
        for row in self.rows:
            while row.get('_until') is not None and now >= row['_until']:
                self.complete(row)

    def complete(self, row) -> None:
        done_at, new_state = row.pop('_until'), row.pop('_next')
        previous, row['_state'] = row['_state'], new_state
        label = self.label(row)
        log = self.router.log
        if new_state == 'error':
            row['_error'] = row.pop('_pending_error', 'download failed')
            log('container,error', f'container {label}: {row["_error"]}')
        elif previous == 'stopping':
            row.pop('_running', None)
            if new_state == 'stopped':
                log('container,info', f'container {label} stopped')
            else:   # restart: stopped, now start again
                row['_state'] = 'stopped'
                self.transition(row, 'starting', START_SECONDS, 'running')
                row['_until'] = done_at + START_SECONDS
        elif previous == 'running' and new_state == 'stopped':
            self.exited(row, row.pop('_exiting', {}))
        elif new_state == 'stopped':
            log('container,info', f'container {label}: image extracted')
        elif new_state == 'running':
            row['_running'] = self.process_config(row)
            for interface in row['_running']['interfaces']:
                self.router.menus['/interface/veth'].assign_macs(interface)
            log('container,info', f'container {label} started')
            if row.get('logging') == 'true':
                for line in (row.get('_image_info') or {}).get('log', []):
                    self.output(row, line, always=False)
            exit_fault = self.router.faults.exit_for(self.router, row)
            if exit_fault is not None:
                # The process ends by itself a moment later (`exits` / `wrong_arch` faults).
                row['_exiting'] = exit_fault
                self.transition(row, 'running', exit_fault['after'], 'stopped')
                row['_until'] = done_at + exit_fault['after']

    def output(self, row, line: str, always: bool = True) -> None:
        """A line the process printed: in /log with logging=yes, in /container/log (7.20+) with
        logging=yes or, for the last words of a process that ended (`always`), regardless."""
        label = self.label(row)
        if row.get('logging') == 'true':
            self.router.log('container', f'{label}: {line}')
        if '/container/log' in self.router.tree and (always or row.get('logging') == 'true'):
            self.router.menus['/container/log'].append(label, line)

    def exited(self, row, exit_fault: dict) -> None:
        row.pop('_running', None)
        for line in exit_fault.get('log', ()):
            self.output(row, line)
        signal = exit_fault.get('signal')
        if signal:
            text = f'terminated by signal {signal}' + (f' ({SIGNAL_TEXT[signal]})' if signal in SIGNAL_TEXT else '')
        else:
            text = f'exited with status {exit_fault.get("status", 1)}'
        row['_exit'] = text
        self.router.log('container,error', f'container {self.label(row)}: {text}')

    def boot(self) -> None:
        """After a reboot: nothing runs; pulls start over; start-on-boot containers start."""
        for row in self.rows:
            row.pop('_running', None)
            if row['_state'] == 'extracting':
                self.pull(row)
            elif row['_state'] in ('running', 'starting', 'stopping'):
                row['_state'] = 'stopped'
                row.pop('_until', None)
                row.pop('_next', None)
        for row in self.rows:
            if row.get('start-on-boot') == 'true' and row['_state'] == 'stopped':
                try:
                    self.start(row)
                except CommandError as failure:
                    self.router.log('container,error', f'container {self.label(row)}: {failure.message}')

    # --- what the process runs with ---------------------------------------------------

    def process_config(self, row) -> dict:
        router = self.router
        image = row.get('_image_info') or {}

        # A set entrypoint replaces the image's, and then the image's cmd is dropped too
        # (Docker's rule; assumed for RouterOS, MODEL.md "cmd and entrypoint").
        entrypoint = split_command(row['entrypoint']) if row.get('entrypoint') else list(image.get('entrypoint') or [])
        if row.get('cmd'):
            cmd = split_command(row['cmd'])
        else:
            cmd = [] if row.get('entrypoint') else list(image.get('cmd') or [])

        env = dict(image.get('env', {}))
        lists = (row.get('envlists') or row.get('envlist') or '').split(',')
        env.update(router.menus['/container/envs'].environment([n for n in lists if n]))
        for pair in (row.get('env') or '').split(','):
            if '=' in pair:
                key, dummy, value = pair.partition('=')
                env[key] = value
        mount_lists = (row.get('mountlists') or row.get('mounts') or '').split(',')
        return {
            'name': self.label(row),
            'image': row.get('_image'),
            'digest': row.get('_digest'),
            'entrypoint': entrypoint,
            'cmd': cmd,
            'argv': entrypoint + cmd,
            'workdir': row.get('workdir') or image.get('workdir', '/'),
            'env': env,
            'mounts': router.menus['/container/mounts'].resolve([n for n in mount_lists if n]),
            'interfaces': [i for i in row.get('interface', '').split(',') if i],
            'hostname': row.get('hostname', ''),
            'dns': row.get('dns', ''),
            'user': row.get('user', ''),
            'root-dir': row.get('root-dir', ''),
        }

    def running_config(self, name: str) -> dict | None:
        for row in self.rows:
            if name in (row.get('name'), row.get('_uuid'), row['.id']):
                return row.get('_running') if row['_state'] in ('running', 'stopping') else None
        return None

    # --- queries from other menus -----------------------------------------------------

    def label(self, row) -> str:
        return row.get('name') or row.get('_uuid', row['.id'])

    def uses_interface(self, name: str) -> bool:
        return any(name in (row.get('interface') or '').split(',')
                   for row in self.rows if row['_state'] in ('running', 'stopping'))

    @staticmethod
    def on_external_disk(row) -> bool:
        # root-dir=disk1/..., usb1/... puts the container on an attached disk, not the flash.
        return bool(EXTERNAL_DISK.match(row.get('root-dir', '')))

    def disk_used(self, external: bool = False) -> int:
        return sum(row.get('_size', 0) for row in self.rows
                   if row.get('_state') != 'error' and self.on_external_disk(row) == external)

    def free_space(self, external: bool) -> int:
        if external:
            return EXTERNAL_DISK_SIZE - self.disk_used(external=True)
        return self.router.disk_total() - self.router.disk_used()

    def memory_current(self) -> int:
        return RUNNING_MEMORY * self.running_count()

    def running_count(self) -> int:
        return sum(1 for row in self.rows if row['_state'] == 'running')
