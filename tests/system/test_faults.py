# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Faults in the middle of a deploy: the run fails (or retries) with a clear message,
the next run converges, nothing is left orphaned and nothing we did not create is touched.

The stack module runs in this process against a simulator subprocess over TCP; faults come
through the simulator's control API. Drop points are derived from the counters of a clean
run, not hard-coded, so they stay right when the read phase gains or loses a print.
"""

from __future__ import annotations

import threading
import time

import pytest

from faults_helpers import (
    CONTAINERS, assert_converged, assert_fails_clearly, assert_nothing_orphaned, assert_ok, api, containers, hand_made, ours,
    run_stack, running,
    snapshot_theirs, start_fleet, writes,
)


@pytest.fixture(scope='module')
def fleet():
    simulated = start_fleet()
    yield simulated
    simulated.stop()


@pytest.fixture
def router(fleet):
    """r1 at factory defaults with a few hand-made objects; the snapshot of what is not ours."""
    fleet.control.fault('r1', 'clear')
    fleet.control.reset('r1')
    hand_made(fleet)
    # Taken before the first deploy of the test: no run of the test may touch these rows.
    fleet.theirs = snapshot_theirs(fleet)
    fleet.control.reset_counters('r1')
    return fleet


# Read while connecting (system, container support) and by the run lease: not the router's state.
NOT_STATE_MENUS = ('/system/resource', '/system/identity', '/system/package', '/system/device-mode', '/system/script')


def read_sentences(fleet, containers_spec=None):
    """Sentences a writing run spends before the plan's first write, counted on a check-mode run.

    A check-mode run sends the login, the reads and one look at the run lease (_engine/lease.py).
    A writing run sends the lease add instead of that look, then reads the router's state again
    under the lease before its first write: one more print per state menu.
    """
    fleet.control.reset_counters('r1')
    assert_ok(run_stack(fleet, containers_spec=containers_spec, check=True))
    counters = fleet.control.counters('r1')
    assert counters['writes'] == {}
    state_prints = sum(count for command, count in counters['commands'].items()
                       if command.endswith(' print') and command.split(' ')[0] not in NOT_STATE_MENUS)
    return counters['sentences'] + state_prints


def clean_actions(fleet):
    """The actions of a deploy from factory defaults (the order every write happens in)."""
    return assert_ok(run_stack(fleet, check=True))['actions']


def assert_theirs_untouched(fleet, before=None):
    before = fleet.theirs if before is None else before
    after = snapshot_theirs(fleet)
    for menu, rows in before.items():
        assert after[menu] == rows, menu


# -- connection dropped ------------------------------------------------------------------

DROP_POINTS = {
    # name: (spec index of the first write that must NOT happen, or a callable of the actions)
    'at the first write (network)': lambda actions: 0,
    'between two env keys': lambda actions: actions.index('add /container/envs web/API_TOKEN'),
    'on the container add': lambda actions: actions.index('pull /container web'),
    'right after the container add': lambda actions: actions.index('pull /container web') + 1,
}


@pytest.mark.parametrize('point', sorted(DROP_POINTS))
def test_connection_dropped_during_a_first_deploy(router, point):
    fleet = router
    actions = clean_actions(fleet)
    reads = read_sentences(fleet)
    served = reads + DROP_POINTS[point](actions)
    fleet.control.reset_counters('r1')
    fleet.control.fault('r1', 'drop_after', sentences=served)

    failed = run_stack(fleet)
    assert_fails_clearly(failed)
    assert failed.get('failed_change') or failed.get('not_applied'), failed['msg']
    counters = fleet.control.counters('r1')
    # The drop ended the run: no second login, no command sent again after it.
    assert counters['logins'] == 1 and counters['sentences'] == served, counters

    converged = assert_ok(run_stack(fleet))
    assert converged['changed'] is True
    assert_converged(fleet)
    assert_theirs_untouched(fleet)


def test_connection_dropped_between_nat_changes(router):
    fleet = router
    assert_ok(run_stack(fleet))
    moved = containers(web={'ports': ['8082:80', '8443:443']}, app={'ports': ['8001:80']})
    plan = assert_ok(run_stack(fleet, containers_spec=moved, check=True))
    nat_writes = [action for action in plan['actions'] if '/ip/firewall/nat' in action]
    assert len(nat_writes) >= 2 and len(nat_writes) == len(plan['actions']), plan['actions']
    reads = read_sentences(fleet, moved)
    fleet.control.fault('r1', 'drop_after', sentences=reads + 1)

    failed = run_stack(fleet, containers_spec=moved)
    assert_fails_clearly(failed)
    assert failed['applied'] == nat_writes[:1], failed['applied']

    assert_ok(run_stack(fleet, containers_spec=moved))
    assert_converged(fleet, containers_spec=moved)
    assert_theirs_untouched(fleet)


# -- reboots -------------------------------------------------------------------------------

@pytest.fixture(scope='module')
def slow_fleet():
    """Real time, so the router can be rebooted while it pulls (nginx: 8 s) or stops a container (2 s)."""
    simulated = start_fleet(time_scale=1)
    yield simulated
    simulated.stop()


def run_in_background(fleet, **kwargs):
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.update(result=run_stack(fleet, **kwargs)), daemon=True)
    thread.start()
    return thread, outcome


def wait_for_row(fleet, menu, predicate, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for row in fleet.control.config('r1')[menu]:
            if predicate(row):
                return row
        time.sleep(0.05)
    raise AssertionError('no row of %s reached the awaited state in %ss' % (menu, timeout))


def test_router_rebooted_during_an_image_pull(slow_fleet):
    fleet = slow_fleet
    fleet.control.reset('r1')
    thread, outcome = run_in_background(fleet)
    wait_for_row(fleet, '/container', lambda row: row.get('name') in ('web', 'web.next') and row.get('extracting') == 'true')
    fleet.control.reboot('r1')
    thread.join(60)
    assert not thread.is_alive(), 'the module hung after the reboot'
    assert_fails_clearly(outcome['result'])

    assert_ok(run_stack(fleet))
    assert_converged(fleet)


def test_router_rebooted_while_a_container_stops_for_a_change(slow_fleet):
    fleet = slow_fleet
    fleet.control.reset('r1')
    assert_ok(run_stack(fleet))
    changed = containers(web={'env': {'MODE': 'maintenance', 'API_TOKEN': CONTAINERS[0]['env']['API_TOKEN']}})
    thread, outcome = run_in_background(fleet, containers_spec=changed)
    wait_for_row(fleet, '/container', lambda row: row.get('name') == 'web' and row.get('stopping') == 'true')
    fleet.control.reboot('r1')
    thread.join(60)
    assert not thread.is_alive(), 'the module hung after the reboot'
    assert_fails_clearly(outcome['result'])

    assert_ok(run_stack(fleet, containers_spec=changed))
    assert_converged(fleet, containers_spec=changed)
    process = running(fleet, 'r1', 'web')
    assert process is not None and process['env'].get('MODE') == 'maintenance', process


# -- image pulls that fail on an update ----------------------------------------------------

PULL_FAILURES = {
    'unknown image': ({'image': 'nginx:no-such-tag'}, None, 'manifest unknown'),
    'wrong architecture': ({'image': 'homeassistant/home-assistant:stable'}, None, 'architecture'),
    'disk full': ({'image': 'nginx:1.27-alpine'}, {'kind': 'disk_full', 'on': True}, 'no space to extract layer'),
    'registry says no': ({'image': 'nginx:1.27-alpine'}, {'kind': 'fail_next_pull', 'reason': 'download failed: TLS handshake timeout'},
                         'TLS handshake timeout'),
    'registry credentials wrong': ({'image': 'ghcr.io/acme/telemetry-agent:2.3'}, None, 'unauthorized'),
}


@pytest.mark.parametrize('case', sorted(PULL_FAILURES))
def test_a_failed_pull_keeps_the_old_container_running(router, case):
    fleet = router
    extra = {}
    if case == 'registry credentials wrong':
        extra['config'] = {'username': 'acme-bot', 'password': 'not-the-token'}
    assert_ok(run_stack(fleet, **extra))
    old = fleet.control.running('r1', 'web')
    assert old is not None
    change, fault, expected = PULL_FAILURES[case]
    if fault:
        fleet.control.fault('r1', fault.pop('kind'), **fault)
    updated = containers(web=change)

    failed = run_stack(fleet, containers_spec=updated, **extra)
    message = assert_fails_clearly(failed, 'web', expected)
    assert 'not-the-token' not in failed['_raw']
    assert fleet.control.running('r1', 'web') == old, 'the old web container stopped or changed: ' + message
    fleet.control.fault('r1', 'clear')
    # Nothing half-made is left: the next run of the old spec changes nothing.
    assert_converged(fleet)
    theirs = dict(fleet.theirs)
    if extra:
        # The stack was asked to manage the registry credentials: /container/config is ours then.
        theirs.pop('/container/config')
    assert_theirs_untouched(fleet, theirs)


def test_registry_credentials_of_the_stack_reach_the_router(router):
    fleet = router
    private = [{'name': 'agent', 'image': 'ghcr.io/acme/telemetry-agent:2.3'}]
    result = run_stack(fleet, containers_spec=private, config={'username': 'acme-bot', 'password': 'ghp-sim-token'})
    assert fleet.control.config('r1')['/container/config'][0]['username'] == 'acme-bot'
    assert_ok(result)
    assert fleet.control.running('r1', 'agent') is not None


# -- slowness -----------------------------------------------------------------------------

def test_an_api_slower_than_the_timeout_fails_in_bounded_time(router):
    fleet = router
    fleet.control.fault('r1', 'latency', ms=4000)
    started = time.monotonic()
    failed = run_stack(fleet, timeout=1)
    elapsed = time.monotonic() - started
    fleet.control.fault('r1', 'clear')
    assert_fails_clearly(failed, 'timed out')
    assert elapsed < 10, elapsed
    assert writes(fleet) == {}


def test_a_slow_but_timely_api_still_converges(router):
    fleet = router
    fleet.control.fault('r1', 'latency', ms=150)
    try:
        assert_ok(run_stack(fleet, timeout=3))
    finally:
        fleet.control.fault('r1', 'clear')
    assert_converged(fleet)


# -- a trap in the middle of a plan ----------------------------------------------------------

TRAPS = {
    # menu, verb: the object whose step traps (the first such write of a deploy)
    ('/ip/firewall/nat', 'add'): 'network containers',
    ('/container/envs', 'add'): 'container web',
    ('/container', 'start'): 'container web',
}


@pytest.mark.parametrize('menu, verb', sorted(TRAPS))
def test_a_trap_mid_plan_reports_exactly_what_was_applied(router, menu, verb):
    fleet = router
    actions = clean_actions(fleet)
    first = [index for index, action in enumerate(actions) if action.startswith('%s %s ' % (verb, menu))][0]
    assert first > 0
    fleet.control.fault('r1', 'trap_next', menu=menu, verb=verb, message='failure: simulated trap')

    failed = run_stack(fleet)
    assert_fails_clearly(failed, 'failure: simulated trap', actions[first])
    assert failed['applied'] == actions[:first], failed['applied']
    assert failed['failed_change'].startswith(TRAPS[(menu, verb)]), failed['failed_change']
    assert failed['not_applied'] and 'container app' in failed['not_applied'], failed['not_applied']
    assert not ours(fleet.control.config('r1')['/ip/firewall/nat'])[1:], 'a port forward was added after the trap'

    assert_ok(run_stack(fleet))
    assert_converged(fleet)
    assert_theirs_untouched(fleet)


# -- hand edits between runs -------------------------------------------------------------------

def _row(config, menu, **match):
    rows = [row for row in config[menu] if all(row.get(key) == value for key, value in match.items())]
    assert len(rows) == 1, (menu, match, rows)
    return rows[0]


def test_hand_edits_are_repaired_and_hand_made_objects_left_alone(router):
    fleet = router
    assert_ok(run_stack(fleet))
    config = fleet.control.config('r1')
    connection = api(fleet)
    try:
        web = _row(config, '/container', name='web')
        tuple(connection.path('container')('stop', **{'.id': web['.id']}))
        mode = _row(config, '/container/envs', key='MODE')
        connection.path('container', 'envs').update(**{'.id': mode['.id'], 'value': 'edited-by-hand'})
        forward = _row(config, '/ip/firewall/nat', **{'dst-port': '8000'})
        connection.path('ip', 'firewall', 'nat').remove(forward['.id'])
        connection.path('ip', 'firewall', 'nat').add(**{'chain': 'dstnat', 'action': 'dst-nat', 'protocol': 'udp', 'dst-port': '5353',
                                                        'to-addresses': '172.17.0.250', 'to-ports': '53', 'comment': 'my own rule'})
    finally:
        connection.close()
    wait_for_row(fleet, '/container', lambda row: row.get('name') == 'web' and row.get('stopped') == 'true')
    # The first deploy left the hand-made rows alone; from now on the user's new rule is theirs too.
    now = snapshot_theirs(fleet)
    assert [row for row in now['/ip/firewall/nat'] if row.get('comment') != 'my own rule'] == fleet.theirs['/ip/firewall/nat']
    assert dict(now, **{'/ip/firewall/nat': None}) == dict(fleet.theirs, **{'/ip/firewall/nat': None})
    fleet.theirs = now

    repaired = assert_ok(run_stack(fleet))
    assert repaired['changed'] is True
    text = ' '.join(repaired['actions'])
    assert 'start /container web' in text and 'tcp/8000' in text, repaired['actions']
    assert_converged(fleet)
    assert fleet.control.running('r1', 'web')['env'].get('MODE') == 'prod'
    assert_theirs_untouched(fleet)
    assert [row['comment'] for row in fleet.control.config('r1')['/ip/firewall/nat'] if row.get('dst-port') == '5353'] == ['my own rule']


def test_a_renamed_veth_is_repaired(router):
    fleet = router
    assert_ok(run_stack(fleet))
    config = fleet.control.config('r1')
    veth = _row(config, '/interface/veth', name='veth-app')
    connection = api(fleet)
    try:
        connection.path('interface', 'veth').update(**{'.id': veth['.id'], 'name': 'veth-renamed'})
    finally:
        connection.close()

    repaired = assert_ok(run_stack(fleet))
    assert repaired['changed'] is True
    assert_converged(fleet)
    names = [row['name'] for row in fleet.control.config('r1')['/interface/veth']]
    assert 'veth-app' in names and 'veth-renamed' not in names, names
    assert_theirs_untouched(fleet)
    assert_nothing_orphaned(fleet)


# -- the same on a router before 7.19, where a container's name is a UUID ----------------------

OLD_SPEC = containers(app={'mounts': []})   # mount lists before 7.21: test_deploy.py


@pytest.fixture(scope='module')
def old_fleet():
    simulated = start_fleet(versions=('7.16.2',))
    yield simulated
    simulated.stop()


def test_before_7_19_a_failed_pull_keeps_the_old_container_and_a_drop_converges(old_fleet):
    fleet = old_fleet
    fleet.control.reset('r1')
    assert_ok(run_stack(fleet, containers_spec=OLD_SPEC))
    old = running(fleet, 'r1', 'web')
    assert old is not None

    failed = run_stack(fleet, containers_spec=containers(web={'image': 'nginx:no-such-tag'}, app={'mounts': []}))
    assert_fails_clearly(failed, 'manifest unknown')
    assert running(fleet, 'r1', 'web') == old
    assert_converged(fleet, containers_spec=OLD_SPEC)

    fleet.control.reset('r1')
    actions = assert_ok(run_stack(fleet, containers_spec=OLD_SPEC, check=True))['actions']
    reads = read_sentences(fleet, OLD_SPEC)
    fleet.control.fault('r1', 'drop_after', sentences=reads + actions.index('pull /container web') + 1)
    assert_fails_clearly(run_stack(fleet, containers_spec=OLD_SPEC))
    assert_ok(run_stack(fleet, containers_spec=OLD_SPEC))
    assert_converged(fleet, containers_spec=OLD_SPEC)
