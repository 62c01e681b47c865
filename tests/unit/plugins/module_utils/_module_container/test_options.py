# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Option validation, the mapping of options onto each RouterOS version, and the /container field
table against the options: every field an option (and documented), every option a field."""

from __future__ import annotations

import pytest
import yaml

from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container import options
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.container import CONTAINER
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.modules import container as container_module

from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.simulated_session import SimulatorSession
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.container import lifecycle_steps
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.plans import container_params, converge_container, plan_container


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


def error(function, *args, **kwargs):
    with pytest.raises(SpecError) as info:
        function(*args, **kwargs)
    return info.value


def test_valid_spec_is_canonical():
    spec = options.validate(container_params(stop_time='1m30s', memory_high='256M', logging='yes', dns=['1.1.1.1'],
                                             healthcheck={'test': ['CMD', 'curl', '-f', 'http://x/'], 'interval': '30s', 'retries': 3},
                                             mounts=['data:/data:ro', {'src': 'usb1/x', 'dst': '/x'}],
                                             env={'TZ': 'UTC', 'PORT': 80}, secret_env=['TZ']))
    assert spec.values['stop_time'] == 90000
    assert spec.values['memory_high'] == 256 * 1024 * 1024
    assert spec.values['logging'] is True
    assert spec.values['healthcheck_cmd'] == 'curl -f http://x/'
    assert spec.values['healthcheck_interval'] == 30000
    assert spec.values['healthcheck_retries'] == 3
    assert spec.env == {'TZ': 'UTC', 'PORT': '80'}
    assert [mount.read_only for mount in spec.mounts] == [True, False]
    assert spec.wait_timeout == 300


@pytest.mark.parametrize('overrides, field', [
    (dict(image=None), 'image'),
    (dict(file='x.tar'), 'image'),
    (dict(stop_time='ten seconds'), 'stop_time'),
    (dict(memory_high='lots'), 'memory_high'),
    (dict(wait_timeout='0s'), 'wait_timeout'),
    (dict(wait_timeout='soon'), 'wait_timeout'),
    (dict(name='bad name'), 'name'),
    (dict(mounts=['nodst']), 'mounts[0]'),
    (dict(mounts=[{'src': 'a'}]), 'mounts[0].dst'),
    (dict(secret_env=['X']), 'secret_env'),
    (dict(env={'A': '1'}, secret_env=['B']), 'secret_env'),
    (dict(env={'A': True}), 'env.A'),
    (dict(restart_retries=3), 'restart_policy'),
    (dict(comment='x [rfc:stack=a]'), 'comment'),
    (dict(healthcheck={'test': []}), 'healthcheck.test'),
    (dict(image='bad image'), 'image'),
])
def test_bad_input_names_the_field(overrides, field):
    assert error(options.validate, container_params(**overrides)).field == field


def test_absent_needs_no_image():
    assert options.validate(container_params(image=None, state='absent')).state == 'absent'


def test_healthcheck_shell_form():
    spec = options.validate(container_params(healthcheck={'test': ['CMD-SHELL', 'curl -f http://x/ || exit 1']}))
    assert spec.values['healthcheck_cmd'] == 'curl -f http://x/ || exit 1'


@pytest.mark.parametrize('overrides, version, field, needs', [
    (dict(stop_time='10s'), '7.20.8', 'stop_time', '7.21'),
    (dict(memory_high='1G'), '7.19.6', 'memory_high', '7.20'),
    (dict(memory_max='1G'), '7.22.3', 'memory_max', '7.23'),
    (dict(hosts=['a:1.2.3.4']), '7.20.8', 'hosts', '7.21'),
    (dict(healthcheck={'test': 'true'}), '7.21.5', 'healthcheck', '7.22'),
    (dict(restart_policy='always'), '7.19.6', 'restart_policy', '7.20'),
    (dict(restart_policy='always', restart_retries=3), '7.21.5', 'restart_retries', '7.23'),
    (dict(envlist=['a', 'b']), '7.16.2', 'envlist', '7.20'),
    (dict(interface=['v1', 'v2']), '7.19.6', 'interface', '7.20'),
    (dict(envlist=['a'], env={'X': '1'}), '7.18.2', 'envlist', '7.20'),
])
def test_option_the_version_lacks_names_the_version(overrides, version, field, needs):
    spec = options.validate(container_params(**overrides))
    managed = spec.managed_list_name if spec.env is not None else None
    failure = error(options.for_version, spec, version, 'r1', managed_envlist=managed)
    assert failure.field == field
    assert needs in failure.message
    assert version in failure.message
    assert 'host r1' in str(failure)


def test_healthcheck_ignored_with_opt_in_warns():
    spec = options.validate(container_params(healthcheck={'test': 'true', 'interval': '5s'}, healthcheck_emulation='ignore'))
    values, warnings = options.for_version(spec, '7.20.8', 'r1')
    assert not [key for key in values if key.startswith('healthcheck')]
    assert len(warnings) == 1 and '7.20.8' in warnings[0]
    values, warnings = options.for_version(spec, '7.22.3', 'r1')
    assert values['healthcheck_cmd'] == 'true' and not warnings


def test_restart_policy_per_version():
    spec = options.validate(container_params(restart_policy='on-failure', restart_interval='30s'))
    emulated, warnings = options.for_version(spec, '7.21.5')
    assert emulated['auto_restart_interval'] == 30000 and 'emulated' in warnings[0]
    native = options.for_version(spec, '7.23.3')[0]
    assert native['restart_policy'] == 'on-failure' and native['restart_interval'] == 30000
    assert 'auto_restart_interval' not in native
    default_interval = options.for_version(options.validate(container_params(restart_policy='always')), '7.20.8')[0]
    assert default_interval['auto_restart_interval'] == options.DEFAULT_RESTART_INTERVAL
    assert options.for_version(options.validate(container_params(restart_policy='no')), '7.20.8')[0]['auto_restart_interval'] is None
    assert 'restart_policy' not in options.for_version(options.validate(container_params(restart_policy='no')), '7.16.2')[0]


def test_managed_lists_join_the_named_ones():
    spec = options.validate(container_params(envlist=['shared'], env={'A': '1'}))
    values = options.for_version(spec, '7.20.8', managed_envlist='web', managed_mountlist='web')[0]
    assert values['envlist'] == ['shared', 'web']
    assert values['mountlist'] == ['web']


def test_unknown_option_is_named():
    failure = error(options.validate, dict(container_params(), volumes=['a:b']))
    assert failure.field == 'volumes'


# Every field of the /container table is an option (and documented), every option a field, with reasons.

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
    spec = options.validate(container_params(**overrides))
    if option in ROUTED_OPTIONS:
        assert getattr(spec, option) is not None
    else:
        assert option in spec.values


@pytest.mark.parametrize('option, value, since, before, ros_name, sent', NEW_OPTIONS)
def test_new_option_is_sent_on_the_version_that_has_it(option, value, since, before, ros_name, sent):
    session = SimulatorSession(since)
    converge_container(session, **{option: value})
    [add] = [write for write in session.writes if write[:2] == ('add', '/container')]
    assert ros_name in add[2]
    if sent is not None:
        assert add[2][ros_name] == sent
    # Read back and planned again: nothing to change.
    assert lifecycle_steps(plan_container(session, **{option: value})) == []


@pytest.mark.parametrize('option, value, since, before, ros_name, sent', NEW_OPTIONS)
def test_new_option_on_an_older_router_names_option_and_version(option, value, since, before, ros_name, sent):
    session = SimulatorSession(before)
    with pytest.raises(SpecError) as info:
        plan_container(session, **{option: value})
    message = str(info.value)
    assert 'field %s' % option in message and since.rsplit('.', 1)[0] in message, message
    assert 'host %s' % session.host in message, message
    assert session.writes == []
