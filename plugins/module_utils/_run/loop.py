# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one run every module makes: validate, connect, read once, plan, diff, apply, report.

The action plugin runs it in Ansible's worker process; a module file run on its own runs it
through AnsibleModule (``_run.module.run_module``). Both get the same result dict and the
same warnings; masking secrets is the caller's (it holds the no_log values). What differs
between modules is a small ``Job`` (``_run.jobs``).
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._api import connection
from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.errors import RouterError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.apply import apply_plan
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.diff import diff_sections
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.state import RouterState
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError


class Job(object):
    """What one module adds to the run loop. Every method but ``validate`` has a default."""

    name = None
    needs_container = False
    check_mode = False

    def __init__(self):
        # Secret values only known once the router is read (compose interpolated for its version).
        self.found_secret_values = set()

    def secret_values(self, params):
        """Values to mask everywhere, found in the raw (not yet validated) parameters."""
        return set()

    def precheck(self, params, host):
        """Checks of the raw parameters, made before Ansible's argument validation (whose
        messages name neither the host nor, inside a list, the entry): SpecError or nothing."""

    def validate(self, params, host):
        """The canonical spec, or SpecError naming the field. No router involved."""
        raise NotImplementedError

    def connected(self, session, spec):
        """The spec again, now that the router's version and architecture are known."""
        return spec

    def read(self, session, spec):
        """The router's state for ``plan``: one round trip for every menu the job needs."""
        return RouterState.read(session, self.object_types(spec))

    def read_and_plan(self, session, spec):
        """``(state, plan)``: the router read once and the plan against it."""
        state = self.read(session, spec)
        return state, self.plan(spec, state)

    def object_types(self, spec):
        return []

    def plan(self, spec, state):
        """An object with ``warnings``, ``actions()`` and truth (anything to do)."""
        raise NotImplementedError

    def changed(self, plan):
        return bool(plan)

    def diff(self, plan, state):
        return diff_sections(plan)

    def apply(self, session, plan, state):
        """Send the plan; returns the state to report (re-read when the job needs it)."""
        apply_plan(session, plan)
        return self.read(session, None) if plan else state

    def report(self, spec, plan, state, session):
        """Result keys of the job's own (documented in the module's RETURN)."""
        return {}

    def failure(self, plan, session):
        """Result keys of the job's own that still mean something when the run failed."""
        return {}


def default_connect(params):
    return connection.connect(params)


def display_name(params, inventory_hostname=None):
    """The router's name in messages and diff headers: its inventory name when we know it."""
    return inventory_hostname or params.get('hostname') or 'unknown'


def failure_result(error, name):
    """The one mapping of an error to a result: ``msg``, and for a change that failed part-way,
    which change failed, which were applied before it and which were not (``failed`` stays
    Ansible's boolean)."""
    if isinstance(error, SpecError):
        return {'failed': True, 'changed': False, 'msg': str(error if error.host else error.with_host(name))}
    if getattr(error, 'name', None) is None:
        error.name = name
    result = {'failed': True, 'changed': False, 'msg': str(error)}
    applied = getattr(error, 'applied', None)
    if applied is not None:
        result.update(failed_change=error.failed, applied=list(applied), not_applied=list(error.not_applied),
                      changed=bool(applied))
    cause = getattr(error, 'original', error)
    for key in ('reason', 'log_lines'):
        if getattr(cause, key, None):
            result[key] = getattr(cause, key)
    return result


def precheck_failure(job, params, name):
    """The failed result for raw ``params`` that ``job.precheck`` refuses, else None."""
    try:
        job.precheck(params, name)
    except SpecError as error:
        return failure_result(error, name)
    return None


def run(job, params, check_mode=False, diff=False, name=None, connect=None):
    """Run ``job`` against the router ``params`` names. Returns ``(result, warnings)``.

    ``name`` is the router's display name (``display_name``). Nothing is written in check
    mode; nothing is sent at all before the spec is valid.
    """
    name = name or display_name(params)
    job.check_mode = check_mode
    warnings = []
    result = {'changed': False, 'actions': []}
    try:
        spec = job.validate(params, name)
    except SpecError as error:
        return failure_result(error, name), warnings

    session = plan = None
    try:
        # Said before connecting: it holds for a router that does not answer too.
        warnings.extend(connection.connection_warnings(params))
        session = (connect or default_connect)(params)
        session.name = name
        if job.needs_container:
            session.check_container_support()
        spec = job.connected(session, spec)
        state, plan = job.read_and_plan(session, spec)
        warnings.extend(plan.warnings)
        result['changed'] = job.changed(plan)
        result['actions'] = plan.actions()
        if diff:
            result['diff'] = job.diff(plan, state)
        if not check_mode and result['changed']:
            state = job.apply(session, plan, state)
        result.update(job.report(spec, plan, state, session))
    except (SpecError, RouterError) as error:
        failed = failure_result(error, name)
        failed.update(job.failure(plan, session))
        return failed, warnings
    finally:
        if session is not None:
            session.close()
            warnings.extend(getattr(session, 'warnings', ()))
    return result, warnings
