# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Writes every task result and the play recap to a JSON file, for tests/system/helpers.py."""

from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r'''
name: json_results
type: aggregate
short_description: every task result and the recap as one JSON file
description:
  - Test helper of routeros_fleet.containers. Writes to the file named by the environment
    variable E(ROUTEROS_FLEET_RESULTS) when the playbook ends; the default stdout callback
    still prints as usual.
requirements:
  - enabled through C(ANSIBLE_CALLBACKS_ENABLED=json_results)
'''


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'json_results'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self, *args, **kwargs):
        super(CallbackModule, self).__init__(*args, **kwargs)
        self.tasks = []
        self.play = None

    def v2_playbook_on_play_start(self, play):
        self.play = play.get_name()

    def _record(self, status, result):
        task = result._task
        self.tasks.append({
            'play': self.play,
            'task': task.get_name(),
            'action': task.action,
            'host': result._host.get_name(),
            'status': status,
            'result': result._result,
        })

    def v2_runner_on_ok(self, result):
        self._record('ok', result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._record('ignored' if ignore_errors else 'failed', result)

    def v2_runner_on_skipped(self, result):
        self._record('skipped', result)

    def v2_runner_on_unreachable(self, result):
        self._record('unreachable', result)

    def v2_playbook_on_stats(self, stats):
        path = os.environ.get('ROUTEROS_FLEET_RESULTS')
        if not path:
            return
        hosts = sorted(stats.processed.keys())
        data = {'tasks': self.tasks, 'stats': dict((host, stats.summarize(host)) for host in hosts)}
        with open(path, 'w') as handle:
            json.dump(data, handle, default=str, indent=1)
