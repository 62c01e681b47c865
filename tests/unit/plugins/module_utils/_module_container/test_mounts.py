# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Mount lists on the container before 7.21 (item names) and from 7.21 (list names)."""

from __future__ import annotations

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.apply import apply_plan
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.container import lifecycle_steps
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container import mountlist_names
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.info import describe_container
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.container import CONTAINER
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError

from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.simulated_session import SimulatorSession
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.plans import container_state, converge_container, plan_container

ITEM_VERSIONS = ('7.16.2', '7.19.6', '7.20.8')
LIST_VERSIONS = ('7.21.5', '7.24')
MOUNTS = ['usb1/a:/a', 'usb1/b:/b']


def lists_shared(version):
    return version in LIST_VERSIONS


def router(version, mount_rows=()):
    """A simulated router holding ``mount_rows`` (made by hand: not recorded)."""
    session = SimulatorSession(version)
    session.seed('/container/mounts', *mount_rows)
    return session


def running_web(session, references):
    """Container web made by hand, referencing ``references`` (item names before 7.21), running."""
    attrs = {'remote-image': 'nginx', 'comment': '[rfc:container=web]', 'mountlists' if lists_shared(str(session.version))
             else 'mounts': ','.join(references)}
    if session.version >= '7.19':
        attrs['name'] = 'web'
    [item_id] = session.seed('/container', attrs)
    session.advance(30)
    session.router.execute('/container', 'start', {'.id': item_id})
    session.advance(30)
    return item_id


def mount_row(version, list_name, dst, comment=''):
    """A mount of ``list_name`` the way the version names it (an item ``L:<dst>`` before 7.21)."""
    row = {'src': '/usb1' + dst, 'dst': dst, 'comment': comment}
    if lists_shared(version):
        row['list'] = list_name
    else:
        row['name'] = '%s:%s' % (list_name, dst)
    return row


def mounted(session):
    """(src, dst) of what the running ``web`` process got (the simulator resolves the references)."""
    [container] = session.rows('/container')
    process = session.router.containers.running_config(container['.id'])
    assert process is not None, 'web is not running'
    return [(mount['src'], mount['dst']) for mount in process['mounts']]


def deployed(version):
    """A running ``web`` with its own mounts /a and /b, made by a first run of the module."""
    session = router(version)
    converge_container(session, mounts=MOUNTS)
    session.calls[:] = []
    return session


@pytest.mark.parametrize('version, sent', [(version, ('mounts', 'web:/a,web:/b')) for version in ITEM_VERSIONS] +
                                          [(version, ('mountlists', 'web')) for version in LIST_VERSIONS])
def test_new_container_names_the_mounts_it_creates(version, sent):
    session = router(version)
    plan = plan_container(session, mounts=MOUNTS)
    apply_plan(session, plan)
    added = [write for write in session.writes if write[0] == 'add']
    assert [write[1] for write in added] == ['/container/mounts', '/container/mounts', '/container']
    property_name, value = sent
    assert added[2][2][property_name] == value
    assert ('mountlists' if property_name == 'mounts' else 'mounts') not in added[2][2]
    # Every name the container references is a mount the same plan created.
    mount_key = 'list' if lists_shared(version) else 'name'
    assert set(value.split(',')) == set(write[2][mount_key] for write in added[:2])
    assert mounted(session) == [('/usb1/a', '/a'), ('/usb1/b', '/b')]


@pytest.mark.parametrize('version', ITEM_VERSIONS + LIST_VERSIONS)
def test_second_run_changes_nothing(version):
    session = deployed(version)
    plan = plan_container(session, mounts=MOUNTS)
    assert not plan and lifecycle_steps(plan) == []


@pytest.mark.parametrize('version', ITEM_VERSIONS + LIST_VERSIONS)
def test_a_new_mount_restarts_the_container_with_it(version):
    session = deployed(version)
    plan = plan_container(session, mounts=MOUNTS + ['usb1/c:/c'])
    if lists_shared(version):
        # The list name does not change: only the restart makes the process see the new mount.
        assert plan.actions() == ['stop /container web', 'add /container/mounts web:/c', 'start /container web']
    else:
        assert plan.actions() == ['stop /container web', 'add /container/mounts web:/c', 'set /container web',
                                  'start /container web']
        apply_plan(session, plan)
        assert ('set', '/container', '*1', {'mounts': 'web:/a,web:/b,web:/c'}) in session.writes


