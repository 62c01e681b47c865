# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Canonical forms, so that what the user wrote and what the router prints compare equal.

A second run must change nothing: ``1m30s`` and ``90s`` are one duration, ``512M`` and
``536870912`` one size, ``/data`` and ``data`` one mount path, ``nginx`` and
``docker.io/library/nginx:latest`` one image. Each ``Kind`` turns user input *and* the raw
string RouterOS prints into one canonical Python value (``parse``), turns that value into the
string RouterOS accepts (``render``) and into what a person reads in results (``show``).
Every parse failure is a ``ValueError`` whose text a caller wraps into a ``SpecError``.
"""

from __future__ import annotations

import math
import re

try:
    import netaddr
    HAS_NETADDR = True
except ImportError:  # pragma: no cover - reported by the module front with missing_required_lib
    netaddr = None
    HAS_NETADDR = False


_TRUE = frozenset(('yes', 'true', 'on', '1'))
_FALSE = frozenset(('no', 'false', 'off', '0', ''))


def parse_bool(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value != 0
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError('expected a boolean (yes/no/true/false), got %r' % (value,))


# --- durations -----------------------------------------------------------------------------
# Canonical: integer milliseconds. RouterOS prints `1w2d3h4m5s`, `500ms`, older builds also
# `00:01:30`; a bare number means seconds.

_DURATION_UNITS_MS = (('w', 7 * 86400000), ('d', 86400000), ('h', 3600000), ('m', 60000), ('s', 1000), ('ms', 1))
_DURATION_PART_RE = re.compile(r'(\d+(?:\.\d+)?)(ms|us|w|d|h|m|s)')
_CLOCK_RE = re.compile(r'^(?:(\d+)d\s*)?(\d+):(\d{1,2}):(\d{1,2})(?:\.(\d{1,3}))?$')


def parse_duration(value):
    if isinstance(value, bool):
        raise ValueError('expected a duration such as 1m30s, got %r' % (value,))
    if isinstance(value, (int, float)):
        return _bounded_duration(value * 1000, value)
    text = str(value).strip().lower()
    if re.match(r'^\d+(\.\d+)?$', text):
        return _bounded_duration(float(text) * 1000, value)
    clock = _CLOCK_RE.match(text)
    if clock:
        days, hours, minutes, seconds, fraction = clock.groups()
        total = ((int(days or 0) * 24 + int(hours)) * 60 + int(minutes)) * 60 + int(seconds)
        return total * 1000 + int((fraction or '0').ljust(3, '0'))
    position = 0
    total = 0.0
    for match in _DURATION_PART_RE.finditer(text):
        if match.start() != position:
            break
        number, unit = match.groups()
        total += float(number) * (0.001 if unit == 'us' else dict(_DURATION_UNITS_MS)[unit])
        position = match.end()
    if position == 0 or position != len(text):
        raise ValueError('expected a duration such as 1m30s, 90s or 500ms, got %r' % (value,))
    return _bounded_duration(total, value)


# RouterOS keeps durations in 32-bit seconds; anything larger (or negative, or not a number)
# would be refused mid-plan by the router, so it is refused here, before any write.
_MAX_DURATION_MS = (2 ** 32 - 1) * 1000


def _bounded_duration(milliseconds, value):
    if math.isnan(milliseconds) or milliseconds < 0 or milliseconds > _MAX_DURATION_MS:
        raise ValueError('expected a duration between 0s and 136y (such as 1m30s), got %r' % (value,))
    return int(round(milliseconds))


def format_duration(milliseconds):
    """RouterOS style: ``1w2d3h4m5s``, ``500ms``, ``0s``."""
    milliseconds = int(milliseconds)
    if milliseconds == 0:
        return '0s'
    parts = []
    for unit, size in _DURATION_UNITS_MS:
        count, milliseconds = divmod(milliseconds, size)
        if count:
            parts.append('%d%s' % (count, unit))
    return ''.join(parts)


# --- sizes ---------------------------------------------------------------------------------
# Canonical: integer bytes; 0 means unlimited (RouterOS prints an unset limit as `unlimited`).
# RouterOS counts in powers of 1024 whether it says `M` or `MiB`.

_SIZE_RE = re.compile(r'^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b?)$')
_SIZE_FACTORS = {'': 1, 'k': 1024, 'm': 1024 ** 2, 'g': 1024 ** 3, 't': 1024 ** 4}


def parse_size(value):
    if isinstance(value, bool):
        raise ValueError('expected a size such as 512M, got %r' % (value,))
    if isinstance(value, int):
        if value < 0:
            raise ValueError('expected a size of 0 (unlimited) or more bytes, got %r' % (value,))
        return value
    text = str(value).strip().lower()
    if text in ('unlimited', 'none', ''):
        return 0
    match = _SIZE_RE.match(text)
    if not match:
        raise ValueError('expected a size such as 512M, 512MiB, 536870912 or unlimited, got %r' % (value,))
    number, prefix, _suffix = match.groups()
    size = float(number) * _SIZE_FACTORS[prefix]
    if size != 0 and size < 1:
        # Rounding to 0 would mean "unlimited": a limit the user asked for would be lifted.
        raise ValueError('expected a whole number of bytes; %r is less than one byte' % (value,))
    return int(round(size))


def format_size(size):
    size = int(size)
    if size == 0:
        return 'unlimited'
    for unit in ('TiB', 'GiB', 'MiB', 'KiB'):
        factor = _SIZE_FACTORS[unit[0].lower()]
        if size % factor == 0:
            return '%d%s' % (size // factor, unit)
    return str(size)


# --- paths, lists ----------------------------------------------------------------------------

def normalize_path(value):
    """Paths as RouterOS 7.22+ stores them: one leading `/`, no trailing one; `data` == `/data/`.

    Older versions store what they were sent, so sending this form keeps every version equal.
    """
    stripped = str(value).strip().strip('/')
    return '/' + stripped if stripped else ''


def split_list(value):
    """A RouterOS comma list, or a Python list, as a list of stripped non-empty strings."""
    if value is None:
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        items = []
        for item in value:
            items.extend(split_list(item))
        return items
    return [item.strip() for item in str(value).split(',') if item.strip()]


# --- addresses ---------------------------------------------------------------------------------

def _require_netaddr():
    if not HAS_NETADDR:
        raise ValueError('the netaddr Python library is required on the controller to check addresses')


def normalize_ip(value):
    """One IPv4/IPv6 address without prefix, in canonical text (IPv6 compressed, lower case)."""
    _require_netaddr()
    text = str(value).strip()
    if '/' in text:
        raise ValueError('expected an address without prefix length, got %r' % (value,))
    try:
        return str(netaddr.IPAddress(text))
    except (netaddr.AddrFormatError, ValueError, TypeError):
        raise ValueError('not an IP address: %r' % (value,))


def normalize_interface_address(value):
    """An address with prefix length as set on an interface (`172.17.0.2/24`): host bits kept.

    A bare address gets the host prefix (/32, /128), which is what RouterOS assumes.
    """
    _require_netaddr()
    text = str(value).strip()
    try:
        network = netaddr.IPNetwork(text)
    except (netaddr.AddrFormatError, ValueError, TypeError):
        raise ValueError('not an IP address or address/prefix: %r' % (value,))
    return '%s/%d' % (network.ip, network.prefixlen)


def normalize_prefix(value):
    """A network (`172.17.0.0/24`); host bits set in the input are an error, not silently cleared."""
    _require_netaddr()
    text = str(value).strip()
    try:
        network = netaddr.IPNetwork(text)
    except (netaddr.AddrFormatError, ValueError, TypeError):
        raise ValueError('%r is not a subnet such as 172.17.0.0/24' % (value,))
    if '/' not in text:
        raise ValueError('%r is not a subnet: it needs a prefix length, such as 172.17.0.0/24' % (value,))
    if network.ip != network.network:
        raise ValueError('%r is not a subnet: it has host bits set; the network is %s/%d'
                         % (value, network.network, network.prefixlen))
    return '%s/%d' % (network.network, network.prefixlen)


def normalize_address_list(value):
    """Interface addresses in any order, as a sorted list (order on the router carries no meaning)."""
    addresses = [normalize_interface_address(item) for item in split_list(value)]
    return sorted(set(addresses), key=_address_sort_key)


def _address_sort_key(text):
    network = netaddr.IPNetwork(text)
    return (network.version, int(network.ip), network.prefixlen)


def ip_version(value):
    _require_netaddr()
    return netaddr.IPNetwork(str(value)).version


def parse_host_address(value):
    """A host address as docker writes it before a published port (``127.0.0.1``, ``[::1]``):
    canonical text, or None for the unspecified address (every address)."""
    text = str(value).strip()
    if text.startswith('[') and text.endswith(']'):
        text = text[1:-1]
    address = netaddr.IPAddress(normalize_ip(text))
    return None if int(address) == 0 else str(address)


def parse_subnet(value, min_hosts=2):
    """An IPv4 network for containers (``172.17.0.0/24``): a ``netaddr.IPNetwork``; ValueError
    when it is no network, has host bits set, is IPv6, or has no room for a gateway and
    ``min_hosts - 1`` containers."""
    network = netaddr.IPNetwork(normalize_prefix(value))
    if network.version != 4:
        raise ValueError('only IPv4 container subnets are supported (masquerade and the firewall rules are /ip ones)')
    if network.size - 2 < min_hosts:
        raise ValueError('subnet %s is too small: /%d leaves no room for a gateway and a container; use /30 or larger'
                         % (network, network.prefixlen))
    return network


def host_address(value, network, what='address'):
    """``value`` as a host address of ``network`` (an IPNetwork): ValueError when it is not an
    address, lies outside, or is the network or broadcast address."""
    address = netaddr.IPAddress(normalize_ip(str(value).split('/', 1)[0]))
    if address not in network:
        raise ValueError('%s %s is not a host address of the container subnet %s: not inside it' % (what, address, network))
    if address in (network.network, network.broadcast):
        raise ValueError('%s %s is not a host address of the container subnet %s: it is the network or broadcast address'
                         % (what, address, network))
    return address


def address_in_network(address, network):
    _require_netaddr()
    return netaddr.IPAddress(str(address).split('/', maxsplit=1)[0]) in netaddr.IPNetwork(str(network)).cidr


# --- ports (the published-port type itself is in ports.py) ------------------------------------

def parse_port_range(value, what='port'):
    """``80``, ``8080-8090`` -> (first, last), each 1..65535, first <= last; ValueError otherwise."""
    text = str(value).strip()
    match = re.match(r'^(\d{1,5})(?:-(\d{1,5}))?$', text)
    if not match:
        raise ValueError('%s %r is not a port number or a range like 8000-8010' % (what, text))
    first = int(match.group(1))
    last = int(match.group(2)) if match.group(2) else first
    for number in (first, last):
        if not 1 <= number <= 65535:
            raise ValueError('%s %d is outside 1-65535' % (what, number))
    if last < first:
        raise ValueError('%s range %r runs backwards' % (what, text))
    return first, last


def format_port_range(first, last):
    return str(first) if first == last else '%d-%d' % (first, last)


def normalize_port_range(value):
    return format_port_range(*parse_port_range(value))


# --- images --------------------------------------------------------------------------------------

DEFAULT_REGISTRY = 'docker.io'


def registry_host(registry_url):
    """`https://registry-1.docker.io` -> `docker.io`; `https://ghcr.io/` -> `ghcr.io`."""
    if not registry_url:
        return DEFAULT_REGISTRY
    host = re.sub(r'^[a-z]+://', '', str(registry_url).strip().lower()).split('/')[0]
    if host in ('registry-1.docker.io', 'index.docker.io', 'registry.hub.docker.com'):
        return DEFAULT_REGISTRY
    return host


def normalize_image(value, registry_url=None):
    """`nginx` = `nginx:latest` = `docker.io/library/nginx:latest`.

    A reference without a registry is resolved against ``registry_url`` (the router's
    `/container/config registry-url`), Docker Hub when none is given.
    """
    text = str(value).strip()
    if not text or ' ' in text:
        raise ValueError('not an image reference: %r' % (value,))
    digest = ''
    if '@' in text:
        text, _sep, digest = text.partition('@')
        digest = '@' + digest
    first, _sep, rest = text.partition('/')
    if rest and ('.' in first or ':' in first or first == 'localhost'):
        registry, path = registry_host(first), rest
    else:
        registry, path = registry_host(registry_url), text
    last = path.rsplit('/', 1)[-1]
    if ':' not in last and not digest:
        path += ':latest'
    if registry == DEFAULT_REGISTRY and '/' not in path:
        path = 'library/' + path
    return '%s/%s%s' % (registry, path, digest)


# --- kinds: the normalisers the tables name --------------------------------------------------

class Kind(object):
    """How one kind of value is read, sent and shown."""

    def __init__(self, name, parse, render=str, show=None):
        self.name = name
        self.parse = parse
        self.render = render
        self.show = show or (lambda value: value)


def _parse_str(value):
    return '' if value is None else str(value)


def _parse_int(value):
    if isinstance(value, bool):
        raise ValueError('expected a number, got %r' % (value,))
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValueError('expected a number, got %r' % (value,))


_SIGNALS = ('HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT CHLD CONT STOP'
            ' TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO PWR SYS').split()


def parse_signal(value):
    """`15` = `SIGTERM` = `TERM` = `15-SIGTERM` (how recent releases print it) -> '15'.

    A string, as the option is one: what container_info reports feeds back unchanged.
    """
    text = str(value).strip().upper()
    if text == '':
        return None
    number = text.split('-', 1)[0]
    if number.isdigit():
        signal = int(number)
    else:
        name = text[3:] if text.startswith('SIG') else text
        if name == 'ABTR':   # RouterOS's own spelling of SIGABRT
            name = 'ABRT'
        if name not in _SIGNALS:
            raise ValueError('%r is not a signal such as 15 or SIGTERM' % (value,))
        signal = _SIGNALS.index(name) + 1
    if not 1 <= signal <= len(_SIGNALS):
        raise ValueError('%r is not a signal between 1 and %d' % (value, len(_SIGNALS)))
    return str(signal)


def _render_bool(value):
    return 'yes' if value else 'no'


def _parse_address(value):
    text = str(value).strip()
    if text == '':
        return ''
    if '/' in text:
        return normalize_interface_address(text)
    return normalize_ip(text)


KINDS = dict((kind.name, kind) for kind in (
    Kind('str', _parse_str),
    Kind('int', _parse_int),
    Kind('signal', parse_signal),
    Kind('bool', parse_bool, _render_bool),
    Kind('duration', parse_duration, format_duration, format_duration),
    Kind('size', parse_size, str, format_size),
    Kind('path', normalize_path),
    Kind('list', split_list, ','.join),
    Kind('set', lambda value: sorted(set(split_list(value))), ','.join),
    Kind('address', _parse_address),
    Kind('addresses', normalize_address_list, ','.join),
    Kind('ports', lambda value: '' if str(value).strip() == '' else ','.join(
        normalize_port_range(part) for part in split_list(value))),
))


def kind(name):
    return KINDS[name]
