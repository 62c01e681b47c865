"""Which commands and arguments each RouterOS version has, menu by menu.

The tables are our own compact restatement of `/console/inspect` on the real releases
(see MODEL.md). Every argument list is a space-separated string of names; a name may carry
the versions it exists in:

    group-by@7.17          since 7.17
    follow-strict@<7.16    until (not in) 7.16
    read-only@7.20<7.23    from 7.20, gone in 7.23

A verb may carry the same marker (`'repull@7.20'`). Versions compare on the nearest
inspected release at or below the router's version (`tree_release`), so 7.21.0 has the
7.20.8 tree, as a real 7.21.0 would not yet have what first shipped in 7.21.5.
"""

from __future__ import annotations

import functools

INSPECTED_RELEASES = ('7.15.3', '7.16.2', '7.17.1', '7.18.2', '7.19.6',
                      '7.20.8', '7.21.5', '7.22.3', '7.23.3', '7.24')


def parse_version(text: str) -> tuple[int, int, int]:
    """'7.22.3' -> (7, 22, 3); '7.24' -> (7, 24, 0); '7.22.3 (stable)' is accepted too."""
    core = text.strip().split()[0]
    parts = core.split('.')
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        raise ValueError(f'not a RouterOS version: {text!r}') from None
    if not 2 <= len(numbers) <= 3 or numbers[0] != 7:
        raise ValueError(f'not a RouterOS 7 version: {text!r}')
    numbers += [0] * (3 - len(numbers))
    return tuple(numbers)


def tree_release(version: str) -> tuple[int, int, int]:
    """The inspected release whose command tree a router of `version` has."""
    wanted = parse_version(version)
    releases = [parse_version(r) for r in INSPECTED_RELEASES]
    lower = [r for r in releases if r <= wanted]
    return lower[-1] if lower else releases[0]


# --- argument lists shared by many menus -------------------------------------------------

EXPORT = 'compact file hide-sensitive path@7.23 show-sensitive terse verbose where'
GET_ITEM = 'as-string as-string-value number value-name'
GET_SETTING = 'as-string as-string-value value-name'
EDIT_ITEM = 'number value-name'
TABLE_PRINT = ('append as-value brief comments@7.22 count-only detail file follow follow-only'
               ' follow-strict@<7.16 from group-by@7.17 interval on-event@7.22 order-by@7.24'
               ' proplist show-ids terse timestamp@7.22 value-list where without-paging')
SETTING_PRINT = 'as-value comments@7.22 file interval without-paging'
MONITOR = ('append as-value do duration file freeze-frame-interval@7.21 interval once'
           ' proplist@7.19 without-paging')


def _replace(args: str, old: str, new: str) -> str:
    words = args.split()
    return ' '.join(new if w == old else w for w in words if not (w == old and not new))


def table(props: str, *, toggles: bool = True, ordered: bool = False,
          print_args: str = TABLE_PRINT, unset: str | None = None) -> dict[str, str]:
    """The commands of an ordinary table menu whose settable properties are `props`.

    toggles: the menu has enable/disable (real menus without `disabled` lack them).
    ordered: rules whose order matters (add takes place-before, the menu has move).
    unset: None for no `unset` command, '' for always, or a version marker such as '7.24'.
    """
    add_extra = 'copy-from place-before' if ordered else 'copy-from'
    commands = {
        'add': f'{props} {add_extra}',
        'set': f'{props} numbers',
        'reset': f'{props} numbers',
        'remove': 'numbers',
        'comment': 'comment numbers',
        'print': print_args,
        'get': GET_ITEM,
        'find': 'where',
        'edit': EDIT_ITEM,
        'export': EXPORT,
    }
    if toggles:
        commands['enable'] = commands['disable'] = 'numbers'
    if ordered:
        commands['move'] = 'destination numbers'
    if unset is not None:
        commands['unset' + (f'@{unset}' if unset else '')] = 'numbers value-name'
    return commands


def setting(props: str, *, reset: str | None = None, print_args: str = SETTING_PRINT) -> dict[str, str]:
    """The commands of a single-item settings menu (`/system/identity`, `/container/config`)."""
    commands = {'set': props, 'print': print_args, 'get': GET_SETTING, 'edit': 'value-name',
                'export': EXPORT}
    if reset is not None:
        commands['reset' + (f'@{reset}' if reset else '')] = props
    return commands


