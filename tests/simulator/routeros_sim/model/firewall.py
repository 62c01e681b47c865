"""/ip/firewall/nat and /ip/firewall/filter: rules whose order matters.

Dynamic rules (the fasttrack counter dummy on filter) stay in front; `place-before` on add
and `move numbers=X destination=Y` put X just before Y; no destination moves to the end.
"""

from __future__ import annotations

from . import values
from .errors import FAILURE, CommandError, Result, no_match
from .menus import Field, Table

DYNAMIC_REFUSED = 'failure: can not place rule before dynamic rules'


def _interface_or_negated(router, name: str, text: str) -> str:
    if text.lstrip('!') not in router.interface_names():
        raise no_match(name)
    return text


def _list_or_negated(router, name: str, text: str) -> str:
    if text.lstrip('!') not in router.interface_list_names():
        raise no_match(name)
    return text


def _addresses(router, name: str, text: str) -> str:
    # A single address or a range `a-b`; negation allowed on matchers.
    for part in text.lstrip('!').split('-'):
        values.parse_interface_address(name, part)
    return text


def _ports(router, name: str, text: str) -> str:
    for chunk in text.lstrip('!').split(','):
        for port in chunk.split('-'):
            values.parse_int(name, port, 0, 65535)
    return text


NAT_ACTIONS = ('accept', 'add-dst-to-address-list', 'add-src-to-address-list', 'dst-nat',
               'endpoint-independent-nat', 'jump', 'log', 'masquerade', 'netmap', 'passthrough',
               'redirect', 'return', 'same', 'src-nat')
FILTER_ACTIONS = ('accept', 'add-dst-to-address-list', 'add-src-to-address-list', 'drop',
                  'fasttrack-connection', 'jump', 'log', 'passthrough', 'reject', 'return', 'tarpit')
PROTOCOLS = ('tcp', 'udp', 'icmp', 'gre', 'ipsec-esp', 'ipsec-ah', 'icmpv6', 'sctp', 'udp-lite',
             'dccp', 'ospf', 'vrrp', 'igmp', 'ipv6-encap', 'l2tp', 'pim', 'rsvp', 'ddp', 'egp',
             'encap', 'etherip', 'ggp', 'hmp', 'idpr-cmtp', 'ipencap', 'iso-tp4', 'rdp', 'st',
             'xns-idp', 'xtp')


def _protocol(router, name: str, text: str) -> str:
    bare = text.lstrip('!')
    if bare not in PROTOCOLS and not bare.isdigit():
        raise no_match(name)
    return text


def rule_fields(actions: tuple[str, ...]) -> tuple[Field, ...]:
    return (
        Field('chain'),
        Field('action', kind='enum', choices=actions, default='accept'),
        Field('protocol', kind='custom', parse=_protocol),
        Field('src-address', kind='custom', parse=_addresses),
        Field('dst-address', kind='custom', parse=_addresses),
        Field('src-port', kind='custom', parse=_ports),
        Field('dst-port', kind='custom', parse=_ports),
        Field('in-interface', kind='custom', parse=_interface_or_negated),
        Field('out-interface', kind='custom', parse=_interface_or_negated),
        Field('in-interface-list', kind='custom', parse=_list_or_negated),
        Field('out-interface-list', kind='custom', parse=_list_or_negated),
        Field('to-addresses', kind='custom', parse=_addresses),
        Field('to-ports', kind='custom', parse=_ports),
        Field('log', kind='bool', default='false'),
        Field('log-prefix', default=''),
        Field('bytes', read_only=True, default='0'),
        Field('packets', read_only=True, default='0'),
        Field('invalid', read_only=True, default='false'),
        Field('dynamic', read_only=True, default='false'),
        Field('disabled', kind='bool', default='false'),
        Field('comment'),
    )


def _leading_dynamic(table: Table) -> int:
    count = 0
    for row in table.rows:
        if row.get('dynamic') != 'true':
            break
        count += 1
    return count


def move_rows(table: Table, attrs: dict[str, str]) -> Result:
    """`move numbers=X,Y destination=Z`: X and Y, in that order, just before Z (or at the end)."""
    moving = table.selected(attrs)
    for row in moving:
        if row.get('dynamic') == 'true':
            raise CommandError('failure: can not move dynamic rules', FAILURE)
    destination = attrs.get('destination')
    anchor = table.find(destination) if destination else None
    if anchor is not None and table.rows.index(anchor) < _leading_dynamic(table):
        raise CommandError(DYNAMIC_REFUSED, FAILURE)
    if anchor is not None and anchor in moving:
        return Result()
    remaining = [r for r in table.rows if not any(r is m for m in moving)]
    position = remaining.index(anchor) if anchor is not None else len(remaining)
    table.rows[:] = remaining[:position] + moving + remaining[position:]
    return Result()


class Rules(Table):
    """A firewall table; subclasses name the path and the actions."""

    item_names = ()

    def check(self, row, old):
        if not row.get('chain'):
            raise CommandError('failure: chain not specified', FAILURE)
        if row.get('action') == 'jump' and not row.get('jump-target'):
            raise CommandError('failure: jump-target not specified', FAILURE)

    def insert(self, row, attrs):
        if 'place-before' in attrs:
            anchor = self.find(attrs['place-before'])
            position = self.rows.index(anchor)
            if position < _leading_dynamic(self):
                raise CommandError(DYNAMIC_REFUSED, FAILURE)
            self.rows.insert(position, row)
        else:
            self.rows.append(row)

    def cmd_move(self, attrs):
        return move_rows(self, attrs)

    def cmd_reset_counters(self, attrs):
        for row in self.selected(attrs):
            row['bytes'] = row['packets'] = '0'
        return Result()

    def cmd_reset_counters_all(self, attrs):
        for row in self.rows:
            row['bytes'] = row['packets'] = '0'
        return Result()


class NatRules(Rules):
    path = '/ip/firewall/nat'
    fields = rule_fields(NAT_ACTIONS)


class FilterRules(Rules):
    path = '/ip/firewall/filter'
    fields = rule_fields(FILTER_ACTIONS)
