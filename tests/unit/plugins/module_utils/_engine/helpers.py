# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Plan and apply a resource on a session (SimulatorSession in the tests) the way run_resource_module does."""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.apply import apply_plan
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.state import RouterState


def plan_for(resource, params, session, owner=None):
    spec = resource.validate(params, owner=owner)
    state = RouterState.read(session, resource.object_types())
    return spec, state, resource.plan(spec, state)


def converge(resource, params, session, check_mode=False, owner=None):
    """Apply once; returns the plan that was applied."""
    spec, state, plan = plan_for(resource, params, session, owner=owner)
    apply_plan(session, plan, check_mode=check_mode, state=state)
    return plan


def report(resource, params, session):
    spec, state, plan = plan_for(resource, params, session)
    return resource.report(spec, state)