# --- the menus ---------------------------------------------------------------------------

CONTAINER_PROPS = (
    'cmd comment dns domain-name entrypoint file hostname interface logging remote-image'
    ' root-dir start-on-boot stop-signal user workdir'
    ' name@7.19'
    ' envlist@<7.20 envlists@7.20 check-certificate@7.20 devices@7.20 memory-high@7.20'
    ' auto-restart-interval@7.20<7.23'
    ' mounts@<7.21 mountlists@7.21 mount@7.21 env@7.21 cpu-list@7.21 hosts@7.21 layer-dir@7.21'
    ' shm-size@7.21 stop-time@7.21 tmpfs@7.21'
    ' healthcheck-cmd@7.22 healthcheck-interval@7.22 healthcheck-retries@7.22'
    ' healthcheck-start-interval@7.22 healthcheck-start-period@7.22 healthcheck-status@7.22'
    ' healthcheck-timeout@7.22'
    ' default-dns@7.23 ignore-remote-image-change@7.23 memory-max@7.23 restart-interval@7.23'
    ' restart-max-count@7.23 restart-policy@7.23 shell@7.23 stop-on-unhealthy@7.23'
    ' privileged@7.24 swap-max@7.24'
)

CONTAINER = {
    **table(CONTAINER_PROPS, toggles=False, unset='7.21',
            print_args=_replace(TABLE_PRINT, 'brief', 'brief@7.20') + ' json@7.21'),
    # 7.20 renamed the item argument of start/stop and dropped as-value.
    'start': 'as-value@<7.20 number@<7.20 numbers@7.20',
    'stop': 'as-value@<7.20 number@<7.20 numbers@7.20',
    'shell': ('number as-value@7.20 cmd@7.20 line-separator@7.20 no-sh@7.20 user@7.20'
              ' timeout@7.21 workdir@7.23'),
    'repull@7.20': 'as-value file number remote-image',
    'kill@7.21': 'as-value number signal',
    'run@7.21': 'as-value cmd detach entrypoint interactive line-separator number tty user workdir@7.23',
    'update@7.21': 'as-value number',
    'restart@7.23': 'as-value number',
    'save@7.24': 'commit file name number',
}

CONTAINER_CONFIG = setting(
    'layer-dir password registry-url tmpdir username ram-high@<7.20 memory-high@7.20'
    ' memory-max@7.23 swap-max@7.24',
    print_args=SETTING_PRINT + ' show-sensitive@7.21')
# `reset` arrived in 7.21, when ram-high was already gone.
CONTAINER_CONFIG['reset@7.21'] = _replace(CONTAINER_CONFIG['set'], 'ram-high@<7.20', '')

ENTRY_PRINT_720 = _replace(TABLE_PRINT, 'brief', 'brief@7.20')

CONTAINER_ENVS = table('comment key value name@<7.20 list@7.20 disabled@7.21',
                       print_args=ENTRY_PRINT_720)
CONTAINER_MOUNTS = table('comment dst src name@<7.21 list@7.21 read-only@7.20<7.23 mode@7.23 disabled@7.21',
                         print_args=ENTRY_PRINT_720)
for _menu in (CONTAINER_ENVS, CONTAINER_MOUNTS):
    # Lists of entries could not be switched off before `disabled` came in 7.21.
    _menu['enable@7.21'] = _menu.pop('enable')
    _menu['disable@7.21'] = _menu.pop('disable')

CONTAINER_LOG = {
    'print@7.20': _replace(TABLE_PRINT, 'from', ''),
    'get@7.20': GET_ITEM,
    'find@7.20': 'where',
}

VETH = table('address comment disabled gateway gateway6 name dhcp@7.20 mac-address@7.20'
             ' container-mac-address@7.21',
             print_args=_replace(TABLE_PRINT, 'brief', 'brief@7.21'))

