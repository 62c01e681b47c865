# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Routers on versions the collection does not know: a newer one is deployed to with one warning naming
it, an older one gets one clear error before anything is written (real playbooks; the simulator reports
the version it is told to; 8.x and 6.x, which it refuses to simulate, are unit-tested in _api/test_versions.py)."""

from __future__ import annotations

from faults_helpers import NETWORK, run_playbook, start_fleet

WEB = [{'name': 'web', 'image': 'nginx:latest', 'env': {'MODE': 'prod'}, 'ports': ['8081:80']}]
PLAY = [{'name': 'versions', 'hosts': 'routers', 'gather_facts': False, 'tasks': [
    {'name': 'Deploy', 'ansible.builtin.include_role': {'name': 'routeros_fleet.containers.deploy'},
     'vars': {'routeros_containers': WEB, 'routeros_containers_network': NETWORK}}]}]


def configuration(fleet):
    """The router's configuration, without the uptime and load that change by themselves."""
    config = fleet.control.config('r1')
    config.pop('/system/resource', None)
    return config


def test_a_newer_router_is_deployed_to_with_one_warning_naming_its_version():
    fleet = start_fleet(routers=2, versions=('7.25',))
    try:
        run = run_playbook(fleet, PLAY)
        run.assert_ok()
        shown = (run.stdout + run.stderr).replace('\n', ' ')
        warning = 'RouterOS 7.25 is newer than the newest version this collection knows (7.24)'
        assert shown.count(warning) == 1, shown
        for router in ('r1', 'r2'):
            config = fleet.control.config(router)
            assert [row for row in config['/container'] if row.get('name') == 'web'], router
            assert fleet.control.running(router, 'web') is not None, router
        again = run_playbook(fleet, PLAY)
        again.assert_ok()
        assert again.changed_hosts() == []
    finally:
        fleet.stop()


def test_an_older_router_gets_one_clear_error_and_no_write():
    fleet = start_fleet(routers=1, versions=('7.14',))
    try:
        before = configuration(fleet)
        run = run_playbook(fleet, PLAY)
        assert run.failed_hosts() == ['r1']
        message = run.result('r1', 'routeros_fleet.containers.deploy : Converge the container stack')['msg']
        assert message.endswith(': RouterOS 7.15 or later is needed; this router runs 7.14'), message
        assert 'field' not in message
        assert fleet.control.counters('r1')['writes'] == {}
        assert configuration(fleet) == before
    finally:
        fleet.stop()
