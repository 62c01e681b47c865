# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
from jinja2 import StrictUndefined
from jinja2.exceptions import UndefinedError

from ansible.errors import AnsibleFilterError

from ansible_collections.routeros_fleet.containers.plugins.filter.containers_for_host import FilterModule, containers_for_host

FLEET = [
    {'name': 'pihole', 'image': 'pihole/pihole:latest', 'env': {'TZ': 'UTC', 'WEBPASSWORD': 'x'}, 'ports': ['53:53/udp']},
    {'name': 'whoami', 'image': 'traefik/whoami:latest'},
]


def test_overrides_merge_mappings_and_replace_the_rest():
    result = containers_for_host(FLEET, {'pihole': {'env': {'TZ': 'Europe/Riga'}, 'ports': ['5353:53/udp']}})
    assert result[0]['env'] == {'TZ': 'Europe/Riga', 'WEBPASSWORD': 'x'}
    assert result[0]['ports'] == ['5353:53/udp']
    assert result[1] == FLEET[1]
    assert FLEET[0]['env']['TZ'] == 'UTC', 'the fleet list must not change'


def test_exclude_keeps_order_of_the_rest():
    assert [item['name'] for item in containers_for_host(FLEET, exclude=['pihole'])] == ['whoami']


def test_exclude_of_a_container_the_list_no_longer_has_is_ignored():
    assert containers_for_host(FLEET, exclude=['unbound']) == FLEET


def test_null_in_an_override_removes_the_key():
    result = containers_for_host(FLEET, {'pihole': {'env': {'WEBPASSWORD': None}, 'ports': None}})
    assert result[0]['env'] == {'TZ': 'UTC'} and 'ports' not in result[0]
    assert FLEET[0]['env']['WEBPASSWORD'] == 'x'


def test_the_result_shares_nothing_the_caller_could_change():
    fleet = [{'name': 'web', 'image': 'nginx', 'env': {'A': '1'}, 'ports': ['80:80'], 'mounts': [{'src': 'usb1/w', 'dst': '/w'}]}]
    result = containers_for_host(fleet, {'web': {'env': {'B': '2'}}})
    result[0]['ports'].append('81:81')
    result[0]['mounts'][0]['dst'] = '/x'
    plain = containers_for_host(fleet)
    plain[0]['env']['C'] = '3'
    assert fleet == [{'name': 'web', 'image': 'nginx', 'env': {'A': '1'}, 'ports': ['80:80'], 'mounts': [{'src': 'usb1/w', 'dst': '/w'}]}]
    assert plain[0].__class__ is dict and plain[0]['ports'].__class__ is list   # plain copies, not the caller's kinds


def test_nothing_to_do():
    assert containers_for_host(FLEET) == FLEET
    assert FilterModule().filters()['containers_for_host'] is containers_for_host


@pytest.mark.parametrize('overrides, exclude, message', [
    ({'unbound': {'image': 'x'}}, [], 'no container named unbound'),
    ({'pihole': 'x'}, [], 'override of pihole must be a mapping'),
    ({'pihole': {'name': 'dns'}}, [], 'cannot rename'),
    ([], [], 'must map container names'),
    ({}, 'pihole', 'must be a list'),
])
def test_mistakes_are_named(overrides, exclude, message):
    with pytest.raises(AnsibleFilterError, match=message):
        containers_for_host(FLEET, overrides, exclude)


def test_an_undefined_container_list_is_named_as_undefined():
    # What ansible-core before 2.19 hands the filter for an undefined variable.
    with pytest.raises(UndefinedError, match="'routeros_containers' is undefined"):
        containers_for_host(StrictUndefined(name='routeros_containers'))


def test_a_container_list_that_is_no_list_is_named():
    with pytest.raises(AnsibleFilterError, match='routeros_containers must be a list of containers, got str'):
        containers_for_host('web')
