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


class Resource(object):
    """What every resource provides. Subclasses set ``name`` and implement the four methods."""

    name = None
    needs_container = False

    def object_types(self):
        raise NotImplementedError

    def validate(self, params, owner=None):
        """Canonical spec from module params, or SpecError naming the field. No router involved."""
        raise NotImplementedError

    def plan(self, spec, state):
        """The Plan that makes the router match ``spec``; SpecError (with host) before any write."""
        raise NotImplementedError

    def report(self, spec, state):
        """The object as the router now has it: canonical names, secrets masked."""
        raise NotImplementedError
