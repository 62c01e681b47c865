# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The module harness: run a module front the two ways it runs for real, on a session the test gives.

``run_task(front, args, session)``: as a playbook task runs it, through the action plugin in
Ansible's worker (``run_front``: argument validation, the run loop, masking).
``run_main(front, args, session)``: as a module file run by hand, ``main()`` through
AnsibleModule.

Both return an ``Outcome`` (``result``, ``failed``, ``connects``: the parameters of every
connect the run made). ``session`` is what connecting returns (a ``SimulatorSession``);
``connect=`` replaces connecting altogether (to make it fail); with neither, a run that
connects fails the test. The container lifecycle waits on ``session.time`` when the session
has one, so no unit test sleeps.
"""

from __future__ import annotations

import contextlib
import json

import pytest

from ansible_collections.routeros_fleet.containers.plugins.action.routeros import run_front
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run import loop

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core before 2.19 reads the arguments from basic._ANSIBLE_ARGS
    @contextlib.contextmanager
    def patch_module_args(args):
        from ansible.module_utils import basic
        saved = basic._ANSIBLE_ARGS
        basic._ANSIBLE_ARGS = json.dumps({'ANSIBLE_MODULE_ARGS': args}).encode('utf-8')
        try:
            yield
        finally:
            basic._ANSIBLE_ARGS = saved


class Outcome(object):
    """One module run: ``result`` (the task result), ``failed``, ``connects``."""

    def __init__(self, result, failed, connects):
        self.result = result
        self.failed = failed
        self.connects = connects

    def __repr__(self):
        return 'Outcome(failed=%r, result=%r)' % (self.failed, self.result)


class _Exit(Exception):
    """How exit_json/fail_json leave main() here: AnsibleModule would end the process."""

    def __init__(self, result, failed):
        super(_Exit, self).__init__(result.get('msg'))
        self.result = result
        self.failed = failed


def _recording_connect(session, connect, connects):
    def record(params):
        connects.append(params)
        if connect is not None:
            return connect(params)
        if session is None:
            pytest.fail('this run must not connect to a router')
        return session
    return record


def run_task(front, args, session=None, connect=None, check_mode=False, diff=False, inventory_hostname=None):
    """Run ``front`` (a module file) as the action plugin runs a task in the worker."""
    connects = []
    result = run_front(front, args, check_mode=check_mode, diff=diff, inventory_hostname=inventory_hostname,
                       connect=_recording_connect(session, connect, connects))
    return Outcome(result, bool(result.get('failed')), connects)


def run_main(front, args, session=None, connect=None, check_mode=False, diff=False):
    """Run ``front.main()`` with ``args`` as AnsibleModule would read them from a module process."""
    connects = []
    args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)

    def exit_json(module, **result):
        raise _Exit(result, False)

    def fail_json(module, **result):
        raise _Exit(result, True)

    with pytest.MonkeyPatch.context() as patch, patch_module_args(args):
        patch.setattr('ansible.module_utils.basic.AnsibleModule.exit_json', exit_json)
        patch.setattr('ansible.module_utils.basic.AnsibleModule.fail_json', fail_json)
        patch.setattr(loop, 'default_connect', _recording_connect(session, connect, connects))
        with pytest.raises(_Exit) as exited:
            front.main()
    return Outcome(exited.value.result, exited.value.failed, connects)
