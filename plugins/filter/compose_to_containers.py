# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

DOCUMENTATION = r"""
name: compose_to_containers
short_description: Turn a docker-compose file's services into a container stack spec
version_added: 1.0.0
description:
  - Converts the C(services) of a docker-compose file into the list the
    R(deploy role,ansible_collections.routeros_fleet.containers.deploy_role) and the
    M(routeros_fleet.containers.stack) module take as C(routeros_containers) / O(routeros_fleet.containers.stack#module:containers).
  - Understood service keys are C(image), C(container_name), C(environment) (list or mapping),
    C(ports), C(volumes), C(tmpfs), C(command), C(entrypoint), C(working_dir), C(user),
    C(hostname), C(domainname), C(dns), C(restart), C(healthcheck), C(stop_signal),
    C(stop_grace_period), C(mem_limit), C(shm_size), C(devices), C(networks)
    (one network, optionally with C(ipv4_address)) and C(depends_on) (which orders the list).
    C(labels), C(expose), C(tty), C(stdin_open) and C(logging) have no meaning on a router and are ignored.
  - Anything RouterOS cannot do (C(build), C(network_mode), several networks, C(cap_add),
    C(env_file), C(${VAR}) substitution, C(privileged), ...) fails with an
    error naming the service and the key, so that nothing is half imported.
options:
  _input:
    description: The compose file, parsed (a mapping with C(services)) or as YAML text.
    type: raw
    required: true
  volume_root:
    description:
      - Router directory that named volumes, anonymous volumes and relative bind mounts are
        placed under, for example V(usb1/compose). Named volume V(db) becomes V(usb1/compose/db).
      - Required when a service uses such a volume.
    type: str
  routeros_version:
    description:
      - RouterOS version of the routers the spec is meant for. When given, options the version
        lacks (healthchecks before 7.22, C(mem_limit) before 7.23, ...) are refused here.
    type: str
author:
  - routeros_fleet.containers contributors (@routeros-fleet)
"""

EXAMPLES = r"""
- name: Deploy a compose file's services to every router
  ansible.builtin.include_role:
    name: routeros_fleet.containers.deploy
  vars:
    routeros_containers: "{{ lookup('ansible.builtin.file', 'compose.yml') | routeros_fleet.containers.compose_to_containers(volume_root='usb1/apps') }}"

- name: Check a compose file against the oldest router of the fleet
  ansible.builtin.debug:
    msg: "{{ compose | routeros_fleet.containers.compose_to_containers(volume_root='usb1', routeros_version='7.16.2') }}"
"""

RETURN = r"""
_value:
  description: One container spec per service, in C(depends_on) order.
  type: list
  elements: dict
  sample:
    - name: web
      image: nginx:1.27
      env: {TZ: UTC}
      ports: ["8080:80"]
      mounts: ["usb1/apps/html:/usr/share/nginx/html:ro"]
      start_on_boot: true
"""

import re
import shlex

from ansible.errors import AnsibleFilterError
from ansible.module_utils.common.text.converters import to_text

try:
    import yaml
except ImportError:  # PyYAML comes with ansible-core; only text input needs it
    yaml = None

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.ports import parse_ports

from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.options import CONTAINER_ARGUMENT_SPEC
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.schema import CONTAINER
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.spec import STACK_CONTAINER_KEYS

# compose key -> container option, copied as text.
_PLAIN_KEYS = {
    'working_dir': 'workdir',
    'user': 'user',
    'hostname': 'container_hostname',
    'domainname': 'domain_name',
    'stop_signal': 'stop_signal',
    'stop_grace_period': 'stop_time',
    'mem_limit': 'memory_max',
    'shm_size': 'shm_size',
}
_HANDLED_KEYS = frozenset(['image', 'container_name', 'environment', 'ports', 'volumes', 'tmpfs', 'command',
                           'entrypoint', 'dns', 'restart', 'healthcheck', 'devices', 'privileged', 'networks',
                           'depends_on']) | frozenset(_PLAIN_KEYS)
