# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A published port, parsed once: the one ``Port`` the stack, compose and the port_forward
module share.

A router publishes a port with a dstnat rule: ``dst-port`` is the published port, ``to-ports``
the container's. Two syntaxes reach here:

* docker's (the stack's ``ports``, compose): ``8080:80``, ``53:53/udp``, ``127.0.0.1:8080:80``,
  or compose's long syntax ``{published: 8080, target: 80, protocol: udp}``. A bare ``80``
  means "a random host port" there, which a router has not: refused. A range maps only onto
  itself: docker reads ``8000-8010:80`` as "one of these", which a dstnat rule cannot say.
* the port_forward module's rules: ``8080:80/udp``, ``53/udp`` (the same port inside), or
  ``{port, to_port, protocol}``; a range may also go to one port or to a range as wide.
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.normalize import (
    format_port_range, parse_host_address, parse_port_range,
)

# What /ip/firewall/nat port forwards handle.
PROTOCOLS = ('tcp', 'udp')

_COMPOSE_KEYS = ('published', 'target', 'protocol', 'host_ip', 'mode', 'name', 'app_protocol')
_RULE_KEYS = ('port', 'to_port', 'protocol')


class Port(object):
    """One published port or range: ``published`` on the router -> ``target`` in the container,
    optionally only on the router address ``host_ip``."""

    __slots__ = ('protocol', 'published', 'target', 'host_ip')

    def __init__(self, protocol, published, target, host_ip=None):
        self.protocol = protocol
        self.published = published
        self.target = target
        self.host_ip = host_ip

    @property
    def rule_key(self):
        """``tcp/8080``: what names the dstnat rule in its marker."""
        return '%s/%s' % (self.protocol, self.published)

    def overlaps(self, other):
        """Whether this port and ``other`` take some of the same router ports (same protocol and address)."""
        same_address = not self.host_ip or not other.host_ip or self.host_ip == other.host_ip
        return self.protocol == other.protocol and same_address and ranges_overlap(self.published, other.published)

    def as_dict(self):
        return {'protocol': self.protocol, 'published': self.published, 'target': self.target, 'host_ip': self.host_ip}

    def __eq__(self, other):
        return isinstance(other, Port) and self.as_dict() == other.as_dict()

    def __hash__(self):
        return hash((self.protocol, self.published, self.target, self.host_ip))

    def __str__(self):
        text = '%s:%s/%s' % (self.published, self.target, self.protocol)
        return '%s:%s' % (self.host_ip, text) if self.host_ip else text

    def __repr__(self):
        return 'Port(%r)' % str(self)


def ranges_overlap(first, second):
    """Whether two port texts (``80``, ``8000-8010``) share a port."""
    first, second = parse_port_range(first), parse_port_range(second)
    return first[0] <= second[1] and second[0] <= first[1]


def _range(value, what, field):
    try:
        return parse_port_range(value, what)
    except ValueError as error:
        raise SpecError(str(error), field=field)


def _host_ip(text, field):
    try:
        address = parse_host_address(text)
    except ValueError:
        raise SpecError('host address %r is not an IP address' % text, field=field)
    if address is not None and ':' in address:
        raise SpecError('host address %s: only IPv4 port forwards are supported' % text, field=field)
    return address


def _build(protocol, published, target, host_ip, field, compose):
    protocol = str(protocol).strip().lower()
    if protocol not in PROTOCOLS:
        raise SpecError('protocol %r is not one of %s' % (protocol, ', '.join(PROTOCOLS)), field=field)
    outside = _range(published, 'published port', field)
    inside = _range(target, 'container port', field)
    if compose and (outside[0] != outside[1] or inside[0] != inside[1]) and outside != inside:
        raise SpecError('RouterOS forwards a port range only onto the same range (%s -> %s); publish it as %s:%s'
                        % (format_port_range(*outside), format_port_range(*inside), format_port_range(*inside),
                           format_port_range(*inside)), field=field)
    if inside[0] != inside[1] and inside[1] - inside[0] != outside[1] - outside[0]:
        raise SpecError('%s maps %d ports onto %d' % (format_port_range(*outside), outside[1] - outside[0] + 1,
                                                      inside[1] - inside[0] + 1), field=field)
    return Port(protocol, format_port_range(*outside), format_port_range(*inside), host_ip)


