# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Input checks shared by the resources: each failure is a SpecError naming the field."""

from __future__ import annotations

import re

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema import normalize

# Linux cuts interface names at 15 characters; since 7.20 the container sees the veth's name.
LINUX_IFNAME_MAX = 15
ROUTEROS_NAME_MAX = 63

# Commas separate list values in RouterOS (envlists=a,b), quotes and control characters break
# the console and exports, a leading `*` reads as an item id.
_BAD_NAME_CHARS = re.compile(r'[,"\'\x00-\x1f\x7f\[\]#]')


def check_name(value, field, max_length=ROUTEROS_NAME_MAX):
    if value is None or str(value).strip() == '':
        raise SpecError('must not be empty', field=field)
    text = str(value)
    if text != text.strip():
        raise SpecError('%r has leading or trailing spaces' % text, field=field)
    if len(text) > max_length:
        raise SpecError('%r is %d characters long; at most %d are allowed' % (text, len(text), max_length), field=field)
    if text.startswith('*'):
        raise SpecError('%r starts with "*", which RouterOS reads as an item id' % text, field=field)
    bad = _BAD_NAME_CHARS.search(text)
    if bad:
        raise SpecError('%r contains %r, which RouterOS names cannot hold' % (text, bad.group(0)), field=field)
    return text


# Container and list names end up in veth names, comments and file paths: what works everywhere.
_CONTAINER_NAME_RE = re.compile(r'^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$')


def check_container_name(value, field, what='name'):
    """A container (or bridge, or adopted object) name: letters, digits, "_", ".", "-", up to 63."""
    if not value or not isinstance(value, (str, int)) or not _CONTAINER_NAME_RE.match(str(value)):
        raise SpecError('%s %r is missing or not a usable name (letters, digits, "_", ".", "-"; up to 63)'
                        % (what, value), field=field)
    return str(value)


def check_bool(value, field):
    return parse(normalize.parse_bool, value, field)


def check_interface_name(value, field):
    """A veth name: the container sees it as its Linux interface name, so 15 characters and no `/` or space."""
    text = check_name(value, field, max_length=LINUX_IFNAME_MAX)
    if '/' in text or ' ' in text:
        raise SpecError('%r contains "/" or a space, which Linux interface names cannot hold' % text, field=field)
    return text


def parse(function, value, field):
    """Run one normaliser; its ValueError becomes a SpecError naming ``field``."""
    try:
        return function(value)
    except ValueError as error:
        raise SpecError(str(error), field=field)


def check_state(params):
    """``state`` of a resource: present (the default) or absent."""
    return check_choice(params.get('state') or 'present', ('present', 'absent'), 'state')


def check_choice(value, choices, field):
    if value not in choices:
        raise SpecError('must be one of %s, got %r' % (', '.join(choices), value), field=field)
    return value


def check_gateway(gateway, addresses, field):
    """The gateway must lie in the subnet of one of the interface's addresses of its IP version."""
    if not gateway:
        return gateway
    version = normalize.ip_version(gateway)
    candidates = [address for address in addresses if normalize.ip_version(address) == version]
    if candidates and not any(normalize.address_in_network(gateway, address) for address in candidates):
        raise SpecError('%s is not inside %s' % (gateway, ', '.join(candidates)), field=field)
    return gateway
