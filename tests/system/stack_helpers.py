# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Shared by the stack tests on publishing, ownership and changes to a deployed stack.

One simulated fleet per test file, one router per RouterOS version; every test runs on each
router from factory defaults, runs the real module fronts in this process (faults_helpers'
way: AnsibleModule, argument spec, TCP to the simulator) and judges by what the router holds.
"""

from __future__ import annotations

import copy

import pytest

from faults_helpers import api, connection_params, run_module_file, run_stack, start_fleet  # noqa: F401  pylint: disable=unused-import

VERSIONS = ('7.16.2', '7.19.6', '7.24')
MARKER = '[rfc:'


def fleet_fixture(versions=VERSIONS):
    """A module-scoped fixture: one router per version."""
    @pytest.fixture(scope='module')
    def fleet():
        simulated = start_fleet(routers=len(versions), versions=versions)
        yield simulated
        simulated.stop()
    return fleet


def router_fixture(versions=VERSIONS):
    """A fixture parametrised over the routers: the router's name, reset to factory defaults."""
    @pytest.fixture(params=['r%d' % (index + 1) for index in range(len(versions))],
                    ids=list(versions))
    def router(request, fleet):
        fleet.control.fault(request.param, 'clear')
        fleet.control.reset(request.param)
        fleet.control.reset_counters(request.param)
        return request.param
    return router


def run_module(fleet, router, module, **args):
    """Run one of the collection's modules in this process; its result dict (``failed`` set on failure)."""
    params = connection_params(fleet, router)
    params.update(copy.deepcopy(args))
    return run_module_file(module, params)[0]


def deploy(fleet, router, containers, network=None, **params):
    """The stack module once; asserts success."""
    result = run_stack(fleet, router, containers, network, **params)
    assert not result.get('failed'), result.get('msg')
    return result


def refused(fleet, router, containers, network=None, **params):
    """The stack module once; asserts it failed without writing anything; its message."""
    fleet.control.reset_counters(router)
    result = run_stack(fleet, router, containers, network, **params)
    assert result.get('failed'), result.get('actions')
    assert fleet.control.counters(router)['writes'] == {}, fleet.control.counters(router)['writes']
    return result['msg']


def rows(fleet, router, menu):
    return fleet.control.config(router).get(menu, [])


def ours(items, owner=None):
    needle = MARKER if owner is None else '[rfc:stack=%s' % owner
    return [row for row in items if needle in (row.get('comment') or '')]


def env_rows(fleet, router, list_name=None):
    """``(list, key, value)`` of every env row (``name`` holds the list before 7.20)."""
    result = []
    for row in rows(fleet, router, '/container/envs'):
        name = row.get('list') or row.get('name')
        if list_name is None or name == list_name:
            result.append((name, row.get('key'), row.get('value')))
    return sorted(result)


def container_rows(fleet, router):
    return rows(fleet, router, '/container')