# Docker-only metadata with no effect a router could honour or miss.
_IGNORED_KEYS = frozenset(['labels', 'expose', 'tty', 'stdin_open', 'logging'])
# Why the most common unsupported keys cannot be imported; any other unknown key fails too.
_UNSUPPORTED = {
    'build': 'RouterOS cannot build images; build and push it, then give image:',
    'network_mode': 'RouterOS containers always use a veth on the stack\'s bridge',
    'env_file': 'the filter does not read files; put the variables in environment:',
    'cap_add': 'RouterOS has no per-container capabilities',
    'cap_drop': 'RouterOS has no per-container capabilities',
    'security_opt': 'RouterOS has no security options for containers',
    'sysctls': 'RouterOS cannot set sysctls for a container',
    'ulimits': 'RouterOS cannot set ulimits for a container',
    'extra_hosts': 'not supported yet; add the entries with the container option hosts',
    'links': 'links are legacy docker networking; containers reach each other by address',
    'secrets': 'compose secrets are not supported; use environment and the stack\'s secret_env',
    'configs': 'compose configs are not supported; use a mount',
    'deploy': 'swarm deploy settings have no RouterOS equivalent; use mem_limit and restart',
    'scale': 'RouterOS runs one container per entry',
    'pid': 'RouterOS containers have their own PID namespace',
    'ipc': 'RouterOS containers have their own IPC namespace',
    'extends': 'extends is not supported; merge the file first',
    'profiles': 'profiles are not supported; leave inactive services out',
}
# Container option -> the schema field whose existence on a version decides whether it may be used.
_VERSIONED_OPTIONS = {'privileged': 'privileged', 'healthcheck': 'healthcheck_cmd', 'tmpfs': 'tmpfs', 'shm_size': 'shm_size',
                      'memory_max': 'memory_max', 'stop_time': 'stop_time', 'devices': 'devices'}
_VARIABLE_RE = re.compile(r'(?<!\$)\$(\{|[A-Za-z_])')
_RESTART_POLICIES = ('no', 'always', 'on-failure', 'unless-stopped')


class ComposeError(AnsibleFilterError):
    def __init__(self, service, key, message):
        super(ComposeError, self).__init__('compose service %s, key %s: %s' % (service, key, message))


def _text(service, key, value):
    if isinstance(value, (dict, list)):
        raise ComposeError(service, key, 'expected a single value, got a %s' % type(value).__name__)
    text = 'true' if value is True else 'false' if value is False else to_text(value)
    if _VARIABLE_RE.search(text):
        raise ComposeError(service, key, '%r uses compose variable substitution, which this filter does not do; '
                           'use Jinja instead' % text)
    return text.replace('$$', '$')


def _command(service, key, value):
    if isinstance(value, list):
        return shlex.join([_text(service, key, item) for item in value])
    return _text(service, key, value)


def _environment(service, value):
    env = {}
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = []
        for entry in value:
            name, sep, item = _text(service, 'environment', entry).partition('=')
            items.append((name, item if sep else None))
    else:
        raise ComposeError(service, 'environment', 'expected a list of NAME=value or a mapping')
    for name, item in items:
        if item is None:
            raise ComposeError(service, 'environment', '%s has no value; compose would take it from the shell, '
                               'a router has none' % name)
        env[to_text(name)] = _text(service, 'environment.%s' % name, item)
    return env


def _router_path(service, key, source, volume_root, named):
    if named or source.startswith('.') or not source:
        if '..' in source.split('/'):
            raise ComposeError(service, key, '%r leaves the compose directory' % source)
        if not volume_root:
            raise ComposeError(service, key, 'volume %r needs a router directory: pass volume_root, '
                               'e.g. volume_root="usb1/compose"' % (source or '(anonymous)'))
        relative = source[2:] if source.startswith('./') else source.lstrip('.')
        relative = relative.strip('/')
        return '%s/%s' % (volume_root.rstrip('/'), relative or '%s/anonymous' % service)
    if source.startswith('~'):
        raise ComposeError(service, key, '%r is in a home directory; a router has none' % source)
    return source


