# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Lifecycle decisions (which actions for which difference) and their execution with waits."""

from __future__ import annotations

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.apply import ApplyError, apply_plan
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.diff import diff_sections
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.state import RouterState
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container import options
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.resource import ContainerResource
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.schema import CONTAINER
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import (
    CONTAINER_CONFIG, CONTAINER_ENVS, CONTAINER_MOUNTS, FIREWALL_NAT, VETH,
)

from ansible_collections.routeros_fleet.containers.tests.unit.plugins.module_utils._module_container.fake_router import (
    FakeClock, FakeContainerSession,
)

MARKER = '[rfc:container=web]'


def web(state='running', version='7.20.8', **props):
    row = {'.id': '*1', 'remote-image': 'nginx', 'tag': 'library/nginx:latest', 'comment': MARKER, 'logging': 'false',
           'start-on-boot': 'false', 'stop-signal': '15', 'root-dir': '', 'cmd': '', 'hostname': '', '_state': state}
    row['name'] = 'web' if version >= '7.19' else 'c340d9ec-3bd7-5c62-9cd9-d949aedd52c2'
    row.update(props)
    return row


def params(**overrides):
    values = dict((key, spec.get('default')) for key, spec in options.CONTAINER_ARGUMENT_SPEC.items())
    values.update(name='web', image='nginx')
    values.update(overrides)
    return values


def state_of(session, envs=()):
    rows = [session._printed(item_id) for item_id in session.rows]
    return RouterState.from_rows(session.host, session.version, {
        CONTAINER: rows, CONTAINER_CONFIG: [{'registry-url': 'https://registry-1.docker.io'}],
        CONTAINER_ENVS: list(envs), CONTAINER_MOUNTS: [], VETH: [], FIREWALL_NAT: []})


def plan_for(session, envs=(), **overrides):
    resource = ContainerResource(clock=FakeClock())
    return resource.plan(resource.validate(params(**overrides)), state_of(session, envs))


def run(session, envs=(), **overrides):
    plan = plan_for(session, envs, **overrides)
    apply_plan(session, plan)
    return plan


@pytest.mark.parametrize('state, actions', [
    ('started', ['pull', 'start']), ('present', ['pull']), ('stopped', ['pull']), ('absent', []),
])
def test_new_container(state, actions):
    session = FakeContainerSession()
    plan = run(session, state=state)
    assert plan.container_plan.actions == actions
    if actions:
        assert session.writes[0][0] == 'add'
        assert session.writes[0][2]['name'] == 'web'
        assert session.writes[0][2]['comment'] == MARKER
        assert list(session.states.values()) == ['running' if state == 'started' else 'stopped']


@pytest.mark.parametrize('version', ['7.16.2', '7.20.8', '7.23.3'])
def test_unchanged_container_needs_nothing(version):
    session = FakeContainerSession(version, [web(version=version, **{'stop-signal': '15'})])
    plan = plan_for(session, image='docker.io/library/nginx:latest', logging=False, stop_signal='15')
    assert not plan and plan.container_plan.actions == []
    assert diff_sections(plan) == []


@pytest.mark.parametrize('current, wanted, actions', [
    ('stopped', 'started', ['start']),
    ('running', 'stopped', ['stop']),
    ('running', 'present', []),
    ('stopped', 'present', []),
    ('extracting', 'started', ['wait', 'start']),
])
def test_state_transitions(current, wanted, actions):
    session = FakeContainerSession(rows=[web(current)])
    plan = run(session, state=wanted)
    assert plan.container_plan.actions == actions
    assert session.states['*1'] == {'started': 'running', 'stopped': 'stopped'}.get(wanted, session.states['*1'])


def test_in_place_change_stops_sets_and_starts():
    session = FakeContainerSession(rows=[web()])
    plan = run(session, cmd='nginx -g "daemon off;"', stop_time=None, container_hostname='web1')
    assert plan.container_plan.actions == ['stop', 'set', 'start']
    assert session.verbs() == ['stop', 'set', 'start']
    assert session.writes[1][2] == {'cmd': 'nginx -g "daemon off;"', 'hostname': 'web1'}
    section = diff_sections(plan)[0]
    assert section['before'] == {'cmd': '', 'container_hostname': ''}
    assert section['after'] == {'cmd': 'nginx -g "daemon off;"', 'container_hostname': 'web1'}


def test_change_on_stopped_container_stays_stopped():
    session = FakeContainerSession(rows=[web('stopped')])
    assert run(session, cmd='x', state='stopped').container_plan.actions == ['set']
    assert session.states['*1'] == 'stopped'


def test_restart_forces_stop_and_start():
    session = FakeContainerSession(rows=[web()])
    assert run(session, restart=True).container_plan.actions == ['stop', 'start']


@pytest.mark.parametrize('version', ['7.16.2', '7.20.8'])
def test_image_change_pulls_beside_the_running_container(version):
    session = FakeContainerSession(version, rows=[web(version=version, interface='veth1')])
    plan = run(session, image='nginx:1.27-alpine', interface=['veth1'])
    assert plan.container_plan.actions == ['recreate', 'stop', 'start']
    staged_add = session.writes[0]
    assert staged_add[0] == 'add' and 'interface' not in staged_add[2]
    assert '[rfc:container=web#web.next]' in staged_add[2]['comment']
    # The old container is stopped only after the new image is extracted.
    assert session.verbs() == ['add', 'stop', 'remove', 'set', 'start']
    final = session.writes[3][2]
    assert final['interface'] == 'veth1' and final['comment'] == MARKER
    assert (final.get('name') == 'web') == (version >= '7.19')
    assert list(session.states.values()) == ['running']


