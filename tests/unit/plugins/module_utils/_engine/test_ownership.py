# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.ownership import Marker, owner_for, quote, unquote


@pytest.mark.parametrize('comment, text, owner, key', [
    ('pihole DNS [rfc:stack=default]', 'pihole DNS', 'stack=default', None),
    ('[rfc:envlist=pihole]', '', 'envlist=pihole', None),
    ('[rfc:port_forward=web#web:tcp/8080]', '', 'port_forward=web', 'web:tcp/8080'),
    ('web [rfc:stack=default#web:udp/53]  ', 'web', 'stack=default', 'web:udp/53'),
])
def test_parse(comment, text, owner, key):
    user_text, marker = Marker.parse(comment)
    assert user_text == text
    assert marker == Marker(owner, key)


@pytest.mark.parametrize('comment', [
    None, '', 'defconf: masquerade', '[rfc:stack=default] added by hand later', 'x[rfc:stack=a]', '[rfc:]', '[RFC:stack=a]',
])
def test_not_ours(comment):
    text, marker = Marker.parse(comment)
    assert marker is None
    assert text == (comment or '')


def test_render_keeps_user_text_first():
    assert Marker('stack=default').render('pihole DNS') == 'pihole DNS [rfc:stack=default]'
    assert Marker('stack=default', 'web:tcp/80').render('') == '[rfc:stack=default#web:tcp/80]'


@given(st.text(min_size=1, max_size=20), st.one_of(st.none(), st.text(min_size=1, max_size=20)),
       st.text(max_size=30).filter(lambda text: text == text.strip()))
def test_round_trip(name, key, user_text):
    marker = Marker.for_owner('stack', name, key)
    text, parsed = Marker.parse(marker.render(user_text))
    assert parsed == marker
    assert text == user_text.strip()
    assert unquote(parsed.owner.split('=', 1)[1]) == name
    if key is not None:
        assert unquote(parsed.key) == key


def test_quote_keeps_marker_syntax_out():
    assert quote('a b]#c') == 'a%20b%5D%23c'
    assert unquote(quote('a b]#c%')) == 'a b]#c%'


def test_owner_for():
    assert owner_for('envlist', 'pihole') == 'envlist=pihole'
    assert owner_for('envlist', 'pihole', owner='stack=default') == 'stack=default'
    assert owner_for('veth', 'my veth') == 'veth=my%20veth'


def test_same_owner_different_key():
    assert Marker('stack=a', 'x').same_owner(Marker('stack=a', 'y'))
    assert not Marker('stack=a').same_owner(Marker('stack=b'))
    assert not Marker('stack=a').same_owner(None)
