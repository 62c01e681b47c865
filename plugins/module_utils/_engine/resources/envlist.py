# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One container env list as a whole: `/container/envs` rows sharing a list name."""

from __future__ import annotations

import re

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import CONTAINER_ENVS
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.checks import check_name
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.diff import MASK
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.ownership import Marker
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.plan import Plan, plan_add, plan_remove, plan_update
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resource import Resource, list_spec

_ENV_KEY_RE = re.compile(r'^[A-Za-z_][A-Za-z0-9_.-]*$')


def env_value(key, value, field):
    """Env values are strings; YAML turns `yes` into True, so a bare boolean is refused, not guessed."""
    if isinstance(value, bool):
        raise SpecError('the value of %s is the boolean %s; quote it ("%s") to say which text the container gets' % (
            key, value, 'true' if value else 'false'), field=field)
    if value is None:
        raise SpecError('the value of %s is empty (null); give a string, "" for an empty value' % key, field=field)
    if isinstance(value, (dict, list)):
        raise SpecError('the value of %s must be a string, not a %s' % (key, type(value).__name__), field=field)
    return str(value)


def validate_env(env, field='env'):
    canonical = {}
    for key, value in (env or {}).items():
        key = str(key)
        if not _ENV_KEY_RE.match(key):
            raise SpecError('%r is not a valid environment variable name (letters, digits, _ . -; not starting with a digit)'
                            % key, field='%s.%s' % (field, key))
        canonical[key] = env_value(key, value, '%s.%s' % (field, key))
    return canonical


class EnvList(Resource):
    name = 'envlist'
    types = (CONTAINER_ENVS,)

    def validate(self, params, owner=None):
        name = check_name(params.get('name'), 'name')
        env = validate_env(params.get('env'))
        secret_keys = frozenset(str(key) for key in (params.get('secret_keys') or ()))
        return list_spec(self, name, params, owner, env=env, secret_keys=secret_keys)

    def plan(self, spec, state):
        plan = Plan(state.host)
        name = spec['name']
        marker = Marker(spec['owner'])
        rows = state.find(CONTAINER_ENVS, list=name)
        by_key = {}
        for row in rows:
            by_key.setdefault(row.get('key'), row)

        def secrets(key):
            return ('value',) if key in spec['secret_keys'] else ()

        if spec['state'] == 'absent':
            for row in rows:
                key = row.get('key')
                if row.owned_by(spec['owner']) or key in spec['env']:
                    plan.append(plan_remove(CONTAINER_ENVS, row, '%s/%s' % (name, key), secrets(key)))
                else:
                    plan.warnings.append('env list %s: kept %s, which this module did not create (name it in env to remove it)'
                                         % (name, key))
            return plan

        for key, value in spec['env'].items():
            label = '%s/%s' % (name, key)
            row = by_key.get(key)
            if row is None:
                plan.append(plan_add(state, CONTAINER_ENVS, {'list': name, 'key': key, 'value': value}, label,
                                     marker=marker, secret_keys=secrets(key)))
            else:
                plan.append(plan_update(state, CONTAINER_ENVS, row, {'value': value}, label, marker=marker,
                                        secret_keys=secrets(key)))
        for row in rows:
            key = row.get('key')
            label = '%s/%s' % (name, key)
            if key in spec['env']:
                if by_key[key] is not row and row.owned_by(spec['owner']):
                    # A duplicate of a key we manage, left by an interrupted run: the first row wins.
                    plan.append(plan_remove(CONTAINER_ENVS, row, label, secrets(key)))
            elif spec['purge'] and row.owned_by(spec['owner']):
                plan.append(plan_remove(CONTAINER_ENVS, row, label, secrets(key)))
            elif spec['purge']:
                plan.warnings.append('env list %s: purge kept %s, which this module did not create' % (name, key))
        return plan

    def report(self, spec, state):
        env = {}
        unmanaged = []
        for row in state.find(CONTAINER_ENVS, list=spec['name']):
            key = row.get('key')
            if key in env:
                continue
            value = row.get('value')
            env[key] = MASK if key in spec['secret_keys'] and value else value
            if not row.owned_by(spec['owner']):
                unmanaged.append(key)
        return {
            'name': spec['name'],
            'exists': bool(env),
            'env': env,
            'secret_keys': sorted(spec['secret_keys']),
            'unmanaged_keys': sorted(unmanaged),
        }
