# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Published ports in docker's short syntax (``8080:80``, ``53:53/udp``, ``127.0.0.1:8080:80``)
and compose's long syntax (``{published: 8080, target: 80, protocol: udp}``).

A router publishes a port with a dstnat rule: ``dst-port`` is the published port,
``to-ports`` the container's. RouterOS maps a port range to a range only when both are the
same, so ``8000-8010:9000-9010`` is refused here rather than silently mis-mapped.
"""

from __future__ import annotations

import ipaddress
import re

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError

# What /ip/firewall/nat port forwards (the port_forward resource) handle.
PROTOCOLS = ('tcp', 'udp')

_RANGE_RE = re.compile(r'^(\d{1,5})(?:-(\d{1,5}))?$')


class PortSpec(object):
    """One published port (or range): what one dstnat rule carries."""

    __slots__ = ('protocol', 'published', 'target', 'host_ip')

    def __init__(self, protocol, published, target, host_ip=None):
        self.protocol = protocol
        self.published = published
        self.target = target
        self.host_ip = host_ip

    @property
    def key(self):
        """What makes two port forwards the same rule: two rules may not share it."""
        return (self.protocol, self.published, self.host_ip or '')

    def __eq__(self, other):
        return isinstance(other, PortSpec) and self.as_dict() == other.as_dict()

    def __hash__(self):
        return hash(tuple(sorted(self.as_dict().items())))

    def as_dict(self):
        return {'protocol': self.protocol, 'published': self.published, 'target': self.target, 'host_ip': self.host_ip}

    def __str__(self):
        text = '%s:%s/%s' % (self.published, self.target, self.protocol)
        return '%s:%s' % (self.host_ip, text) if self.host_ip else text

    def __repr__(self):
        return 'PortSpec(%r)' % str(self)


def _port_range(text, field, what):
    match = _RANGE_RE.match(text.strip())
    if not match:
        raise SpecError('%s port %r is not a port number or a range like 8000-8010' % (what, text), field=field)
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) else low
    for number in (low, high):
        if not 1 <= number <= 65535:
            raise SpecError('%s port %d is outside 1-65535' % (what, number), field=field)
    if high < low:
        raise SpecError('%s port range %r runs backwards' % (what, text), field=field)
    return '%d-%d' % (low, high) if high != low else str(low)


def _host_ip(text, field):
    text = text.strip()
    if text.startswith('[') and text.endswith(']'):
        text = text[1:-1]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        raise SpecError('host address %r is not an IP address' % text, field=field)
    if address.version != 4:
        raise SpecError('host address %s: only IPv4 port forwards are supported' % text, field=field)
    if address.is_unspecified:
        return None
    return str(address)


def _build(protocol, published, target, host_ip, field):
    protocol = str(protocol).strip().lower()
    if protocol not in PROTOCOLS:
        raise SpecError('protocol %r is not one of %s' % (protocol, ', '.join(PROTOCOLS)), field=field)
    published = _port_range(str(published), field, 'published')
    target = _port_range(str(target), field, 'container')
    if ('-' in published or '-' in target) and published != target:
        raise SpecError('RouterOS forwards a port range only onto the same range (%s -> %s); publish it as %s:%s'
                        % (published, target, target, target), field=field)
    return PortSpec(protocol, published, target, host_ip)


def parse_port(value, field):
    """One entry of ``ports``: a short-syntax string, a bare number, or a long-syntax dict."""
    if isinstance(value, dict):
        unknown = sorted(set(value) - {'published', 'target', 'protocol', 'host_ip', 'mode', 'name', 'app_protocol'})
        if unknown:
            raise SpecError('unknown key(s) %s; use published, target, protocol, host_ip' % ', '.join(unknown), field=field)
        if value.get('target') in (None, ''):
            raise SpecError('target (the container port) is required', field=field)
        if value.get('published') in (None, ''):
            raise SpecError('published (the router port) is required: a router has no random host ports', field=field)
        host_ip = _host_ip(str(value['host_ip']), field) if value.get('host_ip') else None
        return _build(value.get('protocol') or 'tcp', value['published'], value['target'], host_ip, field)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise SpecError('expected a string like "8080:80/tcp" or a dict, got %r' % (value,), field=field)
    text = str(value).strip()
    protocol = 'tcp'
    if '/' in text:
        text, protocol = text.rsplit('/', 1)
    # An IPv6 host address is bracketed: [::1]:8080:80.
    host_ip = None
    if text.startswith('['):
        closing = text.find(']:')
        if closing < 0:
            raise SpecError('%r: a bracketed host address must be followed by ":port"' % value, field=field)
        host_ip = _host_ip(text[:closing + 1], field)
        text = text[closing + 2:]
    parts = text.split(':')
    if len(parts) == 3 and host_ip is None:
        host_ip = _host_ip(parts[0], field) if parts[0] else None
        parts = parts[1:]
    if len(parts) == 1:
        raise SpecError('%r names only the container port; write "published:container", e.g. "%s:%s"'
                        % (value, parts[0], parts[0]), field=field)
    if len(parts) != 2 or not parts[0]:
        raise SpecError('%r is not "[host_ip:]published:container[/protocol]"' % (value,), field=field)
    return _build(protocol, parts[0], parts[1], host_ip, field)


def parse_ports(values, field):
    """The whole ``ports`` list; two entries publishing the same router port are an error."""
    if values is None:
        return []
    if not isinstance(values, list):
        raise SpecError('expected a list of ports such as ["8080:80", "53:53/udp"]', field=field)
    ports = []
    seen = {}
    for index, value in enumerate(values):
        entry_field = '%s[%d]' % (field, index)
        port = parse_port(value, entry_field)
        if port.key in seen:
            raise SpecError('publishes %s/%s again (already in %s)' % (port.published, port.protocol, seen[port.key]),
                            field=entry_field)
        seen[port.key] = entry_field
        ports.append(port)
    return ports
