# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Diffs written as the RouterOS commands a plan sends, with secrets masked and removals valueless."""

from __future__ import annotations

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.diff import cli_value, diff_sections
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.ownership import Marker
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.plan import Change, Plan, plan_update
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.envlist import EnvList
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.state import RouterState
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import (
    CONTAINER_CONFIG, CONTAINER_ENVS, FIREWALL_NAT)

SECRET = 'hunter2-Qz'


def env_plan(version, rows, env, secret_keys=(), state='present'):
    list_name = 'name' if version < '7.20' else 'list'
    raws = [dict({'.id': '*%d' % (index + 1), list_name: 'pihole', 'comment': '[rfc:envlist=pihole]'}, **row)
            for index, row in enumerate(rows)]
    router = RouterState.from_rows('r1', version, {CONTAINER_ENVS: raws})
    resource = EnvList()
    spec = resource.validate({'name': 'pihole', 'env': env, 'secret_keys': list(secret_keys), 'state': state,
                              'purge': True})
    return resource.plan(spec, router)


@pytest.mark.parametrize('version, list_property', [('7.16.2', 'name'), ('7.24', 'list')])
def test_an_add_is_the_console_command_with_the_versions_property_names(version, list_property):
    plan = env_plan(version, [], {'TZ': 'Europe/Riga'})
    [section] = diff_sections(plan)
    assert section['before_header'] == section['after_header'] == 'r1: /container/envs pihole/TZ'
    assert section['before'] == ''
    assert section['after'] == '/container/envs add %s=pihole key=TZ value=Europe/Riga comment="[rfc:envlist=pihole]"\n' % (
        list_property)


def test_a_set_names_the_row_and_shows_the_old_value_as_before():
    plan = env_plan('7.24', [{'key': 'TZ', 'value': 'UTC'}], {'TZ': 'Europe/Riga'})
    [section] = diff_sections(plan)
    assert section['before'] == '/container/envs set [find list=pihole key=TZ] value=UTC\n'
    assert section['after'] == '/container/envs set [find list=pihole key=TZ] value=Europe/Riga\n'


def test_a_secret_only_change_shows_one_masked_line():
    plan = env_plan('7.24', [{'key': 'PW', 'value': SECRET}], {'PW': SECRET + '-rotated'}, secret_keys=['PW'])
    [section] = diff_sections(plan)
    assert section['before'] == ''
    assert section['after'] == '/container/envs set [find list=pihole key=PW] value=********\n'


@pytest.mark.parametrize('version', ['7.16.2', '7.24'])
def test_a_removed_row_never_shows_its_value_even_when_no_spec_calls_it_secret(version):
    """Dropping a secret key (or the whole list) leaves no spec that knows the value was secret."""
    plan = env_plan(version, [{'key': 'PW', 'value': SECRET}, {'key': 'TZ', 'value': 'UTC'}], {'TZ': 'UTC'})
    assert plan.actions() == ['remove /container/envs pihole/PW']
    gone = env_plan(version, [{'key': 'PW', 'value': SECRET}], {}, state='absent')
    text = repr(diff_sections(plan)) + repr(diff_sections(gone))
    assert SECRET not in text
    assert 'remove [find ' in text and 'key=PW]' in text


def test_a_rule_without_a_name_is_found_by_our_marker():
    marker = Marker('stack=default', 'web:tcp/8081')
    router = RouterState.from_rows('r1', '7.24', {FIREWALL_NAT: [
        {'.id': '*9', 'chain': 'dstnat', 'action': 'dst-nat', 'to-ports': '8080', 'comment': marker.render()}]})
    row = router.rows(FIREWALL_NAT)[0]
    change = plan_update(router, FIREWALL_NAT, row, {'to_ports': '8081'}, 'web tcp/8081', marker=marker)
    [section] = diff_sections(Plan('r1', [change]), title='port_forward web')
    assert section['after_header'] == 'r1: port_forward web'
    assert section['after'] == '/ip/firewall/nat set [find comment~"rfc:stack=default#web:tcp/8081]"] to-ports=8081\n'
    assert section['before'] == '/ip/firewall/nat set [find comment~"rfc:stack=default#web:tcp/8081]"] to-ports=8080\n'


def test_a_settings_menu_has_no_find_and_a_secret_field_is_masked():
    change = Change('set', CONTAINER_CONFIG, label='', before={'password': '', 'memory_high': 0},
                    after={'password': SECRET, 'memory_high': 536870912},
                    attrs={'password': SECRET, 'memory-high': '536870912'})
    [section] = diff_sections(Plan('r7', [change]), title='config registry')
    assert section['after'] == '/container/config set password=******** memory-high=536870912\n'
    assert section['before'] == '/container/config set memory-high=0\n'
    assert SECRET not in repr(section)


def test_a_wait_sends_nothing_and_shows_nothing():
    assert diff_sections(Plan('r1', [Change('wait', None, label='web', step='wait')])) == []


@pytest.mark.parametrize('value, shown', [
    ('Europe/Riga', 'Europe/Riga'), ('', '""'), ('a b', '"a b"'), ('say "hi"', r'"say \"hi\""'),
    ('$HOME', r'"\$HOME"'), ('[rfc:x]', '"[rfc:x]"'),
])
def test_console_quoting(value, shown):
    assert cli_value(value) == shown


def test_one_objects_lines_stay_in_one_section_when_others_come_between():
    container = Change('command', None, item_id='*5', label='app', verb='stop', menu='/container')
    env = env_plan('7.24', [{'key': 'MODE', 'value': 'one'}], {'MODE': 'two'}).changes[0]
    start = Change('command', None, item_id='*5', label='app', verb='start', menu='/container')
    sections = diff_sections(Plan('r1', [container, env, start]))
    assert [section['after_header'] for section in sections] == ['r1: /container app', 'r1: /container/envs pihole/MODE']
    assert sections[0]['after'] == '/container stop *5\n/container start *5\n'
