# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Lifecycle decisions (which actions for which difference) and their execution with waits."""

from __future__ import annotations

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.apply import ApplyError, apply_plan
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.diff import diff_sections

from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.simulated_session import SimulatorSession
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.container import lifecycle_steps
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.plans import converge_container, plan_container

MARKER = '[rfc:container=web]'
PULL_SECONDS = 30      # longer than any shipped image takes to download and extract


def router(version='7.20.8', envs=(), veths=()):
    """A simulated router with the given env rows and veths (made by hand: not recorded)."""
    session = SimulatorSession(version)
    session.seed('/container/envs', *envs)
    for name in veths:
        session.seed('/interface/veth', {'name': name, 'address': '172.17.0.2/24', 'gateway': '172.17.0.1'})
    return session


def web(session, state='running', **props):
    """Make container web on the router, as an earlier run would have, and bring it to ``state``."""
    attrs = {'remote-image': 'nginx', 'comment': MARKER, 'logging': 'no', 'start-on-boot': 'no', 'stop-signal': '15'}
    if session.version >= '7.19':
        attrs['name'] = 'web'
    attrs.update(props)
    if state == 'error':
        session.router.inject_fault('fail_next_pull', reason='download failed: registry down')
    [item_id] = session.seed('/container', attrs)
    if state != 'extracting':
        session.advance(PULL_SECONDS)
    if state == 'running':
        session.router.execute('/container', 'start', {'.id': item_id})
        session.advance(PULL_SECONDS)
    assert session.container_states()[item_id] == state
    return item_id


@pytest.mark.parametrize('state, actions', [
    ('started', ['pull', 'start']), ('present', ['pull']), ('stopped', ['pull']), ('absent', []),
])
def test_new_container(state, actions):
    session = router()
    plan = converge_container(session, state=state)
    assert lifecycle_steps(plan) == actions
    if actions:
        assert session.writes[0][0] == 'add'
        assert session.writes[0][2]['name'] == 'web'
        assert session.writes[0][2]['comment'] == MARKER
        assert list(session.container_states().values()) == ['running' if state == 'started' else 'stopped']


@pytest.mark.parametrize('version', ['7.16.2', '7.20.8', '7.23.3'])
def test_unchanged_container_needs_nothing(version):
    session = router(version)
    web(session, **{'stop-signal': '15'})
    plan = plan_container(session, image='docker.io/library/nginx:latest', logging=False, stop_signal='15')
    assert not plan and lifecycle_steps(plan) == []
    assert diff_sections(plan) == []


@pytest.mark.parametrize('current, wanted, actions', [
    ('stopped', 'started', ['start']),
    ('running', 'stopped', ['stop']),
    ('running', 'present', []),
    ('stopped', 'present', []),
    ('extracting', 'started', ['wait', 'start']),
])
def test_state_transitions(current, wanted, actions):
    session = router()
    item_id = web(session, current)
    plan = converge_container(session, state=wanted)
    assert lifecycle_steps(plan) == actions
    # 'present' leaves the state alone, whatever the router's time has made of it since.
    assert session.container_states()[item_id] == {'started': 'running', 'stopped': 'stopped'}.get(wanted, current)


def test_in_place_change_stops_sets_and_starts():
    session = router()
    item_id = web(session)
    plan = converge_container(session, cmd='nginx -g "daemon off;"', stop_time=None, container_hostname='web1')
    assert lifecycle_steps(plan) == ['stop', 'set', 'start']
    assert session.verbs() == ['stop', 'set', 'start']
    assert session.writes[1] == ('set', '/container', item_id, {'cmd': 'nginx -g "daemon off;"', 'hostname': 'web1'})
    [section] = diff_sections(plan)
    assert section['after'] == ('/container stop [find name=web]\n'
                                '/container set [find name=web] cmd="nginx -g \\"daemon off;\\"" hostname=web1\n'
                                '/container start [find name=web]\n')
    assert session.router.running_config('web')['hostname'] == 'web1'


def test_change_on_stopped_container_stays_stopped():
    session = router()
    item_id = web(session, 'stopped')
    assert lifecycle_steps(converge_container(session, cmd='x', state='stopped')) == ['set']
    assert session.container_states()[item_id] == 'stopped'