@pytest.mark.parametrize('version', ITEM_VERSIONS)
def test_a_dropped_mount_is_no_longer_referenced(version):
    session = deployed(version)
    plan = plan_container(session, mounts=MOUNTS[:1])
    apply_plan(session, plan)
    assert ('set', '/container', '*1', {'mounts': 'web:/a'}) in session.writes
    assert [row['name'] for row in session.menus['/container/mounts']] == ['web:/a']


@pytest.mark.parametrize('version', ITEM_VERSIONS + LIST_VERSIONS)
def test_a_named_list_is_expanded_to_its_items_before_721(version):
    data = [mount_row(version, 'data', '/x', comment='mine'), mount_row(version, 'data', '/y', comment='')]
    session = router(version, data)
    plan = plan_container(session, mountlist=['data'], mounts=['usb1/a:/a'])
    expected = ['data', 'web'] if lists_shared(version) else ['data:/x', 'data:/y', 'web:/a']
    [added] = [change for change in plan if change.action == 'add' and change.object_type is CONTAINER]
    assert added.after['mountlist'] == expected


@pytest.mark.parametrize('version', ITEM_VERSIONS + LIST_VERSIONS)
def test_an_unknown_list_is_refused_before_any_write(version):
    session = router(version)
    with pytest.raises(SpecError) as info:
        plan_container(session, mountlist=['nothere'])
    message = str(info.value)
    assert 'field mountlist' in message and "'nothere'" in message and 'host %s' % session.host in message
    assert session.writes == []


@pytest.mark.parametrize('version', ITEM_VERSIONS + LIST_VERSIONS)
def test_no_mounts_means_no_reference_to_an_empty_list(version):
    session = router(version)
    plan = plan_container(session, mounts=[])
    apply_plan(session, plan)
    assert session.writes[0][1] == '/container'
    assert 'mounts' not in session.writes[0][2] and 'mountlists' not in session.writes[0][2]


@pytest.mark.parametrize('version', ITEM_VERSIONS + LIST_VERSIONS)
def test_info_reports_list_names_that_feed_back_unchanged(version):
    data = [mount_row(version, 'data', '/x', comment='')]
    own = [mount_row(version, 'web', '/a'), mount_row(version, 'web', '/b')]
    session = router(version, own + data)
    running_web(session, ['web', 'data'] if lists_shared(version) else ['web:/a', 'web:/b', 'data:/x'])
    state = container_state(session)
    described = describe_container(state.rows(CONTAINER)[0], state)
    assert described['options']['mountlist'] == ['web', 'data']
    assert [(mount['list'], mount['dst']) for mount in described['mounts']] == [('web', '/a'), ('web', '/b'), ('data', '/x')]
    fed_back = dict(described['options'], name='web')
    assert not plan_container(session, **fed_back)


def test_collapse_keeps_item_names_of_a_partly_mounted_list():
    version = '7.20.8'
    rows = [mount_row(version, 'data', '/x'), mount_row(version, 'data', '/y'), {'name': 'scratch', 'src': '/usb1/s', 'dst': '/s'}]
    state = container_state(router(version, rows))
    assert mountlist_names.collapse(['data:/y', 'scratch'], state) == ['data:/y', 'scratch']
    assert mountlist_names.collapse(['data:/x', 'data:/y', 'scratch'], state) == ['data', 'scratch']
    # The names collapse gives expand back to exactly what the container holds.
    for held in (['data:/y', 'scratch'], ['data:/x', 'data:/y', 'scratch']):
        assert mountlist_names.expand(mountlist_names.collapse(held, state), state) == held


@pytest.mark.parametrize('version', ITEM_VERSIONS)
def test_absent_removes_our_mount_items_without_being_told_the_mounts(version):
    session = deployed(version)
    plan = plan_container(session, state='absent', image=None)
    assert plan.actions() == ['stop /container web', 'remove /container web', 'remove /container/mounts web:/a',
                              'remove /container/mounts web:/b']
