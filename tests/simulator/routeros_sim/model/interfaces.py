"""Interfaces and addresses: ethernet ports, bridges and ports, veths, interface lists, /ip/address."""

from __future__ import annotations

import hashlib
import ipaddress

from . import values
from .errors import BAD_VALUE, FAILURE, CommandError, Result, no_match, no_such_item
from .menus import Field, Table

DUPLICATE_INTERFACE = 'failure: already have interface with such name'
ZERO_MAC = '00:00:00:00:00:00'


def mac_for(seed: str) -> str:
    """A stable, locally administered MAC address for `seed`."""
    digest = hashlib.sha256(seed.encode()).digest()
    octets = [0x02 | (digest[0] & 0xFC)] + list(digest[1:6])
    return ':'.join(f'{o:02X}' for o in octets)


class InterfaceTable(Table):
    """Shared by every menu whose items are interfaces: names unique across all of them."""

    unique = 'name'
    duplicate_message = DUPLICATE_INTERFACE

    def check(self, row, old):
        name = row.get('name')
        if not name:
            raise CommandError('failure: name must be set', FAILURE)
        taken = name in self.router.interface_names()
        if taken and not (old is not None and old.get('name') == name):
            raise CommandError(DUPLICATE_INTERFACE, FAILURE)

    def replace(self, old, new):
        previous = old.get('name')
        super().replace(old, new)
        if previous and new.get('name') != previous:
            rename_references(self.router, previous, new['name'])

    def removed(self, row):
        drop_references(self.router, row.get('name'))


# Where other menus refer to an interface by name. RouterOS stores references by id, so a
# rename shows up everywhere; the simulator mirrors that by rewriting the names.
INTERFACE_REFERENCES = (
    ('/interface/bridge/port', ('interface', 'bridge')),
    ('/interface/list/member', ('interface',)),
    ('/ip/address', ('interface', 'actual-interface')),
    ('/ip/firewall/nat', ('in-interface', 'out-interface')),
    ('/ip/firewall/filter', ('in-interface', 'out-interface')),
    ('/container', ('interface',)),
)

LIST_REFERENCES = (
    ('/interface/list/member', 'list'),
    ('/ip/firewall/nat', 'in-interface-list'), ('/ip/firewall/nat', 'out-interface-list'),
    ('/ip/firewall/filter', 'in-interface-list'), ('/ip/firewall/filter', 'out-interface-list'),
)


def rename_references(router, old: str, new: str) -> None:
    for path, keys in INTERFACE_REFERENCES:
        for row in router.menus[path].rows:
            for key in keys:
                if key == 'interface' and path == '/container':
                    names = row.get(key, '').split(',')
                    if old in names:
                        row[key] = ','.join(new if n == old else n for n in names)
                elif row.get(key) == old:
                    row[key] = new


def drop_references(router, name: str | None) -> None:
    """Ports, list members and addresses of a removed interface go with it (simplified)."""
    if not name:
        return
    for path in ('/interface/bridge/port', '/interface/list/member', '/ip/address'):
        menu = router.menus[path]
        menu.rows = [r for r in menu.rows
                     if name not in (r.get('interface'), r.get('bridge'))]


class Ethernet(Table):
    """The board's ports (not an API menu of ours; other menus refer to them by name)."""

    path = '/interface/ethernet'
    unique = 'name'
    fields = (Field('name'), Field('default-name', read_only=True), Field('mtu', read_only=True),
              Field('mac-address', read_only=True))


class Bridge(InterfaceTable):
    path = '/interface/bridge'
    fields = (
        Field('name'),
        Field('mtu', default='auto'),
        Field('actual-mtu', read_only=True, default='1500'),
        Field('l2mtu', read_only=True, default='1514'),
        Field('arp', kind='enum', default='enabled',
              choices=('disabled', 'enabled', 'local-proxy-arp', 'proxy-arp', 'reply-only')),
        Field('arp-timeout', default='auto'),
        Field('mac-address', read_only=True),
        Field('protocol-mode', kind='enum', default='rstp', choices=('none', 'rstp', 'stp', 'mstp')),
        Field('fast-forward', kind='bool', default='true'),
        Field('igmp-snooping', kind='bool', default='false'),
        Field('auto-mac', kind='bool', default='true'),
        Field('ageing-time', kind='duration', default='5m'),
        Field('priority', default='0x8000'),
        Field('max-message-age', kind='duration', default='20s'),
        Field('forward-delay', kind='duration', default='15s'),
        Field('transmit-hold-count', kind='int', low=1, high=10, default='6'),
        Field('vlan-filtering', kind='bool', default='false'),
        Field('dhcp-snooping', kind='bool', default='false'),
        Field('port-cost-mode', kind='enum', default='long', choices=('long', 'short')),
        Field('mvrp', kind='bool', default='false'),
        Field('max-learned-entries', default='auto'),
        Field('running', read_only=True, default='true'),
        Field('disabled', kind='bool', default='false'),
        Field('comment'),
    )

    def added(self, row):
        row['mac-address'] = mac_for(f'{self.router.name}/{row["name"]}')


