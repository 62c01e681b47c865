# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Containers as the router has them, in the container module's own option names.

``describe_container`` returns facts (id, status, health, env values, mounts, addresses, port
forwards) beside ``options``: exactly the container module's options, so they can be fed back
as desired state. ``state`` is ``started``/``stopped``, durations and sizes are shown the
RouterOS way, the restart settings of every version come back as ``restart_policy``/
``restart_interval``, and health checks as the ``healthcheck`` dict. Secret env values are masked.
"""

from __future__ import annotations

import re

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.diff import MASK
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.ownership import unquote
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.mountlist import read_only_of, rows_of_list
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container import mountlist_names
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources import container_status as cs
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.container import (
    CONTAINER, HEALTHCHECK_FIELDS, PLAIN_OPTIONS, containers_have_names,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema import normalize
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import (
    CONTAINER_ENVS, CONTAINER_MOUNTS, FIREWALL_NAT, VETH,
)

# Env keys masked unless the caller says otherwise: the usual names of credentials.
DEFAULT_SECRET_PATTERN = re.compile(r'PASSWORD|PASSWD|SECRET|TOKEN|KEY', re.IGNORECASE)

INFO_TYPES = (CONTAINER, CONTAINER_ENVS, CONTAINER_MOUNTS, VETH, FIREWALL_NAT)


def is_secret(key, secret_keys=()):
    return key in secret_keys or bool(DEFAULT_SECRET_PATTERN.search(key))


def _shown(key, value):
    if value is None or value == '' or value == []:
        return None
    return normalize.kind(CONTAINER.field(key).kind).show(value)


def container_name(row, version):
    """The name users know: the settable name where the version has one, else the one in our marker,
    else the UUID."""
    if containers_have_names(version) or row.marker is None:
        return row.raw.get('name')
    owner = row.marker.key or row.marker.owner.partition('=')[2]
    return unquote(owner)


def _restart(values, resolved):
    if resolved.has('restart_policy'):
        policy = values.get('restart_policy')
        result = {'restart_policy': policy or None}
        if values.get('restart_interval'):
            result['restart_interval'] = _shown('restart_interval', values['restart_interval'])
        if values.get('restart_max_count'):
            result['restart_retries'] = values['restart_max_count']
        return result
    if resolved.has('auto_restart_interval'):
        interval = values.get('auto_restart_interval')
        if interval:
            return {'restart_policy': 'always', 'restart_interval': _shown('auto_restart_interval', interval)}
        return {'restart_policy': 'no'}
    return {}


def describe_container(row, state, secret_keys=()):
    """One container row (an engine Row of CONTAINER) with its lists and port forwards."""
    version = state.version
    resolved = CONTAINER.resolve(version)
    current = cs.ContainerStatus(row)
    values = row.values
    name = container_name(row, version)
    options = {
        'name': name,
        'state': 'started' if current.running else 'stopped',
        'comment': row.user_comment or None,
    }
    # Options copied one to one onto their field are shown back the same way, where the version has them.
    for key in PLAIN_OPTIONS:
        if resolved.has(key):
            options[key] = _shown(key, values.get(key))
    mount_lists = mountlist_names.collapse(values.get('mountlist'), state) if state.has_type(CONTAINER_MOUNTS) else values.get('mountlist')
    if resolved.has('mountlist'):
        options['mountlist'] = mount_lists or None
    if current.image:
        options['image'] = current.image
    options.update(_restart(values, resolved))
    if resolved.has('healthcheck_cmd') and values.get('healthcheck_cmd'):
        options['healthcheck'] = dict((option, _shown(key, values.get(key))) for option, key in HEALTHCHECK_FIELDS
                                      if values.get(key) not in (None, ''))
    described = {
        'name': name,
        'id': row.id,
        'status': current.status,
        'health': current.health,
        'reason': current.reason,
        'managed': row.marker is not None,
        # Exactly the container module's options: feed them back as desired state.
        'options': dict((key, value) for key, value in options.items() if value is not None),
    }
    described = dict((key, value) for key, value in described.items() if value is not None)

    env = {}
    if state.has_type(CONTAINER_ENVS):
        for list_name in values.get('envlist') or []:
            for env_row in state.find(CONTAINER_ENVS, list=list_name):
                key = env_row.get('key')
                value = env_row.get('value')
                env.setdefault(list_name, {})[key] = MASK if is_secret(key, secret_keys) and value else value
    described['env'] = env
    mounted = []
    if state.has_type(CONTAINER_MOUNTS):
        held = set(values.get('mountlist') or [])
        for list_name in mount_lists or []:
            for mount_row in rows_of_list(state, list_name):
                if mount_row.get('list') not in held and list_name not in held:
                    continue    # before 7.21: an item of the list this container does not name
                mounted.append({'src': '/' + (mount_row.get('src') or '').lstrip('/'),
                                'dst': '/' + (mount_row.get('dst') or '').lstrip('/'),
                                'read_only': read_only_of(mount_row), 'list': list_name})
    described['mounts'] = mounted
    described['addresses'], described['port_forwards'] = _network(values.get('interface') or [], state)
    return described


def _network(interfaces, state):
    addresses = []
    if state.has_type(VETH):
        for name in interfaces:
            veth = state.first(VETH, name=name)
            if veth is not None:
                addresses.extend(address.split('/')[0] for address in veth.get('address') or [])
    forwards = []
    if addresses and state.has_type(FIREWALL_NAT):
        for nat in state.rows(FIREWALL_NAT):
            to_address = (nat.get('to_addresses') or '').split('/')[0]
            if nat.get('chain') == 'dstnat' and nat.get('action') == 'dst-nat' and to_address in addresses:
                forwards.append(dict((key, value) for key, value in (
                    ('protocol', nat.get('protocol') or None), ('dst_port', nat.get('dst_port') or None),
                    ('to_addresses', to_address), ('to_ports', nat.get('to_ports') or None),
                    ('in_interface_list', nat.get('in_interface_list') or None),
                    ('in_interface', nat.get('in_interface') or None),
                    ('dst_address', nat.get('dst_address') or None),
                    ('disabled', nat.disabled), ('comment', nat.user_comment or None)) if value is not None))
    return addresses, forwards


def describe_router(session):
    """Version, architecture, container package and device-mode: what decides what can run."""
    package, mode = session.container_support()
    return {
        'host': session.host,
        'identity': session.identity,
        'version': str(session.version),
        'architecture': session.architecture,
        'container_package': None if package is None else {
            'version': package.get('version'), 'disabled': package.get('disabled') in ('true', 'yes')},
        'device_mode': dict((key, value) for key, value in mode.items() if not key.startswith('.')),
        'containers_allowed': package is not None and package.get('disabled') not in ('true', 'yes')
        and mode.get('container') in ('yes', 'true'),
    }
