# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Old names of the container plan helpers in tests/unit/plugins/harness/plans.py.

Only test_lifecycle.py and test_options*.py still import these names (both are being
rewritten); new tests import the harness. Delete this file when nothing imports it.
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.plans import (
    container_params as params, container_state as state_of, converge_container as run, plan_container as plan_for)

__all__ = ['params', 'plan_for', 'run', 'state_of']