def _volume(service, index, entry, volume_root):
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
        named = kind == 'volume'
    else:
        parts = _text(service, key, entry).split(':')
        read_only = False
        if len(parts) == 3:
            modes = parts.pop().split(',')
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
    mount = '%s:%s' % (_router_path(service, key, source, volume_root, named), target)
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
            healthcheck[name] = _text(service, 'healthcheck.%s' % name, value[name])
    if value.get('retries') is not None:
        try:
            healthcheck['retries'] = int(value['retries'])
        except (TypeError, ValueError):
            raise ComposeError(service, 'healthcheck.retries', 'expected a number, got %r' % (value['retries'],))
    return healthcheck


def _restart(service, value, container, routeros_version):
    """compose's restart as start_on_boot plus restart_policy, which RouterOS has from 7.20."""
    policy, _sep, retries = _text(service, 'restart', value).partition(':')
    if policy not in _RESTART_POLICIES:
        raise ComposeError(service, 'restart', '%r is not one of %s' % (value, ', '.join(_RESTART_POLICIES)))
    if policy == 'no':
        return
    if policy in ('always', 'unless-stopped'):
        container['start_on_boot'] = True
    if routeros_version:
        resolved = CONTAINER.resolve(routeros_version)
        if not resolved.has('restart_policy') and not resolved.has('auto_restart_interval'):
            # Starting again after a reboot is all these versions can do.
            return
    container['restart_policy'] = 'always' if policy == 'unless-stopped' else policy
    if retries:
        try:
            container['restart_retries'] = int(retries)
        except ValueError:
            raise ComposeError(service, 'restart', '%r: the retry count must be a number' % value)


def _networks(service, value, container):
    names = list(value) if isinstance(value, (dict, list)) else None
    if names is None:
        raise ComposeError(service, 'networks', 'expected a list or mapping of networks')
    if len(names) > 1:
        raise ComposeError(service, 'networks', 'a stack has one container network; %s cannot join %s'
                           % (service, ', '.join(to_text(name) for name in names)))
    if isinstance(value, dict) and names and isinstance(value[names[0]], dict):
        settings = value[names[0]]
        unknown = sorted(set(settings) - {'ipv4_address', 'aliases'})
        if unknown:
            raise ComposeError(service, 'networks.%s.%s' % (names[0], unknown[0]), 'has no RouterOS equivalent')
        if settings.get('ipv4_address'):
            container['address'] = _text(service, 'networks.%s.ipv4_address' % names[0], settings['ipv4_address'])


def _check_version(service, container, routeros_version):
    if not routeros_version:
        return
    resolved = CONTAINER.resolve(routeros_version)
    for option, field_name in sorted(_VERSIONED_OPTIONS.items()):
        if option in container and CONTAINER.has_field(field_name) and not resolved.has(field_name):
            first = CONTAINER.field(field_name).first_version()
            raise ComposeError(service, option, 'needs RouterOS %s or later; the routers run %s'
                               % (first.short if first else '?', routeros_version))