def test_restart_forces_stop_and_start():
    session = router()
    web(session)
    assert lifecycle_steps(converge_container(session, restart=True)) == ['stop', 'start']


@pytest.mark.parametrize('version', ['7.16.2', '7.20.8'])
def test_image_change_pulls_beside_the_running_container(version):
    session = router(version, veths=['veth1'])
    web(session, interface='veth1')
    plan = converge_container(session, image='nginx:1.27-alpine', interface=['veth1'])
    assert lifecycle_steps(plan) == ['recreate', 'stop', 'start']
    staged_add = session.writes[0]
    assert staged_add[0] == 'add' and 'interface' not in staged_add[2]
    assert '[rfc:container=web#web.next]' in staged_add[2]['comment']
    # The old container is stopped only after the new image is extracted.
    assert session.verbs() == ['add', 'stop', 'remove', 'set', 'start']
    final = session.writes[3][3]
    assert final['interface'] == 'veth1' and final['comment'] == MARKER
    assert (final.get('name') == 'web') == (version >= '7.19')
    assert list(session.container_states().values()) == ['running']


def test_failed_pull_leaves_the_old_container_running():
    session = router()
    item_id = web(session)
    session.router.inject_fault('fail_next_pull', reason='download failed: registry down')
    plan = plan_container(session, image='pihole/pihole')
    with pytest.raises(ApplyError) as info:
        apply_plan(session, plan)
    assert 'old container is unchanged and still running' in str(info.value)
    assert 'registry down' in str(info.value)
    assert info.value.original.log_lines
    assert session.verbs() == ['add', 'remove']       # only the staged copy was touched
    assert session.container_states() == {item_id: 'running'}


def test_without_rollback_the_old_container_goes_first():
    session = router()
    web(session)
    assert lifecycle_steps(converge_container(session, image='nginx:1.27-alpine', rollback=False)) == ['stop', 'recreate', 'pull', 'start']
    assert session.verbs() == ['stop', 'remove', 'add', 'start']


def test_same_root_dir_is_pulled_once_as_a_test_then_replaced():
    session = router()
    web(session, **{'root-dir': 'usb1/web'})
    converge_container(session, image='nginx:1.27-alpine', root_dir='usb1/web')
    assert session.writes[0][2]['root-dir'] == '/usb1/web.next'
    assert session.verbs() == ['add', 'stop', 'remove', 'remove', 'add', 'start']
    assert session.writes[4][2]['root-dir'] == '/usb1/web'


def test_failed_container_is_replaced_without_staging():
    session = router()
    web(session, 'error')
    assert lifecycle_steps(converge_container(session)) == ['recreate', 'pull', 'start']


def crash_once_running(session, message):
    """The simulator has no crashing images: script the process exiting as soon as it runs."""
    sleep = session.time.sleep

    def sleep_then_crash(seconds):
        sleep(seconds)
        for row in session.router.containers.rows:
            if row['_state'] == 'running':
                row['_state'] = 'stopped'
                row.pop('_running', None)
                session.router.log('container,error', message)
    session.time.sleep = sleep_then_crash


def test_crash_after_start_fails_with_the_log():
    session = router()
    crash_once_running(session, 'container web: exited 1')
    plan = plan_container(session)
    with pytest.raises(ApplyError) as info:
        apply_plan(session, plan)
    assert 'stopped right after it was started' in str(info.value)
    assert info.value.original.log_lines == ['container web: downloading library/nginx:latest', 'container web: image extracted',
                                             'container web started', 'container web: exited 1']


def test_absent_stops_before_removing():
    session = router()
    web(session)
    assert lifecycle_steps(converge_container(session, state='absent', image=None)) == ['stop', 'remove']
    assert session.verbs() == ['stop', 'remove'] and not session.menus['/container']
    assert lifecycle_steps(converge_container(session, state='absent', image=None)) == []


def test_before_719_only_our_marker_identifies_the_container():
    session = router('7.16.2')
    web(session, comment='made by hand')
    assert lifecycle_steps(plan_container(session)) == ['pull', 'start']
    ours = router('7.16.2')
    web(ours)
    assert lifecycle_steps(plan_container(ours)) == []


