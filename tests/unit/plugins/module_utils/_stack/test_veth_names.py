# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Veth names: derived short names for long container names, and a deployed veth kept."""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.state import RouterState
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.container import CONTAINER
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import INTERFACE_LIST, VETH
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.planner import object_types, plan_stack
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.spec import derived_veth_name, parse_stack

KUMA = {'name': 'uptime-kuma', 'image': 'louislam/uptime-kuma:1'}


def state_with(rows, version='7.24'):
    all_rows = dict((object_type, []) for object_type in object_types())
    all_rows[INTERFACE_LIST] = [{'.id': '*3', 'name': 'WAN'}, {'.id': '*4', 'name': 'LAN'}]
    all_rows.update(rows)
    return RouterState.from_rows('r1', version, all_rows)


def veth_names(plan):
    return [item.name for item in plan.objects if item.kind == 'veth']


def test_a_long_name_gets_a_derived_veth_on_an_empty_router():
    plan = plan_stack(parse_stack({'containers': [KUMA]}), state_with({}))
    assert veth_names(plan) == [derived_veth_name('uptime-kuma')]
    assert len(derived_veth_name('uptime-kuma')) <= 15
    assert derived_veth_name('uptime-kuma') == derived_veth_name('uptime-kuma')
    assert derived_veth_name('uptime-kuma', 'other') != derived_veth_name('uptime-kuma')


def test_the_veth_the_container_already_uses_is_kept():
    # Derived on an earlier run, when a clash with another container's name moved it (salt 1).
    earlier = derived_veth_name('uptime-kuma', salt=1)
    assert earlier != derived_veth_name('uptime-kuma')
    rows = {
        VETH: [{'.id': '*11', 'name': earlier, 'address': '172.17.0.30/24', 'gateway': '172.17.0.1',
                'comment': '[rfc:stack=default]'}],
        CONTAINER: [{'.id': '*19', 'name': 'uptime-kuma', 'tag': 'docker.io/louislam/uptime-kuma:1', 'interface': earlier,
                     'running': 'true', 'comment': '[rfc:stack=default#uptime-kuma]'}],
    }
    plan = plan_stack(parse_stack({'containers': [KUMA]}), state_with(rows))
    assert veth_names(plan) == [earlier]
    assert plan.addresses['uptime-kuma'] == '172.17.0.30'
    assert not any(change.action == 'remove' for item in plan.objects for change in item.plan.changes)


def test_a_veth_that_is_not_ours_is_not_taken_over():
    rows = {
        VETH: [{'.id': '*11', 'name': 'veth-kuma', 'address': '172.17.0.30/24', 'gateway': '172.17.0.1', 'comment': 'by hand'}],
        CONTAINER: [{'.id': '*19', 'name': 'uptime-kuma', 'tag': 'docker.io/louislam/uptime-kuma:1', 'interface': 'veth-kuma',
                     'running': 'true', 'comment': '[rfc:stack=default#uptime-kuma]'}],
    }
    plan = plan_stack(parse_stack({'containers': [KUMA]}), state_with(rows))
    assert veth_names(plan) == [derived_veth_name('uptime-kuma')]