def service_to_container(service, definition, volume_root=None, routeros_version=None):
    """One compose service as one container spec entry."""
    if not isinstance(definition, dict):
        raise ComposeError(service, '(service)', 'expected a mapping')
    for key in definition:
        if key in _UNSUPPORTED:
            raise ComposeError(service, key, _UNSUPPORTED[key])
        if key not in _HANDLED_KEYS and key not in _IGNORED_KEYS:
            raise ComposeError(service, key, 'not supported by this importer')
    if not definition.get('image'):
        raise ComposeError(service, 'image', 'image is required')
    container = {'name': _text(service, 'container_name', definition.get('container_name') or service),
                 'image': _text(service, 'image', definition['image'])}
    if definition.get('environment'):
        container['env'] = _environment(service, definition['environment'])
    if definition.get('ports'):
        ports = [port if isinstance(port, dict) else _text(service, 'ports', port) for port in definition['ports']]
        try:
            parse_ports(ports, 'ports')
        except SpecError as exc:
            raise ComposeError(service, exc.field, exc.message)
        container['ports'] = ports
    mounts, tmpfs = [], []
    for index, entry in enumerate(definition.get('volumes') or []):
        mount, tmp = _volume(service, index, entry, volume_root)
        if mount:
            mounts.append(mount)
        if tmp:
            tmpfs.append(tmp)
    tmpfs.extend(definition.get('tmpfs') if isinstance(definition.get('tmpfs'), list)
                 else [definition['tmpfs']] if definition.get('tmpfs') else [])
    if mounts:
        container['mounts'] = mounts
    if tmpfs:
        container['tmpfs'] = [_text(service, 'tmpfs', item) for item in tmpfs]
    for key in ('command', 'entrypoint'):
        if definition.get(key) not in (None, '', []):
            container['cmd' if key == 'command' else 'entrypoint'] = _command(service, key, definition[key])
    for key, option in _PLAIN_KEYS.items():
        if definition.get(key) not in (None, ''):
            container[option] = _text(service, key, definition[key])
    if definition.get('dns'):
        dns = definition['dns'] if isinstance(definition['dns'], list) else [definition['dns']]
        container['dns'] = [_text(service, 'dns', item) for item in dns]
    if definition.get('devices'):
        container['devices'] = [_text(service, 'devices', item) for item in definition['devices']]
    _restart(service, definition.get('restart') or 'no', container, routeros_version)
    if definition.get('healthcheck'):
        healthcheck = _healthcheck(service, definition['healthcheck'])
        if healthcheck:
            container['healthcheck'] = healthcheck
    if definition.get('privileged'):
        container['privileged'] = True
    if definition.get('networks'):
        _networks(service, definition['networks'], container)
    for option in container:
        if option not in STACK_CONTAINER_KEYS and option not in CONTAINER_ARGUMENT_SPEC:
            compose_key = dict((value, key) for key, value in _PLAIN_KEYS.items()).get(option, option)
            raise ComposeError(service, compose_key, 'the container module has no %s option yet' % option)
    _check_version(service, container, routeros_version)
    return container


def _dependency_order(services):
    """Services sorted so that each comes after what it depends on; file order otherwise."""
    ordered, visiting, done = [], set(), set()

    def visit(name, path):
        if name in done:
            return
        if name in visiting:
            raise ComposeError(name, 'depends_on', 'dependency cycle: %s' % ' -> '.join(path + [name]))
        visiting.add(name)
        depends = services[name].get('depends_on') or [] if isinstance(services[name], dict) else []
        for other in (list(depends) if isinstance(depends, (list, dict)) else [depends]):
            if other not in services:
                raise ComposeError(name, 'depends_on', 'no service named %s' % other)
            visit(other, path + [name])
        visiting.discard(name)
        done.add(name)
        ordered.append(name)

    for name in services:
        visit(name, [])
    return ordered


def compose_to_containers(compose, volume_root=None, routeros_version=None):
    if isinstance(compose, (str, bytes)):
        if yaml is None:
            raise AnsibleFilterError('compose_to_containers: PyYAML is needed to read compose text')
        try:
            compose = yaml.safe_load(compose)
        except yaml.YAMLError as exc:
            raise AnsibleFilterError('compose_to_containers: the compose text is not YAML: %s' % exc)
    if not isinstance(compose, dict) or not isinstance(compose.get('services'), dict) or not compose['services']:
        raise AnsibleFilterError('compose_to_containers: expected a compose file with a services: mapping')
    services = compose['services']
    containers = [service_to_container(to_text(name), services[name], volume_root, routeros_version)
                  for name in _dependency_order(services)]
    names = [container['name'] for container in containers]
    for name in names:
        if names.count(name) > 1:
            raise AnsibleFilterError('compose_to_containers: two services are named %s (container_name)' % name)
    return containers


class FilterModule(object):
    def filters(self):
        return {'compose_to_containers': compose_to_containers}
