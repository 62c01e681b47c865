# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Planning and applying one container on a SimulatorSession, as the container module does."""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.apply import apply_plan
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.state import RouterState
from ansible_collections.routeros_fleet.containers.plugins.module_utils._module_container import options
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.container import ContainerResource, lifecycle_steps


def params(**overrides):
    """Module parameters as AnsibleModule hands them over: every option, defaults filled in."""
    values = dict((key, spec.get('default')) for key, spec in options.CONTAINER_ARGUMENT_SPEC.items())
    values.update(name='web', image='nginx')
    values.update(overrides)
    return values


def state_of(session):
    return RouterState.read(session, ContainerResource().object_types())


def plan_for(session, **overrides):
    resource = ContainerResource()
    return resource.plan(resource.validate(params(**overrides)), state_of(session))


def run(session, **overrides):
    plan = plan_for(session, **overrides)
    apply_plan(session, plan)
    return plan


def steps(plan):
    """The container's lifecycle steps in the plan, each once: what the container module reports."""
    return lifecycle_steps(plan)
