# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The resource interface, and the one run every resource module front makes.

A resource validates user input without a router, plans against a RouterState and reports
what the router has. The stack module calls the same three methods for many resources on
one state and one session (docs/design.md "Engine contract").
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import RouterError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.apply import ApplyError, apply_plan
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.diff import diff_sections
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.state import RouterState


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


def _host_of(module):
    return module.params.get('hostname') or 'unknown'


def run_resource_module(module, resource, connect=None):
    """Validate, connect, read once, plan, (check mode ends here), apply, read back, report.

    ``connect`` is for tests; modules use the foundation's ``_api.connection.connect``.
    """
    host = _host_of(module)
    try:
        spec = resource.validate(module.params)
    except SpecError as error:
        module.fail_json(msg=str(error if error.host else error.with_host(host)))

    if connect is None:
        from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.connection import connect

    result = {'changed': False, 'actions': []}
    session = None
    try:
        session = connect(module.params)
        if resource.needs_container:
            session.check_container_support()
        state = RouterState.read(session, resource.object_types())
        plan = resource.plan(spec, state)
        for warning in plan.warnings:
            module.warn(warning)
        result['changed'] = bool(plan)
        result['actions'] = plan.actions()
        if module._diff:
            result['diff'] = diff_sections(plan)
        apply_plan(session, plan, check_mode=module.check_mode)
        if plan and not module.check_mode:
            state = RouterState.read(session, resource.object_types())
        result[resource.name] = resource.report(spec, state)
    except SpecError as error:
        module.fail_json(msg=str(error if error.host else error.with_host(host)))
    except ApplyError as error:
        module.fail_json(msg=str(error), **error.data())
    except RouterError as error:
        module.fail_json(msg=str(error))
    finally:
        if session is not None:
            session.close()
    module.exit_json(**result)
