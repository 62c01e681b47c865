# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The order of writes when a container is updated: each replacement step named once, and env and
mount rows it no longer references removed while it is stopped or once the old container is gone."""

from __future__ import annotations

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.apply import apply_plan

from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.simulated_session import SimulatorSession
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.container import lifecycle_steps
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.plans import converge_container, plan_container

ITEM_VERSIONS = ('7.16.2', '7.19.6', '7.20.8')
LIST_VERSIONS = ('7.21.5', '7.24')


def deployed(version, **overrides):
    """A running ``web`` made by a first run of the module; the calls it took are forgotten."""
    session = SimulatorSession(version)
    converge_container(session, **overrides)
    session.calls[:] = []
    return session


def write_order(session):
    """(verb, menu) of every write, in the order the router got them."""
    return [(write[0] if write[0] != 'command' else write[2], write[1]) for write in session.writes]


# An image update names each of its steps once.

@pytest.mark.parametrize('version', ('7.16.2', '7.20.8', '7.24'))
def test_image_update_reports_each_action_once(version):
    session = deployed(version)
    plan = plan_container(session, image='nginx:1.27-alpine')
    actions = plan.actions()
    assert len(actions) == len(set(actions)), actions
    assert actions == ['recreate /container web.next', 'stop /container web', 'recreate /container web',
                       'start /container web']
    assert lifecycle_steps(plan) == ['recreate', 'stop', 'start']
    apply_plan(session, plan)
    assert plan_container(session, image='nginx:1.27-alpine').actions() == []


# Items the container no longer references are removed after it is updated.

@pytest.mark.parametrize('version', ITEM_VERSIONS)
def test_a_dropped_mount_item_is_removed_after_the_container_is_set(version):
    session = deployed(version, mounts=['usb1/a:/a', 'usb1/b:/b'])
    plan = plan_container(session, mounts=['usb1/a:/a'])
    assert plan.actions() == ['stop /container web', 'set /container web', 'remove /container/mounts web:/b',
                              'start /container web']
    apply_plan(session, plan)
    assert write_order(session) == [('stop', '/container'), ('set', '/container'), ('remove', '/container/mounts'),
                                    ('start', '/container')]
    assert [row['name'] for row in session.rows('/container/mounts')] == ['web:/a']


@pytest.mark.parametrize('version', LIST_VERSIONS)
def test_a_dropped_mount_of_a_list_is_removed_while_the_container_is_stopped(version):
    session = deployed(version, mounts=['usb1/a:/a', 'usb1/b:/b'])
    apply_plan(session, plan_container(session, mounts=['usb1/a:/a']))
    assert write_order(session) == [('stop', '/container'), ('remove', '/container/mounts'), ('start', '/container')]


@pytest.mark.parametrize('version', ITEM_VERSIONS)
def test_a_replacement_drops_mount_items_only_once_the_old_container_is_gone(version):
    session = deployed(version, mounts=['usb1/a:/a', 'usb1/b:/b'])
    apply_plan(session, plan_container(session, image='nginx:1.27-alpine', mounts=['usb1/a:/a']))
    order = write_order(session)
    old_removed = order.index(('remove', '/container'))
    assert order.index(('remove', '/container/mounts')) > old_removed, order
    assert order[-1] == ('start', '/container'), order


@pytest.mark.parametrize('version', ('7.16.2', '7.20.8', '7.24'))
def test_a_dropped_env_key_is_removed_while_the_container_is_stopped(version):
    session = deployed(version, env={'A': '1', 'B': '2'})
    plan = plan_container(session, env={'A': '1'})
    assert plan.actions() == ['stop /container web', 'remove /container/envs web/B', 'start /container web']
    apply_plan(session, plan)
    assert write_order(session) == [('stop', '/container'), ('remove', '/container/envs'), ('start', '/container')]
