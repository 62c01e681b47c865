# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""One container mount list as a whole: `/container/mounts` rows sharing a list name, keyed by `dst`.

Read-only mounts are `read-only=yes` on 7.20-7.22 and `mode=ro` from 7.23; before 7.20 every
mount is writable, so asking for a read-only one there is refused before any write.

Before 7.21 a mount is an item with a unique `name` and a container lists mount names, not a
list name. There the mounts of list ``L`` are named ``L:<dst>`` (``pihole:/etc/pihole``), and
an existing mount named exactly ``L`` belongs to it too; ``item_names()`` gives what a
container's ``mounts=`` must say.
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.mounts import parse_mounts
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import CONTAINER_MOUNTS, supports
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.checks import check_name
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.ownership import Marker
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.plan import Plan, plan_add, plan_remove, plan_update
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resource import Resource, list_spec

MODE_READ_ONLY = 'ro'
MODE_READ_WRITE = 'rw'


def shares_list_name(version):
    return supports('mounts.shared_list_name', version)


def item_name(list_name, dst, version):
    """The value of the list field for one mount of ``list_name`` on ``version``."""
    return list_name if shares_list_name(version) else '%s:%s' % (list_name, dst)


def rows_of_list(state, list_name):
    """The mounts of a list, on every version (before 7.21: names ``L`` and ``L:<dst>``)."""
    if shares_list_name(state.version):
        return state.find(CONTAINER_MOUNTS, list=list_name)
    prefix = list_name + ':'
    return [row for row in state.rows(CONTAINER_MOUNTS)
            if row.get('list') == list_name or (row.get('list') or '').startswith(prefix)]


def item_names(state, list_name):
    """What a container's `mounts=`/`mountlists=` must list to get every mount of ``list_name``."""
    if shares_list_name(state.version):
        return [list_name] if rows_of_list(state, list_name) else []
    return [row.get('list') for row in rows_of_list(state, list_name)]


def read_only_of(row):
    if 'mode' in row.values:
        return row.get('mode') == MODE_READ_ONLY
    return bool(row.get('read_only'))


def access_fields(state, read_only, host, field):
    """The read-only wish in the router version's own terms."""
    resolved = state.resolve(CONTAINER_MOUNTS)
    if resolved.has('read_only'):
        return {'read_only': read_only}
    if resolved.has('mode'):
        return {'mode': MODE_READ_ONLY if read_only else MODE_READ_WRITE}
    if read_only:
        error = SpecError('read-only mounts need RouterOS 7.20 or later; this router runs %s' % state.version,
                          field=field, host=host)
        raise error
    return {}


class MountList(Resource):
    name = 'mountlist'
    types = (CONTAINER_MOUNTS,)

    def validate(self, params, owner=None):
        name = check_name(params.get('name'), 'name')
        if ':' in name:
            raise SpecError('%r contains ":", which separates the list name from the mount point before RouterOS 7.21'
                            % name, field='name')
        return list_spec(self, name, params, owner, mounts=parse_mounts(params.get('mounts')))

    def plan(self, spec, state):
        plan = Plan(state.host)
        name = spec['name']
        marker = Marker(spec['owner'])
        rows = rows_of_list(state, name)
        by_dst = {}
        for row in rows:
            by_dst.setdefault(row.get('dst'), row)
        wanted_dsts = set(mount.dst for mount in spec['mounts'])

        if spec['state'] == 'absent':
            for row in rows:
                if row.owned_by(spec['owner']) or row.get('dst') in wanted_dsts:
                    plan.append(plan_remove(CONTAINER_MOUNTS, row, '%s:%s' % (name, row.get('dst'))))
                else:
                    plan.warnings.append('mount list %s: kept the mount at %s, which this module did not create'
                                         % (name, row.get('dst')))
            return plan

        for index, mount in enumerate(spec['mounts']):
            label = '%s:%s' % (name, mount.dst)
            wanted = {'src': mount.src}
            wanted.update(access_fields(state, mount.read_only, state.host, 'mounts[%d].read_only' % index))
            row = by_dst.get(mount.dst)
            if row is None:
                wanted.update({'list': item_name(name, mount.dst, state.version), 'dst': mount.dst})
                plan.append(plan_add(state, CONTAINER_MOUNTS, wanted, label, marker=marker))
            else:
                plan.append(plan_update(state, CONTAINER_MOUNTS, row, wanted, label, marker=marker))
        for row in rows:
            dst = row.get('dst')
            label = '%s:%s' % (name, dst)
            if dst in wanted_dsts:
                if by_dst[dst] is not row and row.owned_by(spec['owner']):
                    plan.append(plan_remove(CONTAINER_MOUNTS, row, label))
            elif spec['purge'] and row.owned_by(spec['owner']):
                plan.append(plan_remove(CONTAINER_MOUNTS, row, label))
            elif spec['purge']:
                plan.warnings.append('mount list %s: purge kept the mount at %s, which this module did not create'
                                     % (name, dst))
        return plan

    def report(self, spec, state):
        mounts = []
        for row in rows_of_list(state, spec['name']):
            mounts.append({'src': row.get('src'), 'dst': row.get('dst'), 'read_only': read_only_of(row),
                           'managed': row.owned_by(spec['owner'])})
        return {'name': spec['name'], 'exists': bool(mounts), 'mounts': mounts}
