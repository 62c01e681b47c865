"""The factory configuration of a fresh home router (what `/system reset-configuration` gives)."""

from __future__ import annotations

from . import services
from .interfaces import mac_for
from .users import BUILTIN_GROUPS

ETHERNET_PORTS = ('ether1', 'ether2', 'ether3', 'ether4', 'ether5')
LAN_ADDRESS = '192.168.88.1/24'

# In order; the first is the dynamic counter rule RouterOS shows in front of the static ones.
DEFAULT_FILTER = (
    {'chain': 'forward', 'action': 'passthrough', 'dynamic': 'true',
     'comment': 'special dummy rule to show fasttrack counters'},
    {'chain': 'input', 'action': 'accept', 'connection-state': 'established,related,untracked',
     'comment': 'defconf: accept established,related,untracked'},
    {'chain': 'input', 'action': 'drop', 'connection-state': 'invalid', 'comment': 'defconf: drop invalid'},
    {'chain': 'input', 'action': 'accept', 'protocol': 'icmp', 'comment': 'defconf: accept ICMP'},
    {'chain': 'input', 'action': 'accept', 'dst-address': '127.0.0.1',
     'comment': 'defconf: accept to local loopback (for CAPsMAN)'},
    {'chain': 'input', 'action': 'drop', 'in-interface-list': '!LAN',
     'comment': 'defconf: drop all not coming from LAN'},
    {'chain': 'forward', 'action': 'accept', 'ipsec-policy': 'in,ipsec', 'comment': 'defconf: accept in ipsec policy'},
    {'chain': 'forward', 'action': 'accept', 'ipsec-policy': 'out,ipsec', 'comment': 'defconf: accept out ipsec policy'},
    {'chain': 'forward', 'action': 'fasttrack-connection', 'connection-state': 'established,related',
     'hw-offload': 'true', 'comment': 'defconf: fasttrack'},
    {'chain': 'forward', 'action': 'accept', 'connection-state': 'established,related,untracked',
     'comment': 'defconf: accept established,related, untracked'},
    {'chain': 'forward', 'action': 'drop', 'connection-state': 'invalid', 'comment': 'defconf: drop invalid'},
    {'chain': 'forward', 'action': 'drop', 'connection-state': 'new', 'connection-nat-state': '!dstnat',
     'in-interface-list': 'WAN', 'comment': 'defconf: drop all from WAN not DSTNATed'},
)

DEFAULT_NAT = (
    {'chain': 'srcnat', 'action': 'masquerade', 'out-interface-list': 'WAN', 'ipsec-policy': 'out,none',
     'comment': 'defconf: masquerade'},
)


def apply(router) -> None:
    menus = router.menus
    for name, policy in BUILTIN_GROUPS.items():
        menus['/user/group'].add_row(name=name, policy=policy, skin='default')
    for name, (password, group) in router.initial_users.items():
        menus['/user'].add_row(name=name, password=password, group=group)

    for name in ('routeros', 'container'):
        menus['/system/package'].add_row(name=name, version=router.version, **{'build-time': '2025-06-01 10:00:00'})

    for name in ETHERNET_PORTS:
        menus['/interface/ethernet'].add_row(name=name, **{'default-name': name, 'mtu': '1500',
                                                           'mac-address': mac_for(f'{router.name}/{name}')})
    bridge = menus['/interface/bridge'].add_row(name='bridge', comment='defconf')
    menus['/interface/bridge'].added(bridge)
    for name in ETHERNET_PORTS[1:]:
        menus['/interface/bridge/port'].add_row(bridge='bridge', interface=name, comment='defconf')

    menus['/interface/list'].add_row(name='WAN', comment='defconf')
    menus['/interface/list'].add_row(name='LAN', comment='defconf')
    menus['/interface/list/member'].add_row(list='LAN', interface='bridge', comment='defconf')
    menus['/interface/list/member'].add_row(list='WAN', interface='ether1', comment='defconf')

    menus['/ip/address'].add_row(address=LAN_ADDRESS, network='192.168.88.0', interface='bridge',
                                 **{'actual-interface': 'bridge'}, comment='defconf')

    filter_args = router.tree['/ip/firewall/filter']['add']
    for rule in DEFAULT_FILTER:
        menus['/ip/firewall/filter'].add_row(**{k: v for k, v in rule.items()
                                                if k in filter_args or k == 'dynamic'})
    for rule in DEFAULT_NAT:
        menus['/ip/firewall/nat'].add_row(**rule)
    services.add_defaults(router)
