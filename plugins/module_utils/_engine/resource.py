# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The resource interface every resource module and the stack plan with.

A resource validates user input without a router, plans against a RouterState and reports
what the router has. The stack module calls the same three methods for many resources on
one state and one session (docs/design.md "Engine contract"); the run loop that drives a
resource as a module is module_utils/_run.
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.checks import check_state
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.ownership import owner_for


class Resource(object):
    """What every resource provides. Subclasses set ``name`` and ``types`` and implement the other three methods."""

    name = None
    # The menus plan() reads, as ObjectTypes (_schema/tables.py).
    types = ()

    @property
    def needs_container(self):
        """Whether the router needs the container package for it: any menu of /container."""
        return any(object_type.menu.startswith('/container') for object_type in self.types)

    def object_types(self):
        return list(self.types)

    def validate(self, params, owner=None):
        """Canonical spec from module params, or SpecError naming the field. No router involved."""
        raise NotImplementedError

    def plan(self, spec, state):
        """The Plan that makes the router match ``spec``; SpecError (with host) before any write."""
        raise NotImplementedError

    def report(self, spec, state):
        """The object as the router now has it: canonical names, secrets masked."""
        raise NotImplementedError


def list_spec(resource, name, params, owner, **items):
    """The spec of a list resource (env list, mount list): rows under one list name, the list's
    state, whether rows not in the spec go (``purge``), and the owner its markers name."""
    spec = {'name': name, 'state': check_state(params), 'purge': bool(params.get('purge')),
            'owner': owner_for(resource.name, name, owner)}
    spec.update(items)
    return spec
