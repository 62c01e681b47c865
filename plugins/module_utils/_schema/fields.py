# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Version-aware field tables: which RouterOS property carries a canonical field on which version.

RouterOS renames properties with almost every minor release. The tables say so as data: a
``Field`` lists ``(since_version, ros_name)`` steps, and ``ObjectType.resolve(version)``
answers for one router. Code that plans or applies changes never compares versions itself.
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.version import RouterOSVersion


class SpecError(Exception):
    """Bad input, found before anything is written. ``str()`` names the host and the field."""

    def __init__(self, message, field=None, host=None):
        self.message = message
        self.field = field
        self.host = host
        super(SpecError, self).__init__(str(self))

    def with_host(self, host):
        return SpecError(self.message, field=self.field, host=host)

    def __str__(self):
        where = []
        if self.host:
            where.append('host %s' % self.host)
        if self.field:
            where.append('field %s' % self.field)
        return '%s: %s' % (', '.join(where), self.message) if where else self.message


class Field(object):
    """One canonical field of an object type.

    ``ros`` is a tuple of ``(since_version, ros_name_or_None)`` steps in version order: the field
    is absent before the first step, carried by ``ros_name`` from each step on, and gone again
    from a step whose name is None. ``kind`` names the normaliser (see normalize.py); ``default``
    is what RouterOS assumes when the property is unset, so that "not given" and "the default"
    compare equal. ``secret`` values are masked in every output.
    """

    __slots__ = ('name', 'ros', 'kind', 'default', 'secret', 'read_only', 'doc')

    def __init__(self, name, ros, kind='str', default=None, secret=False, read_only=False, doc=None):
        if isinstance(ros, str):
            ros = (('7.15', ros),)
        self.name = name
        self.ros = tuple((RouterOSVersion.parse(since), ros_name) for since, ros_name in ros)
        self.kind = kind
        self.default = default
        self.secret = secret
        self.read_only = read_only
        self.doc = doc

    def ros_name(self, version):
        """The RouterOS property name on ``version``, or None where that version lacks the field."""
        version = RouterOSVersion.parse(version)
        current = None
        for since, ros_name in self.ros:
            if version >= since:
                current = ros_name
            else:
                break
        return current

    def first_version(self):
        """The first version that has the field, for "needs RouterOS X" messages."""
        for since, ros_name in self.ros:
            if ros_name is not None:
                return since
        return None

    def last_version_before(self, version):
        """Where a field was removed: the step that removed it at or before ``version``."""
        version = RouterOSVersion.parse(version)
        removed = None
        for since, ros_name in self.ros:
            if since <= version and ros_name is None:
                removed = since
        return removed

    def __repr__(self):
        return 'Field(%r)' % self.name


class ResolvedType(object):
    """An object type's fields as one router version has them."""

    def __init__(self, object_type, version):
        self.object_type = object_type
        self.version = RouterOSVersion.parse(version)
        self.ros_names = {}
        for field in object_type.fields:
            ros_name = field.ros_name(self.version)
            if ros_name is not None:
                self.ros_names[field.name] = ros_name
        self.canonical_names = dict((ros, name) for name, ros in self.ros_names.items())

    @property
    def menu(self):
        return self.object_type.menu

    def has(self, field_name):
        return field_name in self.ros_names

    def ros_name(self, field_name):
        return self.ros_names[field_name]

    def proplist(self):
        """The properties to ask for in one print: identity, every field, and our marker's home."""
        names = ['.id'] + sorted(set(self.ros_names.values()))
        return names

    def require(self, field_name, host=None):
        """Fail with a message naming the version needed, before any write is planned."""
        if self.has(field_name):
            return
        field = self.object_type.field(field_name)
        first = field.first_version()
        removed = field.last_version_before(self.version)
        if removed is not None:
            message = 'not supported on RouterOS %s (removed in %s)' % (self.version, removed.short)
        elif first is not None:
            message = 'needs RouterOS %s or later; this router runs %s' % (first.short, self.version)
        else:
            message = 'not supported by RouterOS'
        raise SpecError(message, field='%s.%s' % (self.object_type.name, field_name), host=host)


class ObjectType(object):
    """A RouterOS menu as the collection sees it: canonical fields and the fields that identify a row."""

    def __init__(self, name, menu, fields, identity=(), ordered=False, doc=None, row_argument='numbers'):
        self.name = name
        self.menu = menu
        # What a command (start, stop, disable...) names its row with: most menus take `numbers`.
        self.row_argument = row_argument
        self.fields = tuple(fields)
        self.identity = tuple(identity)
        self.ordered = ordered
        self.doc = doc
        self._by_name = dict((field.name, field) for field in self.fields)
        self._resolved = {}

    def field(self, name):
        return self._by_name[name]

    def has_field(self, name):
        return name in self._by_name

    def resolve(self, version):
        key = RouterOSVersion.parse(version).key
        if key not in self._resolved:
            self._resolved[key] = ResolvedType(self, version)
        return self._resolved[key]

    def __repr__(self):
        return 'ObjectType(%r)' % self.name
