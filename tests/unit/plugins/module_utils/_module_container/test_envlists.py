# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Env list names are checked against the router while planning; the module's own list needs none."""

from __future__ import annotations

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError

from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.simulated_session import SimulatorSession
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.plans import converge_container, plan_container

ITEM_VERSIONS = ('7.16.2', '7.19.6', '7.20.8')
LIST_VERSIONS = ('7.21.5', '7.24')


def env_row(version, list_name, key, value):
    row = {'key': key, 'value': value}
    row['list' if version >= '7.20' else 'name'] = list_name
    return row


@pytest.mark.parametrize('version', ITEM_VERSIONS + LIST_VERSIONS)
def test_an_unknown_envlist_is_refused_before_any_write(version):
    session = SimulatorSession(version)
    with pytest.raises(SpecError) as info:
        plan_container(session, envlist=['no-such-list'])
    message = str(info.value)
    assert 'field envlist' in message and "env list 'no-such-list' does not exist" in message, message
    assert 'host %s' % session.host in message, message
    assert session.writes == []


@pytest.mark.parametrize('version', ITEM_VERSIONS + LIST_VERSIONS)
def test_an_existing_envlist_is_referenced(version):
    session = SimulatorSession(version)
    session.seed('/container/envs', env_row(version, 'shared', 'TZ', 'UTC'))
    converge_container(session, envlist=['shared'])
    [add] = [write for write in session.writes if write[:2] == ('add', '/container')]
    assert add[2]['envlists' if version >= '7.20' else 'envlist'] == 'shared'


@pytest.mark.parametrize('version', ('7.16.2', '7.24'))
def test_the_module_own_env_list_needs_no_existing_rows(version):
    session = SimulatorSession(version)
    converge_container(session, env={'TZ': 'UTC'})
    assert [row['key'] for row in session.rows('/container/envs')] == ['TZ']
