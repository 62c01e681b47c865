# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Gaps between the /container field table and the module: every field an option, every
envlist name checked, each replacement step named once, list items removed top-down."""

from __future__ import annotations

import pytest
import yaml

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.apply import apply_plan
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container import options
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container.schema import CONTAINER
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.modules import container as container_module

from ansible_collections.routeros_fleet.containers.tests.unit.plugins.sim_session import SimulatorSession
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.module_utils._module_container.container_plans import params, plan_for, run, steps

ITEM_VERSIONS = ('7.16.2', '7.19.6', '7.20.8')
LIST_VERSIONS = ('7.21.5', '7.24')

# Table fields set through another option, or by the module itself.
FIELDS_WITHOUT_OPTION = {
    'healthcheck_cmd': 'healthcheck.test (docker_container shape)',
    'healthcheck_interval': 'healthcheck.interval',
    'healthcheck_timeout': 'healthcheck.timeout',
    'healthcheck_retries': 'healthcheck.retries',
    'healthcheck_start_period': 'healthcheck.start_period',
    'healthcheck_start_interval': 'healthcheck.start_interval',
    'auto_restart_interval': 'how restart_policy is emulated on 7.20-7.22; never written by users',
    'restart_max_count': 'restart_retries (docker_container name)',
}

# Options that are not one /container property.
OPTIONS_WITHOUT_FIELD = {
    'state': 'lifecycle goal',
    'env': 'the module keeps an env list named after the container',
    'secret_env': 'masks env values',
    'mounts': 'the module keeps a mount list named after the container',
    'healthcheck': 'a dict spread over the healthcheck_* fields',
    'healthcheck_emulation': 'what to do before 7.22',
    'restart_retries': 'restart_max_count, or refused before 7.23',
    'pull': 'lifecycle', 'recreate': 'lifecycle', 'restart': 'lifecycle',
    'wait_timeout': 'lifecycle', 'rollback': 'lifecycle',
}

# Options with a field of their own name that go through options._map_restart_policy.
ROUTED_OPTIONS = ('restart_policy', 'restart_interval')

# (option, a value, first version that has it, a version before it, the RouterOS property, sent value)
NEW_OPTIONS = (
    ('privileged', True, '7.24', '7.23.3', 'privileged', 'yes'),
    ('swap_max', '512M', '7.24', '7.22.3', 'swap-max', None),
    ('check_certificate', False, '7.20.8', '7.19.6', 'check-certificate', 'no'),
    ('stop_on_unhealthy', True, '7.23.3', '7.22.3', 'stop-on-unhealthy', 'yes'),
)


def settable_fields():
    return set(field.name for field in CONTAINER.fields if not field.read_only)


def deployed(version, **overrides):
    """A running ``web`` made by a first run of the module; the calls it took are forgotten."""
    session = SimulatorSession(version)
    run(session, **overrides)
    session.calls[:] = []
    return session


def write_order(session):
    """(verb, menu) of every write, in the order the router got them."""
    return [(write[0] if write[0] != 'command' else write[2], write[1]) for write in session.writes]


# 1. Every field of the table is an option (and documented), every option a field, with reasons.

def test_every_table_field_is_an_option_and_every_option_a_field():
    option_names = set(options.CONTAINER_ARGUMENT_SPEC)
    assert sorted(settable_fields() - option_names - set(FIELDS_WITHOUT_OPTION)) == []
    assert sorted(option_names - settable_fields() - set(OPTIONS_WITHOUT_FIELD)) == []
    # The exception lists hold no stale names either.
    assert set(FIELDS_WITHOUT_OPTION) <= settable_fields() - option_names
    assert set(OPTIONS_WITHOUT_FIELD) <= option_names - settable_fields()


def test_every_option_is_documented_with_its_type():
    documented = yaml.safe_load(container_module.DOCUMENTATION)['options']
    for name, spec in options.CONTAINER_ARGUMENT_SPEC.items():
        assert name in documented, name
        assert documented[name].get('type', 'str') == spec.get('type', 'str'), name


@pytest.mark.parametrize('option', sorted(settable_fields() & set(options.CONTAINER_ARGUMENT_SPEC) - {'name'}))
def test_every_field_option_reaches_the_spec(option):
    kind = CONTAINER.field(option).kind
    value = {'bool': True, 'list': ['x'], 'size': '64M', 'duration': '10s', 'int': 3, 'path': 'usb1/x',
             'signal': 'SIGINT'}.get(kind, 'x')
    overrides = {option: value}
    if option == 'file':
        overrides['image'] = None
    if option in ROUTED_OPTIONS:
        overrides['restart_policy'] = 'always'
    spec = options.validate(params(**overrides))
    if option in ROUTED_OPTIONS:
        assert getattr(spec, option) is not None
    else:
        assert option in spec.values


@pytest.mark.parametrize('option, value, since, before, ros_name, sent', NEW_OPTIONS)
def test_new_option_is_sent_on_the_version_that_has_it(option, value, since, before, ros_name, sent):
    session = SimulatorSession(since)
    run(session, **{option: value})
    [add] = [write for write in session.writes if write[:2] == ('add', '/container')]
    assert ros_name in add[2]
    if sent is not None:
        assert add[2][ros_name] == sent
    # Read back and planned again: nothing to change.
    assert steps(plan_for(session, **{option: value})) == []


@pytest.mark.parametrize('option, value, since, before, ros_name, sent', NEW_OPTIONS)
def test_new_option_on_an_older_router_names_option_and_version(option, value, since, before, ros_name, sent):
    session = SimulatorSession(before)
    with pytest.raises(SpecError) as info:
        plan_for(session, **{option: value})
    message = str(info.value)
    assert 'field %s' % option in message and since.rsplit('.', 1)[0] in message, message
    assert 'host %s' % session.host in message, message
    assert session.writes == []


# 2. envlist names are checked against the router while planning.

def env_row(version, list_name, key, value):
    row = {'key': key, 'value': value}
    row['list' if version >= '7.20' else 'name'] = list_name
    return row


@pytest.mark.parametrize('version', ITEM_VERSIONS + LIST_VERSIONS)
def test_an_unknown_envlist_is_refused_before_any_write(version):
    session = SimulatorSession(version)
    with pytest.raises(SpecError) as info:
        plan_for(session, envlist=['no-such-list'])
    message = str(info.value)
    assert 'field envlist' in message and "env list 'no-such-list' does not exist" in message, message
    assert 'host %s' % session.host in message, message
    assert session.writes == []


@pytest.mark.parametrize('version', ITEM_VERSIONS + LIST_VERSIONS)
def test_an_existing_envlist_is_referenced(version):
    session = SimulatorSession(version)
    session.seed('/container/envs', env_row(version, 'shared', 'TZ', 'UTC'))
    run(session, envlist=['shared'])
    [add] = [write for write in session.writes if write[:2] == ('add', '/container')]
    assert add[2]['envlists' if version >= '7.20' else 'envlist'] == 'shared'


@pytest.mark.parametrize('version', ('7.16.2', '7.24'))
def test_the_module_own_env_list_needs_no_existing_rows(version):
    session = SimulatorSession(version)
    run(session, env={'TZ': 'UTC'})
    assert [row['key'] for row in session.rows('/container/envs')] == ['TZ']


# 3. An image update names each of its steps once.

@pytest.mark.parametrize('version', ('7.16.2', '7.20.8', '7.24'))
def test_image_update_reports_each_action_once(version):
    session = deployed(version)
    plan = plan_for(session, image='nginx:1.27-alpine')
    actions = plan.actions()
    assert len(actions) == len(set(actions)), actions
    assert actions == ['recreate /container web.next', 'stop /container web', 'recreate /container web',
                       'start /container web']
    assert steps(plan) == ['recreate', 'stop', 'start']
    apply_plan(session, plan)
    assert plan_for(session, image='nginx:1.27-alpine').actions() == []


# 4. Items the container no longer references are removed after it is updated.

@pytest.mark.parametrize('version', ITEM_VERSIONS)
def test_a_dropped_mount_item_is_removed_after_the_container_is_set(version):
    session = deployed(version, mounts=['usb1/a:/a', 'usb1/b:/b'])
    plan = plan_for(session, mounts=['usb1/a:/a'])
    assert plan.actions() == ['stop /container web', 'set /container web', 'remove /container/mounts web:/b',
                              'start /container web']
    apply_plan(session, plan)
    assert write_order(session) == [('stop', '/container'), ('set', '/container'), ('remove', '/container/mounts'),
                                    ('start', '/container')]
    assert [row['name'] for row in session.rows('/container/mounts')] == ['web:/a']


@pytest.mark.parametrize('version', LIST_VERSIONS)
def test_a_dropped_mount_of_a_list_is_removed_while_the_container_is_stopped(version):
    session = deployed(version, mounts=['usb1/a:/a', 'usb1/b:/b'])
    apply_plan(session, plan_for(session, mounts=['usb1/a:/a']))
    assert write_order(session) == [('stop', '/container'), ('remove', '/container/mounts'), ('start', '/container')]


@pytest.mark.parametrize('version', ITEM_VERSIONS)
def test_a_replacement_drops_mount_items_only_once_the_old_container_is_gone(version):
    session = deployed(version, mounts=['usb1/a:/a', 'usb1/b:/b'])
    apply_plan(session, plan_for(session, image='nginx:1.27-alpine', mounts=['usb1/a:/a']))
    order = write_order(session)
    old_removed = order.index(('remove', '/container'))
    assert order.index(('remove', '/container/mounts')) > old_removed, order
    assert order[-1] == ('start', '/container'), order


@pytest.mark.parametrize('version', ('7.16.2', '7.20.8', '7.24'))
def test_a_dropped_env_key_is_removed_while_the_container_is_stopped(version):
    session = deployed(version, env={'A': '1', 'B': '2'})
    plan = plan_for(session, env={'A': '1'})
    assert plan.actions() == ['stop /container web', 'remove /container/envs web/B', 'start /container web']
    apply_plan(session, plan)
    assert write_order(session) == [('stop', '/container'), ('remove', '/container/envs'), ('start', '/container')]
