# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The run lease on a simulated router: taken atomically, waited for, taken over when expired, given back."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine import lease as lease_module
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.lease import (
    LeaseHeld, acquire, hold, lease_name, plan_under_lease,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.plan import Change, Plan

from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.simulated_session import SimulatorSession

OWNER = 'stack=default'


class Clock(object):
    """Controller time that moves only when the lease code sleeps."""

    def __init__(self, now=1800000000.0):
        self.now = now
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def scripts(session):
    return [row for row in session.rows('/system/script') if row.get('name') == lease_name(OWNER)]


@pytest.mark.parametrize('version', ['7.16.2', '7.24'])
def test_acquire_adds_one_marked_entry_and_release_removes_it(version):
    session = SimulatorSession(version)
    clock = Clock()
    held = acquire(session, OWNER, clock=clock, sleep=clock.sleep)
    [row] = scripts(session)
    assert row['name'] == 'rfc-lease-stack-default'
    assert row['comment'].endswith('[rfc:stack=default#lease]') and 'expires=%d' % (clock.now + 1800) in row['comment']
    held.release()
    assert scripts(session) == []


def test_a_second_run_waits_then_fails_naming_the_holder_and_writes_nothing_else(monkeypatch):
    session = SimulatorSession('7.24')
    clock = Clock()
    with monkeypatch.context() as patched:
        # The first run is another controller's (a lease of this very process would be stale).
        patched.setattr(lease_module, '_holder', lambda: 'awx@other-controller-pid-7')
        first = acquire(session, OWNER, clock=clock, sleep=clock.sleep)
    writes = len(session.writes)
    with pytest.raises(LeaseHeld) as caught:
        acquire(session, OWNER, wait=10, clock=clock, sleep=clock.sleep)
    message = str(caught.value)
    assert 'another run of stack=default is changing this router' in message and 'held by ' in message
    assert 'remove [find name=rfc-lease-stack-default]' in message
    assert sum(clock.sleeps) == 10
    # Only the refused adds were tried: the first run's lease is untouched.
    assert set(call[0] for call in session.writes[writes:]) == {'add'}
    assert len(scripts(session)) == 1
    first.release()
    assert scripts(session) == []


def test_a_lease_given_back_while_waiting_is_taken():
    session = SimulatorSession('7.24')
    clock = Clock()
    first = acquire(session, OWNER, clock=clock, sleep=clock.sleep)

    def sleep(seconds):
        clock.sleep(seconds)
        first.release()

    second = acquire(session, OWNER, wait=60, clock=clock, sleep=sleep)
    assert second.token != first.token and len(scripts(session)) == 1
    first.release()   # a late release of the old lease must not remove the new one
    assert len(scripts(session)) == 1


def test_an_expired_lease_is_taken_over():
    session = SimulatorSession('7.16.2')
    clock = Clock()
    acquire(session, OWNER, clock=clock, sleep=clock.sleep)   # a run that was killed: never released
    clock.now += 1801
    second = acquire(session, OWNER, wait=0, clock=clock, sleep=clock.sleep)
    [row] = scripts(session)
    assert second.token in row['comment']


def test_a_refusal_that_is_not_a_held_lease_takes_no_lease():
    """A user without write rights: the run's own first write fails and names itself."""
    session = SimulatorSession('7.24')
    session.trap_next('/system/script', 'add', 'not enough permissions (9)')
    assert acquire(session, OWNER, wait=0) is None
    assert scripts(session) == []


def test_hold_releases_when_the_session_closes_and_check_mode_only_warns():
    session = SimulatorSession('7.24')
    hold(session, OWNER)
    assert len(scripts(session)) == 1
    writes = len(session.writes)
    assert hold(session, OWNER, check_mode=True) is None
    assert len(session.writes) == writes
    assert [text for text in session.warnings if 'holds the lease' in text]
    session.close()
    assert scripts(session) == []


def test_wait_is_longer_than_a_poll_and_ttl_longer_than_the_wait():
    assert lease_module.POLL_SECONDS < lease_module.WAIT_SECONDS < lease_module.TTL_SECONDS


def test_a_lease_of_an_ended_run_or_of_this_process_is_stale_at_once():
    ended = subprocess.Popen([sys.executable, '-c', 'pass'])
    ended.wait()
    here = socket.gethostname()
    assert lease_module._holder_is_gone('ansible@%s-pid-%d' % (here, ended.pid))
    assert lease_module._holder_is_gone('ansible@%s-pid-%d' % (here, os.getpid()))
    assert not lease_module._holder_is_gone('ansible@%s-pid-%d' % (here, os.getppid()))
    assert not lease_module._holder_is_gone('ansible@another-controller-pid-%d' % ended.pid)
    assert not lease_module._holder_is_gone('someone by hand')


def test_a_plan_that_only_waits_takes_no_lease_and_one_that_writes_does():
    waiting = Plan('r1', [Change('wait', None, label='web', step='wait')])
    session = SimulatorSession('7.24')
    assert waiting and not waiting.writes()
    assert plan_under_lease(session, OWNER, False, [], lambda state: waiting)[1] is waiting
    assert session.writes == [] and scripts(session) == []
    starting = Plan('r1', [Change('command', None, label='web', verb='start')])
    assert starting.writes()
    plan_under_lease(session, OWNER, False, [], lambda state: starting)
    assert len(scripts(session)) == 1
