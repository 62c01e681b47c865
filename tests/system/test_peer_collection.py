# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""community.routeros's api_info and api_modify against the simulator, on 7.16.2, 7.20.8 and
7.22.3: another project's client, with its own idea of every menu, reads and writes the menus
the simulator models and is idempotent. If the simulator prints or refuses something the way
no real router does, that collection's field tables and checks are the first to say so.

The collection comes from `make peer-collections` (tools/peer_collection.py: the pinned
`ansible` wheel, unpacked); this test fails, never skips, when it is absent.
"""

from __future__ import annotations

import os

import pytest

import helpers  # noqa: E402  pylint: disable=import-error,wrong-import-position
from routeros_sim.control_client import SimulatedFleet  # noqa: E402  pylint: disable=import-error,wrong-import-position

PEER_COLLECTIONS = helpers.REPO_ROOT / 'build' / 'peer_collections'
PEER_MANIFEST = PEER_COLLECTIONS / 'ansible_collections' / 'community' / 'routeros' / 'MANIFEST.json'
VERSIONS = ('7.16.2', '7.20.8', '7.22.3')

# What each release calls an env list's name (ROUTEROS.md section 1): data, chosen per host.
PLAYBOOK = '''
- hosts: routers
  gather_facts: false
  module_defaults:
    group/community.routeros.api:
      hostname: "{{ ansible_host }}"
      port: "{{ routeros_port }}"
      username: "{{ routeros_username }}"
      password: "{{ routeros_password }}"
  vars:
    env_list_key: "{{ 'list' if routeros_version is version('7.20', '>=') else 'name' }}"
  tasks:
    - name: Veth
      community.routeros.api_modify:
        path: interface veth
        data:
          - name: veth-peer
            address: 172.30.0.2/24
            gateway: 172.30.0.1
            comment: peer collection
        handle_absent_entries: ignore
    - name: Bridge
      community.routeros.api_modify:
        path: interface bridge
        data:
          - name: br-peer
            comment: peer collection
        handle_absent_entries: ignore
    - name: Envs
      community.routeros.api_modify:
        path: container envs
        data:
          - "{{ {env_list_key: 'peer', 'key': 'TZ', 'value': 'UTC'} }}"
        handle_absent_entries: ignore
    - name: Container config
      community.routeros.api_modify:
        path: container config
        data:
          - tmpdir: usb1/tmp
    - name: Read
      community.routeros.api_info:
        path: "{{ item }}"
      loop: [container, container config, container envs, container mounts, interface veth, interface bridge,
             interface bridge port, interface list, interface list member, ip address, ip firewall nat,
             ip firewall filter, system identity]
      register: info
      when: read | default(false)
'''


@pytest.fixture(scope='module')
def fleet():
    simulated = SimulatedFleet(routers=len(VERSIONS), versions=list(VERSIONS)).start()
    yield simulated
    simulated.stop()


def run(fleet, read=False):
    assert PEER_MANIFEST.exists(), 'community.routeros is not installed: run `make peer-collections`'
    return helpers.run_playbook(fleet, PLAYBOOK, extra_vars={'read': read}, env={
        'ANSIBLE_COLLECTIONS_PATH': os.pathsep.join([str(helpers.COLLECTIONS_PATH), str(PEER_COLLECTIONS)])})


def test_api_modify_writes_then_is_idempotent_and_api_info_reads(fleet):
    first = run(fleet)
    first.assert_ok()
    second = run(fleet, read=True)
    second.assert_ok()
    for host in ('r1', 'r2', 'r3'):
        assert second.stats[host]['changed'] == 0, (host, [
            (task, second.result(host, task).get('old_data'), second.result(host, task).get('new_data'))
            for task in ('Veth', 'Bridge', 'Envs', 'Container config')])
    for host, version in zip(('r1', 'r2', 'r3'), VERSIONS):
        config = fleet.control.config(host)
        veths = [row for row in config['/interface/veth'] if row['name'] == 'veth-peer']
        assert len(veths) == 1 and veths[0]['address'] == '172.30.0.2/24', version
        assert len([row for row in config['/interface/bridge'] if row['name'] == 'br-peer']) == 1, version
        key = 'list' if version >= '7.20' else 'name'
        envs = [row for row in config['/container/envs'] if row.get(key) == 'peer']
        assert [(row['key'], row['value']) for row in envs] == [('TZ', 'UTC')], version
        assert config['/container/config'][0]['tmpdir'] == 'usb1/tmp', version
        results = second.result(host, 'Read')['results']
        assert all(not item.get('failed') for item in results), version
        by_path = dict((item['item'], item['result']) for item in results)
        assert [row['key'] for row in by_path['container envs']] == ['TZ'], version
        assert by_path['system identity'][0]['name'], version
