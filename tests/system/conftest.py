# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Fixtures for system tests: simulated fleets on free loopback ports, and real playbook runs.

    def test_something(fleet, run_playbook):
        run = run_playbook(fleet, PLAYBOOK, check=True)

    def test_other(fleet_factory):
        fleet = fleet_factory(versions=['7.15.3'], tls=True)

``fleet`` is one fleet of three routers (7.16.2, 7.20.8, 7.24) per test module, reset to
factory configuration before each test that uses it; ``fleet_factory`` starts fleets of
your own for one test.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

# pylint: disable=wrong-import-position
import helpers  # noqa: E402
from routeros_sim.control_client import SimulatedFleet  # noqa: E402

DEFAULT_VERSIONS = ('7.16.2', '7.20.8', '7.24')


def start_fleet(versions=DEFAULT_VERSIONS, **options):
    options.setdefault('routers', len(versions))
    return SimulatedFleet(versions=list(versions), **options).start()


@pytest.fixture
def fleet_factory():
    """``fleet_factory(versions=[...], **SimulatedFleet options)`` -> a started fleet, stopped after the test."""
    started = []

    def factory(versions=DEFAULT_VERSIONS, **options):
        fleet = start_fleet(versions, **options)
        started.append(fleet)
        return fleet

    yield factory
    for fleet in started:
        fleet.stop()


@pytest.fixture(scope='module')
def module_fleet():
    fleet = start_fleet()
    yield fleet
    fleet.stop()


@pytest.fixture
def fleet(module_fleet):
    """The module's shared fleet, every router back at factory configuration with zeroed counters."""
    for router in module_fleet.routers:
        module_fleet.control.reset(router['name'])
        module_fleet.control.reset_counters(router['name'])
    return module_fleet


@pytest.fixture
def run_playbook():
    """``run_playbook(fleet, playbook_yaml_or_path, check=False, diff=False, extra_vars=None, limit=None)``."""
    return helpers.run_playbook
