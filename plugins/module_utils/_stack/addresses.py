# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Container addresses that stay put.

A container's address ends up in NAT rules, DNS records and other hosts' configuration, so
adding or removing another container must never move it. Three rules, in priority order:

1. an address the user wrote is used as given;
2. an address the container already has on the router (its veth) is kept;
3. anything else gets a slot derived from a hash of the container's name, probing upward
   past taken slots. The hash makes the address the same on every router and every run,
   independent of list order.

Addresses the router already uses in the subnet for something else (a hand-made veth,
another owner's container, an address on the bridge) are ``reserved``: never derived, and
a pinned one is refused before any write, naming who holds it.
"""

from __future__ import annotations

import hashlib

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError

try:
    import netaddr
except ImportError:  # pragma: no cover - normalize reports the missing library on first use
    netaddr = None


def host_slots(subnet, gateway):
    """The assignable host addresses of ``subnet``, in order, minus the gateway."""
    first, last = subnet.first, subnet.last
    if subnet.size > 2:
        # Network and broadcast addresses are not hosts (a /31 or /32 has no such pair).
        first += 1
        last -= 1
    gateway = int(gateway) if gateway is not None else None
    return [value for value in range(first, last + 1) if value != gateway]


def _preferred_index(name, count):
    digest = hashlib.sha256(name.encode('utf-8')).digest()
    return int.from_bytes(digest[:8], 'big') % count


def allocate(names, subnet, gateway, requested=None, existing=None, field='containers', reserved=None):
    """Map every name in ``names`` to an address of ``subnet``.

    ``requested``: name -> address the user gave (already validated to lie in the subnet).
    ``existing``: name -> address the router has now; ignored when outside the subnet, when it
    is the gateway, or when a requested address claims it.
    ``reserved``: address -> what holds it on the router (``'veth veth1'``), not ours to give.
    Returns name -> ``netaddr.IPAddress``. Raises SpecError when two
    containers request the same address or the subnet is full.
    """
    requested = dict(requested or {})
    existing = dict(existing or {})
    held = dict((int(netaddr.IPAddress(address)), holder) for address, holder in (reserved or {}).items())
    slots = host_slots(subnet, gateway)
    valid = set(slots)
    result = {}
    owner_of = {}

    for name in sorted(requested):
        value = int(requested[name])
        if value in held:
            raise SpecError('address %s is already used on this router by %s; pick another or leave address out'
                            % (requested[name], held[value]), field='%s[%s].address' % (field, name))
        if value in owner_of:
            raise SpecError('address %s is requested by both %s and %s' % (requested[name], owner_of[value], name),
                            field='%s[%s].address' % (field, name))
        owner_of[value] = name
        result[name] = requested[name]

    for name in sorted(existing):
        if name in result or name not in names:
            continue
        try:
            address = netaddr.IPAddress(existing[name])
        except (netaddr.AddrFormatError, ValueError, TypeError):
            continue
        value = int(address)
        if address.version != subnet.version or value not in valid or value in owner_of or value in held:
            continue
        owner_of[value] = name
        result[name] = address

    for value, holder in held.items():
        owner_of.setdefault(value, holder)
    pending = [name for name in names if name not in result]
    if len(owner_of) + len(pending) > len(slots):
        raise SpecError('subnet %s has %d container addresses, %d containers need one'
                        % (subnet, len(slots), len(owner_of) + len(pending)), field='network.subnet')
    # Sorted so that two names hashing to the same slot resolve the same way everywhere.
    for name in sorted(pending, key=lambda item: (_preferred_index(item, len(slots)), item)):
        index = _preferred_index(name, len(slots))
        while slots[index] in owner_of:
            index = (index + 1) % len(slots)
        owner_of[slots[index]] = name
        result[name] = netaddr.IPAddress(slots[index], subnet.version)
    return result