BRIDGE = {
    **table(
        'admin-mac ageing-time arp arp-timeout auto-mac comment dhcp-snooping disabled ether-type'
        ' fast-forward forward-delay frame-types igmp-snooping igmp-version ingress-filtering'
        ' last-member-interval last-member-query-count max-hops max-message-age'
        ' membership-interval mld-version mtu multicast-querier multicast-router mvrp name'
        ' port-cost-mode priority protocol-mode pvid querier-interval query-interval'
        ' query-response-interval region-name region-revision startup-query-count'
        ' startup-query-interval transmit-hold-count vlan-filtering'
        ' forward-reserved-addresses@7.16 max-learned-entries@7.16'
        ' mlag-heartbeat@7.22 mlag-peer-port@7.22 mlag-priority@7.22 ra-guard@7.22'
        ' add-dhcp-option82@<7.23 dhcp-agent-circuit-id@7.23 dhcp-agent-remote-id@7.23'
        ' dhcpv6-agent-circuit-id@7.23 dhcpv6-agent-remote-id@7.23 dhcpv6-snooping@7.23'
        ' querier-uses-bridge-address@7.24',
        unset='7.23'),
    'monitor': MONITOR + ' numbers',
}

BRIDGE_PORT = {
    **table(
        'auto-isolate bpdu-guard bridge broadcast-flood comment disabled edge fast-leave'
        ' frame-types horizon hw ingress-filtering interface internal-path-cost learn'
        ' multicast-router mvrp-applicant-state mvrp-registrar-state path-cost point-to-point'
        ' priority pvid restricted-role restricted-tcn tag-stacking trusted'
        ' unknown-multicast-flood unknown-unicast-flood trusted-ra@7.22 trusted-dhcpv6@7.23',
        ordered=True, unset='', print_args=TABLE_PRINT + ' debug stats'),
    'monitor': MONITOR + ' numbers',
}

INTERFACE_LIST = table('comment exclude include name', toggles=False)
INTERFACE_LIST_MEMBER = table('comment disabled interface list')
IP_ADDRESS = table('address broadcast comment disabled interface netmask network')

_FIREWALL_COMMON = (
    'action address-list address-list-timeout chain comment connection-bytes connection-limit'
    ' connection-mark connection-rate connection-type content disabled dscp dst-address'
    ' dst-address-list dst-address-type dst-limit dst-port fragment hotspot icmp-options'
    ' in-bridge-port in-bridge-port-list in-interface in-interface-list ingress-priority'
    ' ipsec-policy ipv4-options jump-target layer7-protocol limit log log-prefix nth'
    ' out-bridge-port out-bridge-port-list out-interface out-interface-list packet-mark'
    ' packet-size per-connection-classifier port priority protocol psd random realm'
    ' routing-mark src-address src-address-list src-address-type src-mac-address src-port'
    ' tcp-mss time ttl tos@7.21'
)
_FIREWALL_PRINT = _replace(TABLE_PRINT, 'brief', '') + ' all chain dynamic static stats'


def _firewall(props: str) -> dict[str, str]:
    commands = table(props, ordered=True, unset='', print_args=_FIREWALL_PRINT)
    commands['reset-counters'] = 'numbers'
    commands['reset-counters-all'] = ''
    return commands


FIREWALL_NAT = _firewall(_FIREWALL_COMMON + ' randomise-ports same-not-by-dst to-addresses to-ports'
                         ' tls-host@<7.16 socks5-port@7.20 socks5-server@7.20 socksify-service@7.20')
FIREWALL_FILTER = _firewall(_FIREWALL_COMMON + ' connection-nat-state connection-state p2p reject-with'
                            ' tcp-flags tls-host hw-offload@<7.21')

# Source: the inspect dumps (see MODEL.md, services.py); services cannot be added or removed.
_IP_SERVICE_PROPS = 'address available-from@7.24 certificate disabled max-sessions@7.16 port tls-version vrf'
IP_SERVICE = {
    'set': _IP_SERVICE_PROPS + ' numbers', 'reset': _IP_SERVICE_PROPS + ' numbers', 'unset@<7.17': 'numbers value-name',
    'enable': 'numbers', 'disable': 'numbers', 'print': TABLE_PRINT, 'get': GET_ITEM, 'find': 'where',
    'edit': EDIT_ITEM, 'export': EXPORT,
}

SCHEDULER = table('comment disabled interval name on-event policy start-date start-time days@7.24',
                  unset='7.24')
SCRIPT = {
    **table('comment dont-require-permissions name owner policy source', toggles=False, unset='7.24'),
    'run': 'number use-script-permissions',
}