def _from_dict(value, field, compose):
    keys = _COMPOSE_KEYS if compose else _RULE_KEYS
    unknown = sorted(set(value) - set(keys))
    if unknown:
        raise SpecError('unknown key(s) %s; use %s' % (', '.join(unknown), ', '.join(keys[:4] if compose else keys)), field=field)
    if not compose:
        if value.get('port') in (None, ''):
            raise SpecError('port (the public port on the router) is required', field=field + '.port')
        return _from_text(value['port'], field, compose, to_port=value.get('to_port'), protocol=value.get('protocol'))
    if value.get('target') in (None, ''):
        raise SpecError('target (the container port) is required', field=field)
    if value.get('published') in (None, ''):
        raise SpecError('published (the router port) is required: a router has no random host ports', field=field)
    host_ip = _host_ip(str(value['host_ip']), field) if value.get('host_ip') else None
    return _build(value.get('protocol') or 'tcp', value['published'], value['target'], host_ip, field, compose)


def _from_text(value, field, compose, to_port=None, protocol=None):
    text = str(value).strip()
    given = None
    if '/' in text:
        text, given = text.rsplit('/', 1)
        if protocol and protocol.lower() != given.lower():
            raise SpecError('%r names protocol %s but protocol is %s' % (value, given, protocol), field=field)
    protocol = given or protocol or 'tcp'
    host_ip = None
    if compose and text.startswith('['):
        # An IPv6 host address is bracketed: [::1]:8080:80.
        closing = text.find(']:')
        if closing < 0:
            raise SpecError('%r: a bracketed host address must be followed by ":port"' % value, field=field)
        host_ip = _host_ip(text[:closing + 1], field)
        text = text[closing + 2:]
    parts = text.split(':')
    if compose and len(parts) == 3 and host_ip is None:
        host_ip = _host_ip(parts[0], field) if parts[0] else None
        parts = parts[1:]
    if len(parts) == 1:
        if compose:
            raise SpecError('%r names only the container port; write "published:container", e.g. "%s:%s"'
                            % (value, parts[0], parts[0]), field=field)
        parts.append(str(to_port) if to_port is not None else parts[0])
    elif to_port is not None and str(to_port) != parts[1]:
        raise SpecError('%r names the inner port %s but to_port is %s' % (value, parts[1], to_port), field=field)
    if len(parts) != 2 or not parts[0]:
        raise SpecError('%r is not "[host_ip:]published:container[/protocol]"' % (value,), field=field)
    return _build(protocol, parts[0], parts[1], host_ip, field, compose)


def parse_port(value, field, compose=True):
    """One port as docker and compose write it (``compose``), or as a port_forward rule. SpecError
    naming ``field`` otherwise. A Port is taken as it is (a spec the stack already parsed)."""
    if isinstance(value, Port):
        return value
    if isinstance(value, dict):
        return _from_dict(value, field, compose)
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        if compose:
            raise SpecError('expected a string like "8080:80/tcp" or a dict, got %r' % (value,), field=field)
        raise SpecError('a rule is "8080:80/tcp" or {port, to_port, protocol}, got %r' % (value,), field=field)
    return _from_text(value, field, compose)


def parse_ports(values, field, compose=True):
    """A whole list of ports; two entries that publish some of the same router ports are an error."""
    if values is None:
        return []
    if not isinstance(values, list):
        raise SpecError('expected a list of ports such as ["8080:80", "53:53/udp"]', field=field)
    ports = []
    for index, value in enumerate(values):
        entry_field = '%s[%d]' % (field, index)
        port = parse_port(value, entry_field, compose)
        for other_index, other in enumerate(ports):
            if port.overlaps(other):
                raise SpecError('publishes %s/%s again (already in %s[%d]: %s/%s)' % (
                    port.published, port.protocol, field, other_index, other.published, other.protocol), field=entry_field)
        ports.append(port)
    return ports
