# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One compose service as one stack container entry (see convert.py for the whole file)."""

from __future__ import annotations

import re

from ansible_collections.routeros_fleet.containers.plugins.module_utils._compose.argv import (
    ArgvError, compose_words, routeros_string,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._compose.variables import (
    Interpolator, VariableError, parse_env_file,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.container import (
    COMPOSE_TEXT_KEYS, CONTAINER, versioned_compose_options,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import CONTAINER_MOUNTS
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.ports import parse_ports
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.version import OLDEST_SUPPORTED

# compose key -> container option, copied as text (the table of container options says which).
PLAIN_KEYS = COMPOSE_TEXT_KEYS
MAPPED_KEYS = frozenset(['image', 'container_name', 'environment', 'env_file', 'ports', 'volumes', 'tmpfs', 'command',
                         'entrypoint', 'dns', 'restart', 'healthcheck', 'devices', 'privileged', 'networks',
                         'network_mode', 'depends_on', 'read_only', 'deploy', 'platform']) | frozenset(PLAIN_KEYS)
# RouterOS architecture-name -> the CPU part of a docker platform (linux/<cpu>[/<variant>]).
DOCKER_CPU = {'arm64': 'arm64', 'arm': 'arm', 'x86_64': 'amd64', 'x86': '386'}
# Keys with no effect a router could honour or miss: accepted, with a note saying why.
HARMLESS = {
    'labels': 'labels are docker metadata; RouterOS containers carry none',
    'annotations': 'annotations are docker metadata; RouterOS containers carry none',
    'expose': 'expose only documents ports; containers on the stack\'s bridge reach each other on every port',
    'tty': 'RouterOS gives containers no terminal; the process runs the same without one',
    'stdin_open': 'RouterOS gives containers no standard input to keep open',
    'logging': 'docker\'s log driver; RouterOS keeps container output in its own log (container option logging)',
    'pull_policy': 'RouterOS pulls the image when the container is created; the stack pulls again when the image changes',
    'attach': 'no terminal attaches to a RouterOS container',
    'develop': 'development watch settings do not apply to a deployment',
}
# Keys RouterOS cannot honour: refused, unless listed in ignore (then the loss is accepted).
LOSSY = {
    'build': 'RouterOS cannot build images; with ignore, the image: given is pulled instead',
    'network_mode': 'RouterOS containers always use a veth on the stack\'s bridge',
    'cap_add': 'RouterOS has no per-container capabilities',
    'cap_drop': 'RouterOS has no per-container capabilities',
    'security_opt': 'RouterOS has no security options for containers',
    'sysctls': 'RouterOS cannot set sysctls for a container',
    'ulimits': 'RouterOS cannot set ulimits for a container',
    'init': 'RouterOS has no init process option; the image\'s entrypoint runs as PID 1',
    'read_only': 'RouterOS cannot make a container\'s root file system read-only',
    'extra_hosts': 'not supported yet; add the entries with the container option hosts',
    'links': 'links are legacy docker networking; containers reach each other by address',
    'external_links': 'links are legacy docker networking; containers reach each other by address',
    'secrets': 'compose secrets are not supported; use environment with secrets: [NAME]',
    'configs': 'compose configs are not supported; use a mount',
    'deploy': 'this swarm deploy setting has no RouterOS equivalent',
    'scale': 'RouterOS runs one container per entry',
    'pid': 'RouterOS containers have their own PID namespace',
    'ipc': 'RouterOS containers have their own IPC namespace',
    'userns_mode': 'RouterOS has no user namespace option',
    'group_add': 'RouterOS has no supplementary group option',
    'cpus': 'RouterOS limits CPUs with cpu_list, not a share',
    'cpu_shares': 'RouterOS has no CPU shares',
    'mem_reservation': 'RouterOS has no memory reservation',
    'memswap_limit': 'RouterOS has no swap limit per container before swap_max',
    'oom_score_adj': 'RouterOS has no OOM score option',
    'dns_search': 'RouterOS has no DNS search domain option; use domainname',
    'dns_opt': 'RouterOS has no resolver options',
    'mac_address': 'RouterOS veths choose their own MAC address',
    'volumes_from': 'name the mounts of the other service instead',
    'gpus': 'RouterOS has no GPU pass-through',
    'runtime': 'RouterOS has one container runtime',
    'profiles': 'profiles are not supported; leave inactive services out',
    'extends': 'extends is not supported; merge the file first (docker compose config)',
}
# Container option -> (compose key, the schema field whose existence on a version decides).
VERSIONED_OPTIONS = versioned_compose_options(OLDEST_SUPPORTED)
# Read-only mounts exist when the mount menu has one of these fields.
READ_ONLY_MOUNT_FIELDS = ('read_only', 'mode')
_RESTART_POLICIES = ('no', 'always', 'on-failure', 'unless-stopped')
# Host paths that hold the docker host's own system, which a router does not have.
_HOST_SYSTEM_PATHS = ('/var/run/', '/run/', '/etc/', '/dev/', '/sys/', '/proc/', '/lib/modules', '/usr/', '/var/lib/docker')
_YAML11_HINT = ('this value looks already read by a YAML 1.1 loader (Ansible\'s from_yaml, include_vars or vars files); '
                'pass the file\'s text instead, e.g. lookup(\'ansible.builtin.file\', \'compose.yml\') | '
                'routeros_fleet.containers.compose_to_containers, or quote the value')


class ComposeError(SpecError):
    """Names the service and the key; a SpecError, so that the stack reports it with the host."""

    def __init__(self, service, key, message, field=None, host=None):
        self.service = service
        self.key = key
        self.reason = message
        text = message if field else 'compose service %s, key %s: %s' % (service, key, message)
        super(ComposeError, self).__init__(text, field=field or 'compose', host=host)

    def with_host(self, host):
        return ComposeError(self.service, self.key, self.message, field=self.field, host=host)


class Context(object):
    """What every service is converted with."""

    def __init__(self, volume_root, routeros_version, ignore, variables, env_files, secret_names, secret_paths,
                 volumes, from_text, notes, architecture=None):
        self.architecture = architecture
        self.volume_root = volume_root
        self.routeros_version = routeros_version
        self.resolved = CONTAINER.resolve(routeros_version) if routeros_version else None
        self.resolved_mounts = CONTAINER_MOUNTS.resolve(routeros_version) if routeros_version else None
        self.ignore = ignore
        self.variables = variables
        self.env_files = env_files
        self.secret_names = secret_names
        self.secret_paths = secret_paths
        self.volumes = volumes if isinstance(volumes, dict) else {}
        self.from_text = from_text
        self.notes = notes
        # (service, container option) -> the compose key it came from, where not the usual one.
        self.sources = {}

    def ignored(self, service, key):
        """Whether the user accepted losing ``key`` (``cap_add``, ``web:cap_add``, ``deploy`` for ``deploy.x``)."""
        parts = _base_key(key).split('.')
        prefixes = ['.'.join(parts[:index]) for index in range(1, len(parts) + 1)]
        return any(prefix in self.ignore or '%s:%s' % (service, prefix) in self.ignore for prefix in prefixes)

    def lossy(self, service, key, reason):
        """Refuse ``key``, or note its loss when the user listed it in ``ignore``."""
        if self.ignored(service, key):
            self.notes.append('service %s, key %s: ignored as asked (ignore), because %s' % (service, key, reason))
            return
        raise ComposeError(service, key, '%s (list %s in ignore to deploy without it)' % (reason, _base_key(key).split('.')[0]))

    def needs_version(self, service, key, first):
        return '%s needs RouterOS %s or later; the router runs %s' % (key, first, self.routeros_version)


def _base_key(key):
    """``volumes[2]`` -> ``volumes``: what ``ignore`` names."""
    return re.sub(r'\[\d+\]', '', key)


def _text(service, key, value):
    if isinstance(value, (dict, list)):
        raise ComposeError(service, key, 'expected a single value, got a %s' % type(value).__name__)
    if value is None:
        return ''
    return 'true' if value is True else 'false' if value is False else str(value)


def _environment_items(service, value):
    if isinstance(value, dict):
        return [(str(name), item) for name, item in value.items()]
    if isinstance(value, list):
        items, seen = [], set()
        for entry in value:
            name, sep, item = _text(service, 'environment', entry).partition('=')
            if name in seen:
                raise ComposeError(service, 'environment.%s' % name, 'given twice; docker compose refuses that too')
            seen.add(name)
            items.append((name, item if sep else None))
        return items
    raise ComposeError(service, 'environment', 'expected a list of NAME=value or a mapping')


def _env_file_names(service, value):
    entries = value if isinstance(value, list) else [value]
    files = []
    for entry in entries:
        if isinstance(entry, dict):
            files.append((_text(service, 'env_file', entry.get('path')), entry.get('required', True) is not False))
        else:
            files.append((_text(service, 'env_file', entry), True))
    return files


def _environment(service, definition, context, container):
    """env_file entries (in order, later files win), then environment: compose's precedence."""
    env, secret = {}, set()
    for file_name, required in _env_file_names(service, definition.get('env_file') or []):
        text = context.env_files.get(file_name)
        if text is None:
            text = context.env_files.get(file_name[2:]) if file_name.startswith('./') else None
        if text is None:
            if not required:
                context.notes.append('service %s, key env_file: %s not given and not required; skipped' % (service, file_name))
                continue
            raise ComposeError(service, 'env_file', '%s is not among the env files given (env_files: {%r: "<its text>"})'
                               % (file_name, file_name))
        interpolate = Interpolator(context.variables)
        try:
            for key, value, quote in parse_env_file(text, file_name):
                if value is None:
                    value = context.variables.get(key)
                    if value is None:
                        context.notes.append('service %s, key env_file: %s in %s has no value and no variable of that '
                                             'name; left unset, as docker compose does' % (service, key, file_name))
                        continue
                elif quote != "'":
                    interpolate.used.clear()
                    value = interpolate(value)
                    if interpolate.used & context.secret_names:
                        secret.add(key)
                env[key] = str(value)
        except VariableError as exc:
            raise ComposeError(service, 'env_file', '%s: %s' % (file_name, exc))
    for name, item in _environment_items(service, definition.get('environment') or []):
        if item is None:
            if context.variables.get(name) is None:
                context.notes.append('service %s, key environment.%s: no value and no variable of that name; '
                                     'left unset, as docker compose does' % (service, name))
                env.pop(name, None)
                continue
            item = context.variables[name]
            if name in context.secret_names:
                secret.add(name)
        env[name] = _text(service, 'environment.%s' % name, item)
        if ('services', service, 'environment', name) in context.secret_paths:
            secret.add(name)
    for index, _entry in enumerate(definition.get('environment') or [] if isinstance(definition.get('environment'), list) else []):
        if ('services', service, 'environment', '[%d]' % index) in context.secret_paths:
            secret.add(_text(service, 'environment', definition['environment'][index]).partition('=')[0])
    secret.update(name for name in env if name in context.secret_names)
    if env:
        container['env'] = env
    if secret & set(env):
        container['secret_env'] = sorted(secret & set(env))


def _named_volume_path(service, key, name, context):
    """A named volume's router directory: volume_root/<name>, or refused when it is not ours to make."""
    if name not in context.volumes:
        raise ComposeError(service, key, 'volume %s is not declared under the top-level volumes:' % name)
    definition = context.volumes[name] or {}
    if not isinstance(definition, dict):
        raise ComposeError(service, key, 'volume %s: expected a mapping' % name)
    if definition.get('external'):
        raise ComposeError(service, key, 'volume %s is external (made outside compose); give its router directory as a '
                           'bind mount instead (/usb1/data:%s)' % (name, '/target'))
    if definition.get('driver_opts') or definition.get('driver') not in (None, 'local'):
        context.lossy(service, 'volumes', 'volume %s uses driver options (NFS, CIFS, ...) the router cannot mount; with '
                      'ignore it becomes a local directory' % name)
    for extra in sorted(set(definition) - {'driver', 'driver_opts', 'name', 'labels', 'external'}):
        raise ComposeError(service, key, 'volume %s: key %s has no RouterOS equivalent' % (name, extra))
    return _under_root(service, key, str(definition.get('name') or name), context)


def _under_root(service, key, relative, context):
    if '..' in relative.split('/'):
        raise ComposeError(service, key, '%r leaves the compose directory' % relative)
    if not context.volume_root:
        raise ComposeError(service, key, 'volume %r needs a router directory: pass volume_root, e.g. volume_root="usb1/compose"'
                           % (relative or '(anonymous)'))
    relative = relative[2:] if relative.startswith('./') else relative.lstrip('.')
    return '%s/%s' % (context.volume_root.rstrip('/'), relative.strip('/') or '%s/anonymous' % service)


def _volume(service, index, entry, context):
    """(mount string or None, tmpfs target or None)."""
    key = 'volumes[%d]' % index
    if isinstance(entry, dict):
        kind = entry.get('type', 'volume')
        if kind == 'tmpfs':
            return None, _text(service, key, entry.get('target'))
        if kind not in ('volume', 'bind'):
            raise ComposeError(service, key, 'volume type %s has no RouterOS equivalent' % kind)
        source = _text(service, key, entry.get('source') or '')
        target = _text(service, key, entry.get('target') or '')
        read_only = bool(entry.get('read_only'))
        named = kind == 'volume' and bool(source)
    else:
        parts = _text(service, key, entry).split(':')
        read_only = False
        if len(parts) == 3:
            modes = parts.pop().split(',')
            unknown = [mode for mode in modes if mode not in ('ro', 'rw', 'z', 'Z', 'cached', 'delegated', 'consistent')]
            if unknown:
                raise ComposeError(service, key, 'mount option %s has no RouterOS equivalent' % unknown[0])
            read_only = 'ro' in modes
        if len(parts) == 1:
            source, target = '', parts[0]
        elif len(parts) == 2:
            source, target = parts
        else:
            raise ComposeError(service, key, '%r is not "source:target[:ro]"' % entry)
        named = bool(source) and not source.startswith(('/', '.', '~'))
    if not target.startswith('/'):
        raise ComposeError(service, key, 'target %r must be an absolute container path' % target)
    if source.startswith('~'):
        raise ComposeError(service, key, '%r is in a home directory; a router has none' % source)
    if source.startswith('/') and (source + '/').startswith(_HOST_SYSTEM_PATHS):
        context.lossy(service, 'volumes', '%s is a path of the docker host\'s own system (%s), which a router does not have'
                      % (key, source))
        return None, None
    if named:
        path = _named_volume_path(service, key, source, context)
    elif not source or source.startswith('.'):
        path = _under_root(service, key, source, context)
    else:
        path = source
    if read_only and context.resolved_mounts is not None and \
            not any(context.resolved_mounts.has(name) for name in READ_ONLY_MOUNT_FIELDS):
        first = min((CONTAINER_MOUNTS.field(name).first_version() for name in READ_ONLY_MOUNT_FIELDS),
                    key=lambda version: version.key)
        context.lossy(service, key, '%s; with ignore it is mounted read-write'
                      % context.needs_version(service, 'a read-only (:ro) mount', first.short))
        read_only = False
    mount = '%s:%s' % (path, target)
    return (mount + ':ro' if read_only else mount), None


def _healthcheck(service, value):
    """compose's healthcheck as the container option of the same name (docker_container's form)."""
    if not isinstance(value, dict):
        raise ComposeError(service, 'healthcheck', 'expected a mapping with test, interval, ...')
    unknown = sorted(set(value) - {'test', 'interval', 'timeout', 'retries', 'start_period', 'start_interval', 'disable'})
    if unknown:
        raise ComposeError(service, 'healthcheck.%s' % unknown[0], 'not a compose healthcheck key')
    test = value.get('test')
    if value.get('disable') or not test or (isinstance(test, list) and test[0] == 'NONE'):
        return None
    if isinstance(test, list):
        if test[0] not in ('CMD', 'CMD-SHELL'):
            raise ComposeError(service, 'healthcheck.test', 'a list test starts with CMD, CMD-SHELL or NONE')
        test = [_text(service, 'healthcheck.test', word) for word in test]
    else:
        test = _text(service, 'healthcheck.test', test)
    healthcheck = {'test': test}
    for name in ('interval', 'timeout', 'start_period', 'start_interval'):
        if value.get(name) is not None:
            healthcheck[name] = _duration(service, 'healthcheck.%s' % name, value[name])
    if value.get('retries') is not None:
        try:
            healthcheck['retries'] = int(value['retries'])
        except (TypeError, ValueError):
            raise ComposeError(service, 'healthcheck.retries', 'expected a number, got %r' % (value['retries'],))
    return healthcheck


def _duration(service, key, value):
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads 1:30 as 90; compose durations are strings such as 1m30s.
        raise ComposeError(service, key, 'a bare number is not a compose duration (1m30s); %s' % _YAML11_HINT)
    return _text(service, key, value)


def _restart(service, value, container, context):
    """compose's restart as start_on_boot plus restart_policy (emulated on 7.20-7.22, 7.23+ native)."""
    policy, _sep, retries = _text(service, 'restart', value).partition(':')
    if policy not in _RESTART_POLICIES:
        raise ComposeError(service, 'restart', '%r is not one of %s' % (value, ', '.join(_RESTART_POLICIES)))
    if policy == 'no':
        return
    if policy in ('always', 'unless-stopped'):
        container['start_on_boot'] = True
    resolved = context.resolved
    if resolved is not None and not resolved.has('restart_policy') and not resolved.has('auto_restart_interval'):
        context.notes.append('service %s, key restart: RouterOS %s starts the container again after a reboot '
                             '(start_on_boot) but cannot restart it when it exits' % (service, context.routeros_version))
        return
    container['restart_policy'] = 'always' if policy == 'unless-stopped' else policy
    if retries:
        try:
            container['restart_retries'] = int(retries)
        except ValueError:
            raise ComposeError(service, 'restart', '%r: the retry count must be a number' % value)


def _networks(service, value, container, context):
    if value is None:
        return
    names = list(value) if isinstance(value, (dict, list)) else None
    if names is None:
        raise ComposeError(service, 'networks', 'expected a list or mapping of networks')
    if len(names) > 1:
        context.lossy(service, 'networks', 'a stack has one container network; %s cannot join %s separately'
                      % (service, ', '.join(str(name) for name in names)))
    if isinstance(value, dict) and names and isinstance(value[names[0]], dict):
        network = names[0]
        settings = value[network]
        for extra in sorted(set(settings) - {'ipv4_address', 'aliases'}):
            context.lossy(service, 'networks.%s.%s' % (network, extra), 'this network setting has no RouterOS equivalent')
        if settings.get('aliases'):
            context.notes.append('service %s, key networks.%s.aliases: ignored, because containers reach each other by '
                                 'address (RouterOS has no container DNS)' % (service, network))
        if settings.get('ipv4_address'):
            container['address'] = _text(service, 'networks.%s.ipv4_address' % network, settings['ipv4_address'])


def _deploy(service, value, container, context):
    if not isinstance(value, dict):
        raise ComposeError(service, 'deploy', 'expected a mapping')
    for key, item in value.items():
        if key == 'resources' and isinstance(item, dict):
            for kind, limits in item.items():
                for name, limit in (limits or {}).items() if isinstance(limits, dict) else []:
                    if kind == 'limits' and name == 'memory':
                        if 'memory_max' not in container:
                            container['memory_max'] = _text(service, 'deploy.resources.limits.memory', limit)
                            context.sources[service, 'memory_max'] = 'deploy.resources.limits.memory'
                    else:
                        context.lossy(service, 'deploy.resources.%s.%s' % (kind, name), LOSSY['deploy'])
        elif key == 'replicas' and str(item) == '1':
            continue
        else:
            context.lossy(service, 'deploy.%s' % key, LOSSY['deploy'])


def _platform(service, value, context):
    """RouterOS pulls the image for the router's own CPU: fine when that is the platform asked for."""
    parts = _text(service, 'platform', value).split('/')
    wanted = parts[1] if len(parts) > 1 else parts[0]
    have = DOCKER_CPU.get(context.architecture or '', context.architecture)
    if context.architecture is None:
        context.notes.append('service %s, key platform: checked against each router\'s architecture when deployed; '
                             'RouterOS pulls the image for its own CPU' % service)
    elif wanted != have:
        context.lossy(service, 'platform', 'the router is %s (docker platform linux/%s), not %s; RouterOS pulls the image '
                      'for its own CPU' % (context.architecture, have, value))
    else:
        context.notes.append('service %s, key platform: ignored, because it matches the router (%s)' % (service, value))


def _command(service, key, value):
    try:
        return routeros_string(compose_words(value))
    except ArgvError as exc:
        raise ComposeError(service, key, str(exc))


def _check_version(service, container, context):
    """Options the router's version lacks: refused, or dropped with a note when ignored."""
    if context.resolved is None:
        return
    for option, (compose_key, field_name) in sorted(VERSIONED_OPTIONS.items()):
        if option in container and not context.resolved.has(field_name):
            first = CONTAINER.field(field_name).first_version()
            compose_key = context.sources.get((service, option), compose_key)
            context.lossy(service, compose_key, context.needs_version(service, compose_key, first.short if first else '?'))
            del container[option]


def _check_yaml11(service, definition, context):
    """Values Ansible's YAML 1.1 loader produces from compose's 1.2 text, when given parsed data."""
    if context.from_text:
        return
    for index, port in enumerate(definition.get('ports') or []):
        if isinstance(port, int) and not isinstance(port, bool) and port > 65535:
            raise ComposeError(service, 'ports[%d]' % index, '%d is not a port; "HOST:CONTAINER" read as base 60 gives '
                               'such numbers: %s' % (port, _YAML11_HINT))
    if isinstance(definition.get('user'), int) and not isinstance(definition.get('user'), bool):
        raise ComposeError(service, 'user', 'is the number %d; "uid:gid" such as 33:33 becomes a number in YAML 1.1: %s'
                           % (definition['user'], _YAML11_HINT))


def service_to_container(service, definition, context):
    """One compose service as one stack container entry."""
    if not isinstance(definition, dict):
        raise ComposeError(service, '(service)', 'expected a mapping')
    _check_yaml11(service, definition, context)
    container = {}
    for key in definition:
        key = str(key)
        if key.startswith('x-'):
            continue
        if key in HARMLESS and key not in MAPPED_KEYS and key not in PLAIN_KEYS:
            context.notes.append('service %s, key %s: ignored, because %s' % (service, key, HARMLESS[key]))
        elif key == 'build':
            if not definition.get('image'):
                raise ComposeError(service, 'build', 'RouterOS cannot build images; build and push it, then give image:')
            context.lossy(service, 'build', LOSSY['build'])
        elif key in LOSSY and key not in MAPPED_KEYS:
            context.lossy(service, key, LOSSY[key])
        elif key not in MAPPED_KEYS:
            raise ComposeError(service, key, 'not a compose service key this importer knows')
    if not definition.get('image'):
        raise ComposeError(service, 'image', 'image is required')
    container['name'] = _text(service, 'container_name', definition.get('container_name') or service)
    container['image'] = _text(service, 'image', definition['image'])
    _environment(service, definition, context, container)
    if definition.get('ports'):
        ports = [port if isinstance(port, dict) else _text(service, 'ports', port) for port in definition['ports']]
        try:
            parse_ports(ports, 'ports')
        except SpecError as exc:
            raise ComposeError(service, exc.field, exc.message)
        container['ports'] = ports
    mounts, tmpfs = [], []
    for index, entry in enumerate(definition.get('volumes') or []):
        mount, tmp = _volume(service, index, entry, context)
        if mount:
            mounts.append(mount)
        if tmp:
            tmpfs.append(tmp)
    tmpfs_value = definition.get('tmpfs')
    tmpfs.extend(tmpfs_value if isinstance(tmpfs_value, list) else [tmpfs_value] if tmpfs_value else [])
    if mounts:
        container['mounts'] = mounts
    if tmpfs:
        container['tmpfs'] = [_text(service, 'tmpfs', item) for item in tmpfs]
    for key in ('entrypoint', 'command'):
        if definition.get(key) not in (None, '', []):
            container['cmd' if key == 'command' else 'entrypoint'] = _command(service, key, definition[key])
    if 'entrypoint' in container and 'cmd' not in container:
        # Docker runs the entrypoint alone; RouterOS appends the image's CMD, which cannot be cleared.
        context.lossy(service, 'entrypoint', 'without command: docker drops the image\'s CMD, RouterOS passes it to the '
                      'entrypoint as arguments; give command: too, or ignore entrypoint if the image has no CMD')
    for key, option in PLAIN_KEYS.items():
        if definition.get(key) not in (None, ''):
            if key == 'stop_grace_period':
                container[option] = _duration(service, key, definition[key])
            else:
                container[option] = _text(service, key, definition[key])
    if definition.get('dns'):
        dns = definition['dns'] if isinstance(definition['dns'], list) else [definition['dns']]
        container['dns'] = [_text(service, 'dns', item) for item in dns]
    if definition.get('devices'):
        container['devices'] = [_text(service, 'devices', item) for item in definition['devices']]
    _restart(service, definition.get('restart') or 'no', container, context)
    if definition.get('healthcheck'):
        healthcheck = _healthcheck(service, definition['healthcheck'])
        if healthcheck:
            container['healthcheck'] = healthcheck
    if definition.get('privileged'):
        container['privileged'] = True
    if definition.get('read_only'):
        context.lossy(service, 'read_only', LOSSY['read_only'])
    mode = definition.get('network_mode')
    if mode not in (None, 'bridge', 'default'):
        context.lossy(service, 'network_mode', '%s (network_mode: %s)' % (LOSSY['network_mode'], mode))
    _networks(service, definition.get('networks'), container, context)
    if definition.get('platform'):
        _platform(service, definition['platform'], context)
    if definition.get('deploy'):
        _deploy(service, definition['deploy'], container, context)
    _check_version(service, container, context)
    return container
