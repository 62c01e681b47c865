# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Old import path of the in-process session, tests/unit/plugins/harness/simulated_session.py.

Only test_lifecycle.py and test_options_gaps.py still import it (both are being rewritten);
new tests import the harness. Delete this file when nothing imports it.
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.simulated_session import SimulatorSession

__all__ = ['SimulatorSession']