def test_on_719_a_container_made_by_hand_is_adopted_without_a_marker():
    session = router('7.19.6')
    item_id = web(session, comment='mine')
    converge_container(session, cmd='x')
    assert session.writes[1] == ('set', '/container', item_id, {'cmd': 'x'})


OUR_ENV = {'list': 'web', 'key': 'A', 'value': '1', 'comment': MARKER}


def test_env_change_restarts_a_running_container_around_the_list_change():
    session = router(envs=[OUR_ENV])
    web(session, envlists='web')
    plan = plan_container(session, env={'A': '2', 'PW': 'secret'}, secret_env=['PW'])
    assert plan.actions() == ['stop /container web', 'set /container/envs web/A', 'add /container/envs web/PW',
                              'start /container web']
    shown = repr(diff_sections(plan))
    assert 'secret' not in shown and '********' in shown


def test_left_over_staged_copy_is_cleaned_up():
    session = router()
    item_id = web(session)
    web(session, 'stopped', name='web.next', comment='[rfc:container=web#web.next]')
    assert lifecycle_steps(converge_container(session)) == ['cleanup']
    assert list(session.container_states()) == [item_id]


def test_pull_always_replaces_every_run():
    session = router()
    web(session)
    assert lifecycle_steps(plan_container(session, pull='always')) == ['pull', 'stop', 'start']


def test_version_error_before_any_write():
    session = router('7.20.8')
    web(session)
    with pytest.raises(Exception) as info:
        plan_container(session, stop_time='10s')
    assert 'needs RouterOS 7.21' in str(info.value)
    assert session.writes == []


def test_refused_start_fails_with_the_router_reason():
    # 7.22+ refuse to start an image with neither cmd nor entrypoint (FROM scratch).
    session = router('7.22.3')
    with pytest.raises(ApplyError) as info:
        apply_plan(session, plan_container(session, image='example/static-files'))
    assert info.value.original.reason == 'start failed: no command specified, set cmd or entrypoint'
    assert 'starting container web failed' in str(info.value)


def test_container_made_before_an_upgrade_to_719_gets_its_name():
    session = router('7.20.8')
    item_id = web(session, name='c340d9ec-3bd7-5c62-9cd9-d949aedd52c2')
    plan = converge_container(session)
    assert lifecycle_steps(plan) == ['set']
    assert session.writes == [('set', '/container', item_id, {'name': 'web'})]


def test_absent_also_removes_our_own_env_list():
    session = router(envs=[OUR_ENV])
    web(session, envlists='web')
    plan = plan_container(session, state='absent', image=None)
    assert plan.actions() == ['stop /container web', 'remove /container web', 'remove /container/envs web/A']
    foreign = router(envs=[dict(OUR_ENV, comment='mine')])
    web(foreign, envlists='web')
    assert plan_container(foreign, state='absent', image=None).actions() == ['stop /container web', 'remove /container web']


@pytest.mark.parametrize('version', ['7.18.2', '7.19.6', '7.22.3'])
@pytest.mark.parametrize('remote_image, unset', [(False, False), (False, True), (True, False), (True, True)],
                         ids=['strict', 'defaults-printed', 'remote-image-printed', 'everything-printed'])
def test_unchanged_container_needs_nothing_however_the_row_is_printed(version, remote_image, unset):
    """Sources show some releases printing neither `remote-image` nor unset properties; others
    are silent: the plan must be empty either way."""
    session = router(version)
    session.router.inject_fault('print_style', remote_image=remote_image, unset=unset)
    web(session, state='running')
    plan = plan_container(session, image='nginx', logging=False, start_on_boot=False, stop_signal='SIGTERM', dns=[],
                          state='started')
    assert not plan and lifecycle_steps(plan) == []


def test_image_registry_falls_back_to_assumed_registry_url():
    from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.state import Row
    from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.container import registry_of
    assert registry_of(Row('*1', {'registry_url': '', 'assumed_registry_url': 'ghcr.io'})) == 'ghcr.io'
    assert registry_of(Row('*1', {'registry_url': 'https://quay.io', 'assumed_registry_url': 'docker.io'})) == 'https://quay.io'
    assert registry_of(None) is None