SYSTEM_RESOURCE = {
    'print': SETTING_PRINT + ' oid',
    'get': GET_SETTING,
    'monitor': MONITOR,
    'export': EXPORT,
}
SYSTEM_IDENTITY = setting('name', reset='7.21', print_args=SETTING_PRINT + ' oid')
SYSTEM_PACKAGE = {
    'print': TABLE_PRINT, 'get': GET_ITEM, 'find': 'where', 'export': EXPORT,
    'enable': 'numbers', 'disable': 'numbers', 'uninstall': 'numbers', 'unschedule': 'numbers',
    'downgrade': '', 'apply-changes@7.18': 'ignore-missing',
}
SYSTEM_DEVICE_MODE = {
    'print': SETTING_PRINT + ' config@7.17',
    'get': GET_SETTING + ' values@7.17',
    'export@7.21': EXPORT,
    'update': (
        'activation-timeout append as-value bandwidth-test container do duration email fetch file'
        ' flagged flagging-enabled hotspot interval ipsec l2tp mode once pptp proxy romon'
        ' scheduler smb sniffer socks traffic-gen without-paging zerotier'
        ' authorized-public-key-hash@7.17<7.21 install-any-version@7.17 partitions@7.17'
        ' routerboard@7.17 freeze-frame-interval@7.21'),
}

# Not in the inspect dumps: modelled on the documented /user, /user/group, /log and /interface menus.
USER = table('address comment disabled group inactivity-policy inactivity-timeout name password')
USER_GROUP = table('comment name policy skin', toggles=False)
# `/interface` lists every interface of every type (the per-type menus are where they change).
INTERFACE = {'print': TABLE_PRINT, 'get': GET_ITEM, 'find': 'where'}
LOG = {'print': _replace(TABLE_PRINT, 'from', ''), 'get': GET_ITEM, 'find': 'where'}

MENUS: dict[str, dict[str, str]] = {
    '/system/resource': SYSTEM_RESOURCE,
    '/system/identity': SYSTEM_IDENTITY,
    '/system/package': SYSTEM_PACKAGE,
    '/system/device-mode': SYSTEM_DEVICE_MODE,
    '/container': CONTAINER,
    '/container/config': CONTAINER_CONFIG,
    '/container/envs': CONTAINER_ENVS,
    '/container/mounts': CONTAINER_MOUNTS,
    '/container/log': CONTAINER_LOG,
    '/interface/veth': VETH,
    '/interface/bridge': BRIDGE,
    '/interface/bridge/port': BRIDGE_PORT,
    '/interface/list': INTERFACE_LIST,
    '/interface/list/member': INTERFACE_LIST_MEMBER,
    '/ip/address': IP_ADDRESS,
    '/ip/firewall/nat': FIREWALL_NAT,
    '/ip/firewall/filter': FIREWALL_FILTER,
    '/ip/service': IP_SERVICE,
    '/system/scheduler': SCHEDULER,
    '/system/script': SCRIPT,
    '/user': USER,
    '/user/group': USER_GROUP,
    '/log': LOG,
    '/interface': INTERFACE,
}

# Menus whose command sets are checked against the inspect dumps (the others are ours).
INSPECTED_MENUS = tuple(m for m in MENUS if m not in ('/user', '/user/group', '/log', '/interface'))


def _present(marker: str, release: tuple[int, int, int]) -> bool:
    since, dummy, until = marker.partition('<')
    if since and release < parse_version(since):
        return False
    return not (until and release >= parse_version(until))


def _split(word: str) -> tuple[str, str]:
    name, dummy, marker = word.partition('@')
    return name, marker


@functools.lru_cache(maxsize=None)
def command_tree(version: str) -> dict[str, dict[str, frozenset[str]]]:
    """{menu: {verb: arguments}} for a router running `version`."""
    release = tree_release(version)
    tree: dict[str, dict[str, frozenset[str]]] = {}
    for menu, commands in MENUS.items():
        verbs = {}
        for verb_word, args in commands.items():
            verb, marker = _split(verb_word)
            if not _present(marker, release):
                continue
            names = set()
            for word in args.split():
                name, arg_marker = _split(word)
                if _present(arg_marker, release):
                    names.add(name)
            verbs[verb] = frozenset(names)
        if verbs:
            tree[menu] = verbs
    return tree