def test_failed_pull_leaves_the_old_container_running():
    session = FakeContainerSession(rows=[web()], fail_pull_of=['pihole/pihole'])
    plan = plan_for(session, image='pihole/pihole')
    with pytest.raises(ApplyError) as info:
        apply_plan(session, plan)
    assert 'old container is unchanged and still running' in str(info.value)
    assert 'registry down' in str(info.value)
    assert info.value.original.log_lines
    assert session.verbs() == ['add', 'remove']       # only the staged copy was touched
    assert session.states == {'*1': 'running'}


def test_without_rollback_the_old_container_goes_first():
    session = FakeContainerSession(rows=[web()])
    assert run(session, image='nginx:1.27-alpine', rollback=False).container_plan.actions == ['stop', 'recreate', 'pull', 'start']
    assert session.verbs() == ['stop', 'remove', 'add', 'start']


def test_same_root_dir_is_pulled_once_as_a_test_then_replaced():
    session = FakeContainerSession(rows=[web(**{'root-dir': 'usb1/web'})])
    run(session, image='nginx:1.27-alpine', root_dir='usb1/web')
    assert session.writes[0][2]['root-dir'] == '/usb1/web.next'
    assert session.verbs() == ['add', 'stop', 'remove', 'remove', 'add', 'start']
    assert session.writes[4][2]['root-dir'] == '/usb1/web'


def test_failed_container_is_replaced_without_staging():
    session = FakeContainerSession(rows=[web('error')])
    assert run(session).container_plan.actions == ['recreate', 'pull', 'start']


def test_crash_after_start_fails_with_the_log():
    session = FakeContainerSession(crash_images=['nginx'])
    plan = plan_for(session)
    with pytest.raises(ApplyError) as info:
        apply_plan(session, plan)
    assert 'stopped right after it was started' in str(info.value)
    assert info.value.original.log_lines == ['container web: exited 1']


def test_absent_stops_before_removing():
    session = FakeContainerSession(rows=[web()])
    assert run(session, state='absent', image=None).container_plan.actions == ['stop', 'remove']
    assert session.verbs() == ['stop', 'remove'] and not session.rows
    assert run(session, state='absent', image=None).container_plan.actions == []


def test_before_719_only_our_marker_identifies_the_container():
    foreign = web(version='7.16.2', comment='made by hand')
    session = FakeContainerSession('7.16.2', rows=[foreign])
    assert plan_for(session).container_plan.actions == ['pull', 'start']
    ours = FakeContainerSession('7.16.2', rows=[web(version='7.16.2')])
    assert plan_for(ours).container_plan.actions == []


def test_on_719_a_container_made_by_hand_is_adopted_without_a_marker():
    session = FakeContainerSession('7.19.6', rows=[web(version='7.19.6', comment='mine')])
    run(session, cmd='x')
    assert session.writes[1] == ('set', '*1', {'cmd': 'x'})


def test_env_change_restarts_a_running_container_around_the_list_change():
    session = FakeContainerSession(rows=[web(envlists='web')])
    envs = [{'.id': '*E1', 'list': 'web', 'key': 'A', 'value': '1', 'comment': MARKER}]
    plan = plan_for(session, envs, env={'A': '2', 'PW': 'secret'}, secret_env=['PW'])
    assert plan.actions() == ['stop /container web', 'set /container/envs web/A', 'add /container/envs web/PW',
                              'start /container web']
    shown = repr(diff_sections(plan))
    assert 'secret' not in shown and '********' in shown


def test_left_over_staged_copy_is_cleaned_up():
    staged = web('stopped', name='web.next', comment='[rfc:container=web#web.next]')
    staged['.id'] = '*2'
    session = FakeContainerSession(rows=[web(), staged])
    assert run(session).container_plan.actions == ['cleanup']
    assert list(session.rows) == ['*1']


def test_pull_always_replaces_every_run():
    session = FakeContainerSession(rows=[web()])
    assert plan_for(session, pull='always').container_plan.actions == ['pull', 'stop', 'start']


def test_version_error_before_any_write():
    session = FakeContainerSession('7.20.8', rows=[web()])
    with pytest.raises(Exception) as info:
        plan_for(session, stop_time='10s')
    assert 'needs RouterOS 7.21' in str(info.value)
    assert session.writes == []


def test_refused_start_fails_with_the_router_reason():
    session = FakeContainerSession('7.22.3', refuse_start='start failed: no command specified, set cmd or entrypoint')
    with pytest.raises(ApplyError) as info:
        apply_plan(session, plan_for(session))
    assert info.value.original.reason == 'start failed: no command specified, set cmd or entrypoint'
    assert 'starting container web failed' in str(info.value)


def test_container_made_before_an_upgrade_to_719_gets_its_name():
    upgraded = web(name='c340d9ec-3bd7-5c62-9cd9-d949aedd52c2')
    session = FakeContainerSession('7.20.8', rows=[upgraded])
    plan = run(session)
    assert plan.container_plan.actions == ['set']
    assert session.writes == [('set', '*1', {'name': 'web'})]


def test_absent_also_removes_our_own_env_list():
    session = FakeContainerSession(rows=[web(envlists='web')])
    envs = [{'.id': '*E1', 'list': 'web', 'key': 'A', 'value': '1', 'comment': MARKER}]
    plan = plan_for(session, envs, state='absent', image=None)
    assert plan.actions() == ['stop /container web', 'remove /container web', 'remove /container/envs web/A']
    foreign = [{'.id': '*E1', 'list': 'web', 'key': 'A', 'value': '1', 'comment': 'mine'}]
    assert plan_for(session, foreign, state='absent', image=None).actions() == ['stop /container web', 'remove /container web']
