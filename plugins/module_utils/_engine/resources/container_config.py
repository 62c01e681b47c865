# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The router-wide container settings in `/container/config`: registry, credentials, disk, memory.

RouterOS never prints the registry password, so it cannot be compared: it is sent when the
registry or user name changes (``update_password: on_change``), or on every run with
``update_password: always``.
"""

from __future__ import annotations

import re

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema import normalize
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import CONTAINER_CONFIG
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.checks import check_choice, parse
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.diff import mask
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.plan import Change, Plan, wanted_attrs
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resource import Resource
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.state import Row

_SIZE_FIELDS = ('memory_high', 'memory_max', 'swap_max')
_PATH_FIELDS = ('tmpdir', 'layer_dir')
_PLAIN_FIELDS = ('registry_url', 'username')


def validate_config(params):
    """Module options (``registry_username``, ``registry_password``...) -> canonical field values."""
    spec = {}
    registry_url = params.get('registry_url')
    if registry_url is not None:
        registry_url = str(registry_url).strip()
        if registry_url and not re.match(r'^https?://[^/\s]+', registry_url):
            raise SpecError('%r is not a registry URL such as https://registry-1.docker.io' % registry_url,
                            field='registry_url')
        spec['registry_url'] = registry_url
    if params.get('registry_username') is not None:
        spec['username'] = str(params['registry_username'])
    if params.get('registry_password') is not None:
        spec['password'] = str(params['registry_password'])
    for name in _PATH_FIELDS:
        if params.get(name) is not None:
            spec[name] = normalize.normalize_path(params[name])
    for name in _SIZE_FIELDS:
        if params.get(name) is not None:
            spec[name] = parse(normalize.parse_size, params[name], name)
    return spec


class ContainerConfig(Resource):
    name = 'container_config'
    types = (CONTAINER_CONFIG,)

    def validate(self, params, owner=None):
        return {
            'values': validate_config(params),
            'update_password': check_choice(params.get('update_password') or 'on_change', ('always', 'on_change'),
                                            'update_password'),
        }

    def _current(self, state):
        rows = state.rows(CONTAINER_CONFIG)
        return rows[0] if rows else Row(None, {})

    def plan(self, spec, state):
        plan = Plan(state.host)
        resolved = state.resolve(CONTAINER_CONFIG)
        current = self._current(state)
        before = {}
        after = {}
        for name, value in spec['values'].items():
            resolved.require(name, host=state.host)
            if name == 'password':
                continue
            if current.values.get(name, CONTAINER_CONFIG.field(name).default) != value:
                before[name] = current.values.get(name)
                after[name] = value
        if 'password' in spec['values']:
            if spec['update_password'] == 'always' or 'registry_url' in after or 'username' in after:
                before['password'] = None
                after['password'] = spec['values']['password']
        if not after:
            return plan
        plan.append(Change('set', CONTAINER_CONFIG, item_id=None, label='', before=before, after=after,
                           attrs=wanted_attrs(resolved, after, state.host), secret_keys=('password',)))
        return plan

    def report(self, spec, state):
        values = dict(self._current(state).values)
        values.pop('password', None)
        return mask(values, ('password',), CONTAINER_CONFIG)
