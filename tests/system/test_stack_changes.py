# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Changes to a deployed stack converge in one run: emptied env and mounts, a renamed or
re-subnetted network, a failed image update with a changed env (a real rollback)."""

from __future__ import annotations

import time

import pytest

from faults_helpers import running
from stack_helpers import container_rows, deploy, env_rows, fleet_fixture, ours, router_fixture, rows

fleet = fleet_fixture()
router = router_fixture()


def _started_again(fleet, router, name):
    """The process of a start-on-boot container once the rebooted router has started it (or None)."""
    for _attempt in range(300):
        process = running(fleet, router, name)
        if process is not None:
            return process
        time.sleep(0.1)
    return None


SECRET = 'token-Hq2'
FULL = {'name': 'web', 'image': 'nginx:latest', 'env': {'MODE': 'prod', 'API_TOKEN': SECRET}, 'secret_env': ['API_TOKEN'],
        'mounts': ['usb1/web:/data'], 'ports': ['8081:80']}


def _emptied(how):
    entry = dict(FULL)
    entry.pop('secret_env')
    if how == 'removed':
        entry.pop('env')
        entry.pop('mounts')
    elif how == 'null':
        entry.update(env=None, mounts=None)
    else:
        entry.update(env={}, mounts=[])
    return [entry]


@pytest.mark.parametrize('how', ['empty', 'removed', 'null'])
def test_emptied_env_and_mounts_leave_the_router_and_the_running_container(fleet, router, how):
    deploy(fleet, router, [FULL])
    assert env_rows(fleet, router), 'the first deploy made no env rows'
    assert ours(rows(fleet, router, '/container/mounts'))
    assert SECRET in str(running(fleet, router, 'web'))

    result = deploy(fleet, router, _emptied(how))
    assert result['changed'], result
    assert env_rows(fleet, router) == []
    assert rows(fleet, router, '/container/mounts') == []
    container = [row for row in container_rows(fleet, router) if 'web' in (row.get('comment') or '')]
    assert len(container) == 1 and not container[0].get('envlist') and not container[0].get('mounts') \
        and not container[0].get('mountlists'), container
    process = running(fleet, router, 'web')
    assert process is not None and SECRET not in str(process) and 'MODE' not in str(process), process
    # Converged: the next run changes nothing.
    assert deploy(fleet, router, _emptied(how))['changed'] is False


APP = [{'name': 'web', 'image': 'nginx:latest', 'ports': ['8081:80']}, {'name': 'app', 'image': 'traefik/whoami:latest'}]


@pytest.mark.parametrize('network', [{'name': 'apps', 'subnet': '172.17.0.0/24'}, {'name': 'apps', 'subnet': '172.20.0.0/24'},
                                     {'name': 'containers', 'subnet': '172.21.0.0/24'}], ids=['renamed', 'both', 'resubnetted'])
def test_renamed_or_resubnetted_network_converges_in_one_run(fleet, router, network):
    deploy(fleet, router, APP)
    deploy(fleet, router, APP, network=network)
    config = fleet.control.config(router)
    bridges = [row['name'] for row in ours(config['/interface/bridge'])]
    assert bridges == [network['name']], bridges
    ports = sorted((row['interface'], row['bridge']) for row in config['/interface/bridge/port'] if row['interface'].startswith('veth-'))
    assert ports == [('veth-app', network['name']), ('veth-web', network['name'])], ports
    prefix = network['subnet'].rsplit('.', 2)[0]
    for row in ours(config['/interface/veth']):
        assert row['address'].startswith(prefix + '.'), row
    addresses = [row['address'] for row in ours(config['/ip/address'])]
    assert addresses == [prefix + '.0.1/24'], addresses
    masquerades = [row['src-address'] for row in ours(config['/ip/firewall/nat']) if row.get('action') == 'masquerade']
    assert masquerades == [network['subnet']], masquerades
    for name in ('web', 'app'):
        assert running(fleet, router, name) is not None, name
    assert deploy(fleet, router, APP, network=network)['changed'] is False


def test_failed_image_update_with_changed_env_leaves_the_old_container_as_it_was(fleet, router):
    old = [{'name': 'web', 'image': 'nginx:latest', 'env': {'MODE': 'prod', 'GONE': '1'}, 'start_on_boot': True}]
    new = [{'name': 'web', 'image': 'nginx:1.27-alpine', 'env': {'MODE': 'dev', 'ADDED': '1'}, 'start_on_boot': True}]
    deploy(fleet, router, old)
    before = env_rows(fleet, router)
    fleet.control.fault(router, 'fail_next_pull', reason='registry unreachable')
    from stack_helpers import run_stack  # pylint: disable=import-outside-toplevel
    result = run_stack(fleet, router, new)
    assert result.get('failed'), result.get('actions')
    assert env_rows(fleet, router) == before
    assert 'prod' in str(running(fleet, router, 'web'))
    # After a reboot the old image starts with the old env, not the new one.
    fleet.control.reboot(router)
    process = _started_again(fleet, router, 'web')
    assert process is not None and 'prod' in str(process) and 'ADDED' not in str(process), process
    deploy(fleet, router, new)
    assert [(key, value) for _list, key, value in env_rows(fleet, router)] == [('ADDED', '1'), ('MODE', 'dev')]
    assert 'dev' in str(running(fleet, router, 'web'))
