# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Benchmark helper, not part of the collection: records how long each task took on each host.

Enabled by bench/run.py (ANSIBLE_CALLBACKS_ENABLED=bench_timer, ANSIBLE_CALLBACK_PLUGINS=bench/callback_plugins)
and writes ``{"tasks": [{"task", "action", "host", "seconds", "status"}]}`` to $BENCH_TIMER_OUTPUT at the
end of the run. A task starts on a host when a worker picks it up (v2_runner_on_start), so the figure
is the worker's time for that host: templating, the module process and its talk to the router.
"""

from __future__ import annotations

DOCUMENTATION = r'''
name: bench_timer
type: aggregate
short_description: per host and task durations for bench/run.py
description: Writes the duration of every task on every host as JSON to the file named by E(BENCH_TIMER_OUTPUT).
requirements: [enable in configuration]
'''

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'bench_timer'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self._started = {}
        self._records = []
        self._output = os.environ.get('BENCH_TIMER_OUTPUT')

    def v2_runner_on_start(self, host, task):
        self._started[(host.get_name(), task._uuid)] = time.monotonic()

    def _finish(self, result, status):
        host = result._host.get_name()
        task = result._task
        started = self._started.pop((host, task._uuid), None)
        if started is None:
            return
        self._records.append({'task': task.get_name(), 'action': task.action, 'host': host,
                              'seconds': round(time.monotonic() - started, 4), 'status': status})

    def v2_runner_on_ok(self, result):
        self._finish(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._finish(result, 'failed')

    def v2_runner_on_skipped(self, result):
        self._finish(result, 'skipped')

    def v2_runner_on_unreachable(self, result):
        self._finish(result, 'unreachable')

    def v2_playbook_on_stats(self, stats):
        if self._output:
            with open(self._output, 'w') as handle:
                json.dump({'tasks': self._records}, handle)
