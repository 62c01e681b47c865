# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema import normalize as n


@pytest.mark.parametrize('value, expected', [
    ('yes', True), ('no', False), ('true', True), ('false', False), (True, True), ('TRUE', True), ('', False),
])
def test_bool(value, expected):
    assert n.parse_bool(value) is expected


def test_bool_rejects_other_words():
    with pytest.raises(ValueError, match='yes/no'):
        n.parse_bool('maybe')


@pytest.mark.parametrize('value', ['1m30s', '90s', 90, '90', '00:01:30', '1m30000ms'])
def test_durations_compare_equal(value):
    assert n.parse_duration(value) == 90000


@pytest.mark.parametrize('text, milliseconds', [
    ('1w2d3h4m5s', ((((7 + 2) * 24 + 3) * 60 + 4) * 60 + 5) * 1000),
    ('500ms', 500), ('0s', 0), ('1d 00:00:01', 86401000), ('1.5s', 1500),
])
def test_duration_forms(text, milliseconds):
    assert n.parse_duration(text) == milliseconds


@pytest.mark.parametrize('bad', ['1x', 'm', '5s3', '', True, '-1s'])
def test_duration_rejects(bad):
    with pytest.raises(ValueError):
        n.parse_duration(bad)


@given(st.integers(min_value=0, max_value=10 ** 12))
def test_duration_round_trip(milliseconds):
    text = n.format_duration(milliseconds)
    assert n.parse_duration(text) == milliseconds
    assert n.format_duration(n.parse_duration(text)) == text


def test_duration_format_is_routeros_style():
    assert n.format_duration(90000) == '1m30s'
    assert n.format_duration(500) == '500ms'
    assert n.format_duration(0) == '0s'


@pytest.mark.parametrize('value', ['512M', '512MiB', '512m', 536870912, '536870912', '0.5G', '524288K'])
def test_sizes_compare_equal(value):
    assert n.parse_size(value) == 536870912


@pytest.mark.parametrize('value', ['unlimited', 0, '0', ''])
def test_unlimited_is_zero(value):
    assert n.parse_size(value) == 0


@given(st.integers(min_value=0, max_value=2 ** 50))
def test_size_round_trip(size):
    assert n.parse_size(n.format_size(size)) == size


def test_size_rejects_garbage():
    with pytest.raises(ValueError, match='512M'):
        n.parse_size('lots')


@pytest.mark.parametrize('value', ['data', '/data', 'data/', '/data/', ' /data '])
def test_paths_ignore_leading_and_trailing_slash(value):
    assert n.normalize_path(value) == '/data'


@given(st.lists(st.sampled_from(['usb1', 'etc', 'pi hole', 'a.b']), min_size=1, max_size=4))
def test_path_normalisation_is_idempotent(parts):
    path = '/'.join(parts)
    assert n.normalize_path(n.normalize_path(path)) == n.normalize_path(path) == n.normalize_path('/' + path + '/')


@pytest.mark.parametrize('value', ['nginx', 'nginx:latest', 'library/nginx', 'docker.io/library/nginx:latest',
                                   'registry-1.docker.io/library/nginx'])
def test_image_references(value):
    assert n.normalize_image(value) == 'docker.io/library/nginx:latest'


def test_image_registry_from_config():
    assert n.normalize_image('team/app:1.2', 'https://ghcr.io/') == 'ghcr.io/team/app:1.2'
    assert n.normalize_image('quay.io/team/app', 'https://ghcr.io') == 'quay.io/team/app:latest'
    assert n.normalize_image('localhost:5000/app') == 'localhost:5000/app:latest'
    assert n.normalize_image('nginx@sha256:abc') == 'docker.io/library/nginx@sha256:abc'


def test_image_rejects_spaces():
    with pytest.raises(ValueError):
        n.normalize_image('ngi nx')


def test_address_lists_ignore_order_and_spelling():
    assert n.normalize_address_list('fd00::2/64,172.17.0.2/24') == n.normalize_address_list(
        ['172.17.0.2/24', 'FD00:0::2/64']) == ['172.17.0.2/24', 'fd00::2/64']


def test_interface_address_keeps_host_bits():
    assert n.normalize_interface_address('172.17.0.2/24') == '172.17.0.2/24'
    assert n.normalize_interface_address('172.17.0.2') == '172.17.0.2/32'


def test_prefix_refuses_host_bits():
    assert n.normalize_prefix('172.17.0.0/24') == '172.17.0.0/24'
    with pytest.raises(ValueError, match='host bits'):
        n.normalize_prefix('172.17.0.1/24')
    with pytest.raises(ValueError, match='prefix length'):
        n.normalize_prefix('172.17.0.0')


def test_ip_rejects_garbage():
    with pytest.raises(ValueError, match='not an IP'):
        n.normalize_ip('300.1.1.1')


def test_kinds_parse_router_and_user_forms_alike():
    assert n.kind('bool').parse('true') == n.kind('bool').parse('yes')
    assert n.kind('set').parse('b,a') == n.kind('set').parse(['a', 'b'])
    assert n.kind('list').parse('b,a') == ['b', 'a']
    assert n.kind('ports').parse('80,8080-8090') == '80,8080-8090'
    assert n.kind('address').parse('') == ''
    assert n.kind('size').show(536870912) == '512MiB'
    assert n.kind('duration').render(90000) == '1m30s'
