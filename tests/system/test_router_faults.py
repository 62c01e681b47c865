# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Faults real fleets see, from the router's side: the container package gone after a reboot,
a container that starts and exits, an image built for another CPU, a router that reboots
while a stack is half applied. Either a clear error before any write (when it can be known
up front), or a clear error and a re-run that converges once the cause is gone.

The stack module runs in this process against a simulator subprocess over TCP (see
faults_helpers.py); the faults come through the simulator's control API.
"""

from __future__ import annotations


import pytest

from faults_helpers import assert_converged, assert_fails_clearly, assert_ok, containers, run_stack, start_fleet, writes


@pytest.fixture(scope='module')
def fleet():
    simulated = start_fleet(versions=('7.22.3', '7.19.6'), routers=2)
    yield simulated
    simulated.stop()


@pytest.fixture(params=['r1', 'r2'], ids=['7.22.3', '7.19.6'])
def router(fleet, request):
    fleet.control.fault(request.param, 'clear')
    fleet.control.reset(request.param)
    fleet.control.reset_counters(request.param)
    return request.param


@pytest.mark.parametrize('state, explanation', [('missing', 'the container package is not installed'),
                                                ('disabled', 'the container package is installed but disabled')])
def test_container_package_gone_after_a_reboot_fails_before_any_write(fleet, router, state, explanation):
    fleet.control.fault(router, 'container_package', state=state)
    fleet.control.reboot(router)
    fleet.control.reset_counters(router)
    assert_fails_clearly(run_stack(fleet, router), explanation)
    assert writes(fleet, router) == {}
    fleet.control.fault(router, 'container_package', state='installed')
    assert_ok(run_stack(fleet, router))
    assert_converged(fleet, router)


def test_a_container_that_exits_fails_with_its_exit_status_then_converges(fleet, router):
    fleet.control.fault(router, 'exits', image='traefik/whoami', status=3, log=['listen tcp :80: bind: address in use'])
    message = assert_fails_clearly(run_stack(fleet, router), 'app stopped right after it was started',
                                   'exited with status 3')
    assert 'bind: address in use' not in message or 'exited with status 3' in message
    fleet.control.fault(router, 'clear')
    assert_ok(run_stack(fleet, router))
    assert_converged(fleet, router)


def test_an_image_for_another_cpu_pulls_then_fails_with_signal_4(fleet, router):
    fleet.control.fault(router, 'wrong_arch', image='traefik/whoami')
    assert_fails_clearly(run_stack(fleet, router), 'app stopped right after it was started', 'signal 4 (Illegal instruction)')
    config = fleet.control.config(router)
    assert [row for row in config['/container'] if 'whoami' in (row.get('tag') or row.get('repo') or '')]
    fleet.control.fault(router, 'clear')
    assert_ok(run_stack(fleet, router))
    assert_converged(fleet, router)


def test_a_reboot_while_the_stack_is_half_applied_then_a_rerun_converges(fleet, router):
    # How many writes a whole deploy takes, from a clean run on the same router.
    assert_ok(run_stack(fleet, router))
    total = sum(writes(fleet, router).values())
    assert total > 4
    for point in (2, total // 2):
        fleet.control.fault(router, 'clear')
        fleet.control.reset(router)
        fleet.control.fault(router, 'reboot_after', writes=point)
        result = run_stack(fleet, router)
        assert_fails_clearly(result, 'connection dropped by the router')
        assert_ok(run_stack(fleet, router))
        assert_converged(fleet, router)


def test_a_reboot_after_the_deploy_brings_start_on_boot_containers_back(fleet, router):
    spec = containers(app={'start_on_boot': True})
    assert_ok(run_stack(fleet, router, spec))
    fleet.control.reboot(router)
    # Right after the reboot the containers are still starting: the run waits for them
    # (reported as `wait` actions), writes nothing, and the next run has nothing to do.
    fleet.control.reset_counters(router)
    result = assert_ok(run_stack(fleet, router, spec))
    assert writes(fleet, router) == {}, result['actions']
    assert_converged(fleet, router, spec)
