# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Plan and apply one resource on a session the way the run loop does: validate, read once, plan.

``plan_for`` is the one planning helper; the rest are built on it. The container helpers
fill in the container module's defaults and wait on the simulated router's clock.
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.apply import apply_plan
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.state import RouterState
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container import options
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.container import ContainerResource


def plan_for(resource, params, session, owner=None):
    """``(spec, state, plan)``: ``params`` validated, the router read once, the plan made."""
    spec = resource.validate(params, owner=owner)
    state = RouterState.read(session, resource.object_types())
    return spec, state, resource.plan(spec, state)


def converge(resource, params, session, check_mode=False, owner=None):
    """Plan and apply once; returns the plan that was applied."""
    dummy, state, plan = plan_for(resource, params, session, owner=owner)
    apply_plan(session, plan, check_mode=check_mode, state=state)
    return plan


def report(resource, params, session):
    """What the module would report for ``params`` after reading the router."""
    spec, state, dummy = plan_for(resource, params, session)
    return resource.report(spec, state)


# --- one container, as the container module plans it ------------------------------------------

def container_params(**overrides):
    """Container module parameters as AnsibleModule hands them over: every option, defaults filled in."""
    values = dict((key, spec.get('default')) for key, spec in options.CONTAINER_ARGUMENT_SPEC.items())
    values.update(name='web', image='nginx')
    values.update(overrides)
    return values


def container_state(session):
    """The router as the container resource reads it."""
    return RouterState.read(session, ContainerResource().object_types())


def plan_container(session, **overrides):
    """The plan for container ``web`` (``nginx``) with ``overrides``."""
    return plan_for(ContainerResource(), container_params(**overrides), session)[2]


def converge_container(session, **overrides):
    """Plan and apply container ``web`` once; returns the plan."""
    plan = plan_container(session, **overrides)
    apply_plan(session, plan)
    return plan
