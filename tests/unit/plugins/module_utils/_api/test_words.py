# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.words import (
    attribute_words,
    format_value,
    menu_path,
    parse_word,
    parse_words,
    proplist_word,
    query_words,
)


@pytest.mark.parametrize('word, expected', [
    ('=name=pihole', ('name', 'pihole')),
    ('=cmd=sh -c a=b', ('cmd', 'sh -c a=b')),
    ('=comment=', ('comment', '')),
    ('=value==x==', ('value', '=x==')),
    ('=.id=*1A', ('.id', '*1A')),
    ('.tag=7', ('.tag', '7')),
    ('=running=true', ('running', 'true')),
    ('=memory-high=007', ('memory-high', '007')),
    ('=flag', ('flag', '')),
])
def test_parse_word_keeps_raw_strings(word, expected):
    assert parse_word(word) == expected


def test_parse_words_builds_a_dict_of_strings():
    assert parse_words(['=.id=*1', '=disabled=false', '=port=80', '.tag=0']) == {
        '.id': '*1', 'disabled': 'false', 'port': '80', '.tag': '0'}


@pytest.mark.parametrize('menu, expected', [
    ('/container', '/container'),
    ('/container/envs', '/container/envs'),
    ('/container envs', '/container/envs'),
    ('ip/firewall/nat/', '/ip/firewall/nat'),
])
def test_menu_path(menu, expected):
    assert menu_path(menu) == expected


def test_menu_path_rejects_empty():
    with pytest.raises(ValueError):
        menu_path(' / ')


@pytest.mark.parametrize('value, expected', [
    (True, 'yes'), (False, 'no'), (0, '0'), (8080, '8080'), ('a=b', 'a=b'),
    (['a', 'b'], 'a,b'), ((), ''),
])
def test_format_value(value, expected):
    assert format_value(value) == expected


def test_attribute_words():
    assert attribute_words({'name': 'x', 'start-on-boot': True, 'envlists': ['a', 'b']}) == [
        '=name=x', '=start-on-boot=yes', '=envlists=a,b']


def test_attribute_words_unset_only_where_allowed():
    assert attribute_words({'comment': None}, allow_unset=True) == ['=!comment=']
    with pytest.raises(ValueError, match='comment'):
        attribute_words({'comment': None})


def test_query_words_from_dict_and_list():
    assert query_words({'name': 'pihole', 'disabled': False}) == ['?=name=pihole', '?=disabled=no']
    assert query_words(['?name', '?-disabled', '?#|']) == ['?name', '?-disabled', '?#|']
    assert query_words(None) == []
    with pytest.raises(ValueError, match='must start'):
        query_words(['name=x'])


def test_proplist_word():
    assert proplist_word(None) == []
    assert proplist_word(('name', '.id')) == ['=.proplist=name,.id']
    assert proplist_word('name') == ['=.proplist=name']
