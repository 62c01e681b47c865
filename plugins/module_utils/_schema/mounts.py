# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A mount, parsed once: the one ``Mount`` the stack, the container module and the mountlist
module share. ``src`` is a directory on the router (``usb1/app``), ``dst`` one inside the
container; both are kept the way RouterOS 7.22+ prints them, with a leading ``/``.

Written ``src:dst[:ro|rw]`` (docker's syntax, so the container path must be absolute, as in
docker) or ``{src, dst, read_only}`` (RouterOS's fields: ``etc/pihole`` is ``/etc/pihole``, as
RouterOS reads it).
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.normalize import normalize_path, parse_bool

_KEYS = ('src', 'dst', 'read_only')


class Mount(object):
    __slots__ = ('src', 'dst', 'read_only')

    def __init__(self, src, dst, read_only=False):
        self.src = src
        self.dst = dst
        self.read_only = read_only

    def as_dict(self):
        return {'src': self.src, 'dst': self.dst, 'read_only': self.read_only}

    def __eq__(self, other):
        return isinstance(other, Mount) and self.as_dict() == other.as_dict()

    def __hash__(self):
        return hash((self.src, self.dst, self.read_only))

    def __repr__(self):
        return 'Mount(%s:%s%s)' % (self.src, self.dst, ':ro' if self.read_only else '')


def parse_mount(value, field):
    """One mount; SpecError naming ``field`` otherwise. A Mount is taken as it is."""
    if isinstance(value, Mount):
        return value
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(_KEYS))
        if unknown:
            raise SpecError('unknown key(s) %s; a mount has src, dst and read_only' % ', '.join(unknown), field=field)
        src, dst = value.get('src'), value.get('dst')
        try:
            read_only = parse_bool(value.get('read_only') or False)
        except ValueError as error:
            raise SpecError(str(error), field='%s.read_only' % field)
    elif isinstance(value, str):
        parts = value.strip().split(':')
        read_only = False
        if len(parts) == 3 and parts[2] in ('ro', 'rw'):
            read_only = parts[2] == 'ro'
            parts = parts[:2]
        if len(parts) != 2:
            raise SpecError('%r is not "router/path:/container/path[:ro]"' % value, field=field)
        src, dst = parts
        if dst and not dst.strip().startswith('/'):
            raise SpecError('container path %r must be absolute' % dst, field=field)
    else:
        raise SpecError('expected "router/path:/container/path" or a dict with src and dst, got %r' % (value,), field=field)
    if not src:
        raise SpecError('src (the directory on the router) is required', field=field + '.src')
    if not dst:
        raise SpecError('dst (the directory inside the container) is required', field=field + '.dst')
    src, dst = str(src).strip(), str(dst).strip()
    if src.startswith('.') or src.startswith('~'):
        raise SpecError('%r is relative; give a router path such as usb1/app/data' % src, field=field)
    return Mount(normalize_path(src), normalize_path(dst), read_only)


def parse_mounts(values, field='mounts'):
    """A list of mounts; the same container path twice is an error."""
    if values is None:
        return []
    if not isinstance(values, (list, tuple)):
        raise SpecError('expected a list of "router/path:/container/path"', field=field)
    mounts = []
    seen = {}
    for index, value in enumerate(values):
        where = '%s[%d]' % (field, index)
        mount = parse_mount(value, where)
        if mount.dst in seen:
            raise SpecError('%s is mounted twice (also %s[%d])' % (mount.dst, field, seen[mount.dst]), field=where + '.dst')
        seen[mount.dst] = index
        mounts.append(mount)
    return mounts