def _bridge_name(router, name: str, text: str) -> str:
    if not router.menus['/interface/bridge'].where(name=text):
        raise no_match(name)
    return text


class BridgePort(Table):
    path = '/interface/bridge/port'
    item_names = ('interface',)
    fields = (
        Field('interface', kind='interface'),
        Field('bridge', kind='custom', parse=_bridge_name),
        Field('horizon', default='none'),
        Field('pvid', kind='int', low=1, high=4094, default='1'),
        Field('priority', default='0x80'),
        Field('path-cost', default='10'),
        Field('internal-path-cost', default='10'),
        Field('edge', default='auto'),
        Field('point-to-point', default='auto'),
        Field('learn', default='auto'),
        Field('trusted', kind='bool', default='false'),
        Field('frame-types', default='admit-all'),
        Field('ingress-filtering', kind='bool', default='true'),
        Field('hw', kind='bool', default='true'),
        Field('inactive', read_only=True, default='false'),
        Field('dynamic', read_only=True, default='false'),
        Field('disabled', kind='bool', default='false'),
        Field('comment'),
    )

    def check(self, row, old):
        for required in ('interface', 'bridge'):
            if not row.get(required):
                raise CommandError(f'failure: {required} must be set', FAILURE)
        if row['interface'] == row['bridge']:
            raise CommandError('failure: can not add bridge to itself', FAILURE)
        if any(r.get('interface') == row['interface'] for r in self.rows if r is not old):
            raise CommandError('failure: device already added as bridge port', FAILURE)

    def insert(self, row, attrs):
        if 'place-before' in attrs:
            anchor = self.find(attrs['place-before'])
            self.rows.insert(self.rows.index(anchor), row)
        else:
            self.rows.append(row)

    def cmd_move(self, attrs):
        from .firewall import move_rows
        return move_rows(self, attrs)


def _veth_addresses(router, name: str, text: str) -> str:
    # Before 7.20 a veth took exactly one IPv4 address; 7.20 allowed several, IPv6 too.
    multi = router.release >= (7, 20, 0)
    result = values.parse_address_list(name, text, allow_v6=multi, require_prefix=True)
    if not multi and ',' in result:
        raise CommandError(f'invalid value for argument {name}', BAD_VALUE)
    return result


class Veth(InterfaceTable):
    path = '/interface/veth'
    fields = (
        Field('name'),
        Field('address', kind='custom', parse=_veth_addresses, default=''),
        Field('gateway', kind='custom', default='',
              parse=lambda router, name, text: values.parse_ip(name, text, allow_v6=False) if text else ''),
        Field('gateway6', kind='custom', default='',
              parse=lambda router, name, text: values.parse_ip(name, text) if text else ''),
        Field('dhcp', kind='bool', default='false'),
        Field('mac-address'),
        Field('container-mac-address'),
        Field('running', read_only=True, default='false'),
        Field('disabled', kind='bool', default='false'),
        Field('comment'),
    )

    def printed(self, row):
        out = super().printed(row)
        out['running'] = values.format_bool(self.router.containers.uses_interface(row['name']))
        for key in ('mac-address', 'container-mac-address'):
            # MikroTik's CLI reference: empty MACs show as zeros until a container using the
            # veth starts, which fills them in (assign_macs).
            if key in self.settable() and not row.get(key):
                out[key] = ZERO_MAC
        return out

    def assign_macs(self, name: str) -> None:
        """A container using veth `name` starts: empty MAC addresses get real ones, kept from then on."""
        for row in self.where(name=name):
            if 'mac-address' in self.settable() and not row.get('mac-address'):
                row['mac-address'] = mac_for(f'{self.router.name}/{row["name"]}')
            if 'container-mac-address' in self.settable() and not row.get('container-mac-address'):
                row['container-mac-address'] = mac_for(f'{self.router.name}/{row["name"]}/c')


