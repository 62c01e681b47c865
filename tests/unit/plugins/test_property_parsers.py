# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Property tests for the value parsers every spec goes through.

Two promises are checked on generated input: what a parser accepts survives a round trip
through the router's form unchanged (otherwise a second run changes something again), and
what it refuses is refused with ``ValueError`` / ``SpecError`` naming the field, never
with another exception that would surface as a traceback instead of a message.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.normalize import (
    format_duration, format_size, normalize_image, normalize_path, parse_duration, parse_size,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.ports import parse_port, parse_ports

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# A week of milliseconds times a few thousand: far beyond any timeout a user writes.
durations_ms = st.integers(min_value=0, max_value=7 * 86400000 * 5000)
sizes = st.integers(min_value=0, max_value=1024 ** 4 * 64)
ports = st.integers(min_value=1, max_value=65535)
bad_ports = st.one_of(st.integers(max_value=0), st.integers(min_value=65536, max_value=10 ** 7))
protocols = st.sampled_from(['tcp', 'udp', 'TCP', 'Udp'])

# Text built from what users actually type, plus the odd character: durations and sizes.
duration_text = st.text(alphabet='0123456789.wdhms:u -+e', max_size=16)
# No '.': fractions below one byte are a known bug (test_size_known_escapes) that would hide others.
size_text = st.text(alphabet='0123456789kmgtibKMGTIB -+eun', max_size=12)


# --- durations ---------------------------------------------------------------------------

@SETTINGS
@given(durations_ms)
def test_duration_round_trips_through_the_router_form(milliseconds):
    assert parse_duration(format_duration(milliseconds)) == milliseconds


@SETTINGS
@given(durations_ms)
def test_every_duration_spelling_is_one_value(milliseconds):
    text = format_duration(milliseconds)
    assert parse_duration(text.upper()) == milliseconds
    if milliseconds % 1000 == 0:
        assert parse_duration(milliseconds // 1000) == milliseconds
        assert parse_duration(str(milliseconds // 1000)) == milliseconds


@SETTINGS
@given(st.one_of(duration_text, st.floats(min_value=0, max_value=1e12),
                 st.integers(min_value=0, max_value=10 ** 9)))
@example(float('nan'))
def test_duration_is_a_non_negative_count_or_a_value_error(value):
    try:
        result = parse_duration(value)
    except ValueError:
        return
    assert isinstance(result, int) and result >= 0, (value, result)


def test_duration_known_escapes():
    for value in (float('inf'), 1e306, -5, -0.5):
        with pytest.raises(ValueError):
            parse_duration(value)


# --- sizes -------------------------------------------------------------------------------

@SETTINGS
@given(sizes)
def test_size_round_trips_through_the_shown_form(size):
    assert parse_size(format_size(size)) == size
    assert parse_size(str(size)) == size


@SETTINGS
@given(st.integers(min_value=1, max_value=4096), st.sampled_from(['k', 'M', 'G', 'KiB', 'MiB', 'GiB', 'm', 'gib']))
def test_binary_prefixes_are_powers_of_1024(number, unit):
    factor = 1024 ** ('kmg'.index(unit[0].lower()) + 1)
    assert parse_size('%d%s' % (number, unit)) == number * factor


@SETTINGS
@given(st.one_of(size_text, st.integers(min_value=0, max_value=10 ** 12)))
@example('0')
def test_size_is_a_non_negative_count_or_a_value_error_and_never_silently_unlimited(value):
    try:
        result = parse_size(value)
    except ValueError:
        return
    assert isinstance(result, int) and result >= 0, (value, result)
    if result == 0:
        # 0 means "unlimited" to RouterOS: only an explicit zero or "unlimited" may mean that.
        text = str(value).strip().lower()
        assert text in ('unlimited', 'none', '') or float(text.rstrip('kmgtib ') or 0) == 0, (value, result)


def test_size_known_escapes():
    for value in ('0.3', -1):
        with pytest.raises(ValueError):
            parse_size(value)


# --- paths and images ----------------------------------------------------------------------

path_text = st.text(alphabet='abc/._-0', max_size=20)


@SETTINGS
@given(path_text)
def test_path_normalisation_is_idempotent_and_slash_insensitive(text):
    once = normalize_path(text)
    assert normalize_path(once) == once
    assert normalize_path('/' + text + '/') == once
    assert once == '' or (once.startswith('/') and not once.endswith('/'))


image_name = st.from_regex(r'[a-z0-9]+(?:[._-][a-z0-9]+)*', fullmatch=True)
image_ref = st.builds(
    lambda registry, path, tag: (registry + '/' if registry else '') + '/'.join(path) + (':' + tag if tag else ''),
    st.sampled_from(['', 'docker.io', 'ghcr.io', 'registry.example.com:5000', 'localhost']),
    st.lists(image_name, min_size=1, max_size=3),
    st.one_of(st.none(), st.from_regex(r'[A-Za-z0-9_][A-Za-z0-9_.-]{0,20}', fullmatch=True)),
)


@SETTINGS
@given(image_ref)
def test_image_normalisation_is_idempotent(reference):
    once = normalize_image(reference)
    assert normalize_image(once) == once
    assert ':' in once.rsplit('/', 1)[-1], once


# --- ports -------------------------------------------------------------------------------

@SETTINGS
@given(ports, ports, protocols, st.sampled_from(['', '0.0.0.0:', '10.1.2.3:', '192.168.88.1:']))
def test_short_syntax_round_trips(published, target, protocol, host):
    port = parse_port('%s%d:%d/%s' % (host, published, target, protocol), 'ports[0]')
    assert (port.published, port.target, port.protocol) == (str(published), str(target), protocol.lower())
    assert port.host_ip == (host[:-1] if host not in ('', '0.0.0.0:') else None)
    assert parse_port(str(port), 'ports[0]') == port
    long_form = parse_port({'published': published, 'target': target, 'protocol': protocol,
                            'host_ip': host[:-1] or None}, 'ports[0]')
    assert long_form == port


@SETTINGS
@given(st.one_of(st.tuples(bad_ports, ports), st.tuples(ports, bad_ports)), protocols)
def test_ports_out_of_range_name_the_field(pair, protocol):
    with pytest.raises(SpecError) as caught:
        parse_port('%d:%d/%s' % (pair[0], pair[1], protocol), 'containers[web].ports[3]')
    assert caught.value.field == 'containers[web].ports[3]'
    assert 'outside 1-65535' in caught.value.message or 'not a port number' in caught.value.message


@SETTINGS
@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(), st.booleans(), st.none(),
                 st.dictionaries(st.sampled_from(['published', 'target', 'protocol', 'host_ip', 'x']),
                                 st.one_of(st.text(max_size=8), st.integers(min_value=-5, max_value=70000)), max_size=4)))
def test_any_port_value_is_a_port_or_a_spec_error_with_the_field(value):
    try:
        port = parse_port(value, 'containers[a].ports[0]')
    except SpecError as error:
        assert error.field == 'containers[a].ports[0]'
        return
    for number in port.published.split('-') + port.target.split('-'):
        assert 1 <= int(number) <= 65535
    assert port.protocol in ('tcp', 'udp')


@SETTINGS
@given(st.lists(st.tuples(ports, ports, st.sampled_from(['tcp', 'udp'])), min_size=1, max_size=8))
def test_a_router_port_published_twice_is_refused(entries):
    texts = ['%d:%d/%s' % entry for entry in entries]
    keys = [(protocol, published) for published, dummy, protocol in entries]
    try:
        result = parse_ports(texts, 'containers[a].ports')
    except SpecError as error:
        assert len(set(keys)) < len(keys), (texts, error)
        duplicate = int(error.field.rsplit('[', 1)[1].rstrip(']'))
        assert keys[duplicate] in keys[:duplicate]
        return
    assert len(set(keys)) == len(keys)
    assert [str(port) for port in result] == texts


def test_infinite_and_nan_are_not_durations_in_any_form():
    for text in ('inf', 'nan', '1e309s'):
        with pytest.raises(ValueError):
            parse_duration(text)
    assert math.isfinite(parse_duration('1.5s'))