class InterfaceList(Table):
    path = '/interface/list'
    unique = 'name'
    fields = (
        Field('name'),
        Field('include', default=''),
        Field('exclude', default=''),
        Field('builtin', read_only=True, default='false'),
        Field('dynamic', read_only=True, default='false'),
        Field('comment'),
    )

    def check(self, row, old):
        if not row.get('name'):
            raise CommandError('failure: name must be set', FAILURE)
        super().check(row, old)

    def refuse_dynamic(self, row):
        if row.get('builtin') == 'true':
            raise CommandError('failure: can not change builtin list', FAILURE)
        super().refuse_dynamic(row)

    def check_remove(self, row):
        if self.router.menus['/interface/list/member'].where(list=row['name']):
            raise CommandError('failure: list is in use', FAILURE)

    def replace(self, old, new):
        previous = old.get('name')
        super().replace(old, new)
        if previous != new.get('name'):
            for path, key in LIST_REFERENCES:
                for ref in self.router.menus[path].where(**{key: previous}):
                    ref[key] = new['name']


class InterfaceListMember(Table):
    path = '/interface/list/member'
    fields = (
        Field('list', kind='interface-list'),
        Field('interface', kind='interface'),
        Field('dynamic', read_only=True, default='false'),
        Field('disabled', kind='bool', default='false'),
        Field('comment'),
    )

    def check(self, row, old):
        for required in ('list', 'interface'):
            if not row.get(required):
                raise CommandError(f'failure: {required} must be set', FAILURE)
        if any(r.get('list') == row['list'] and r.get('interface') == row['interface']
               for r in self.rows if r is not old):
            raise CommandError('failure: already have such entry', FAILURE)


def _address(router, name: str, text: str) -> str:
    return str(values.parse_interface_address(name, text))


class IpAddress(Table):
    path = '/ip/address'
    item_names = ('address',)
    fields = (
        Field('address', kind='custom', parse=_address),
        Field('network', kind='custom',
              parse=lambda router, name, text: values.parse_ip(name, text, allow_v6=False)),
        Field('interface', kind='interface'),
        Field('actual-interface', read_only=True),
        Field('invalid', read_only=True, default='false'),
        Field('dynamic', read_only=True, default='false'),
        Field('disabled', kind='bool', default='false'),
        Field('comment'),
    )

    def apply(self, row, attrs):
        new = super().apply(row, attrs)
        if 'address' in attrs:
            interface = ipaddress.ip_interface(new['address'])
            if interface.version != 4:
                raise CommandError('invalid value for argument address', BAD_VALUE)
            if 'network' not in attrs:
                new['network'] = str(interface.network.network_address)
        if 'interface' in new:
            new['actual-interface'] = new['interface']
        return new

    def check(self, row, old):
        for required in ('address', 'interface'):
            if not row.get(required):
                raise CommandError(f'failure: {required} must be set', FAILURE)
        if any(r.get('address') == row['address'] for r in self.rows if r is not old):
            raise CommandError('failure: already have such address', FAILURE)


# Where each interface type's items sit in /interface: ids there are shared by all types,
# so each type gets its own id range (RouterOS uses one id space; ours are per menu).
INTERFACE_TYPES = (('/interface/ethernet', 'ether', 0x0), ('/interface/bridge', 'bridge', 0x1000),
                   ('/interface/veth', 'veth', 0x2000))


class Interfaces(Table):
    """`/interface`: every interface of every type, read only here (ROUTEROS.md section 6)."""

    path = '/interface'
    # A view of rows that live in other menus: the control API's config dump leaves it out,
    # so that every object appears there once.
    view = True

    def visible_rows(self):
        rows = []
        for path, kind, base in INTERFACE_TYPES:
            menu = self.router.menus[path]
            for row in menu.rows:
                printed = menu.printed(row)
                number = values.parse_id(row['.id']) or 0
                out = {'.id': values.format_id(base + number), 'name': printed.get('name', '')}
                if kind == 'ether':
                    out['default-name'] = printed.get('default-name', printed.get('name', ''))
                out['type'] = kind
                out['mtu'] = printed.get('mtu', '1500')
                out['actual-mtu'] = printed.get('actual-mtu', '1500')
                if printed.get('mac-address'):
                    out['mac-address'] = printed['mac-address']
                out['running'] = printed.get('running', 'true')
                out['disabled'] = printed.get('disabled', 'false')
                out['dynamic'] = 'false'
                if printed.get('comment'):
                    out['comment'] = printed['comment']
                rows.append(out)
        return rows

    def printed(self, row):
        return dict(row)

    def cmd_print(self, attrs):
        return Result(rows=self.visible_rows())

    def find(self, reference):
        wanted = values.parse_id(reference)
        for row in self.visible_rows():
            if (wanted is not None and values.parse_id(row['.id']) == wanted) or row['name'] == reference:
                return row
        raise no_such_item()
