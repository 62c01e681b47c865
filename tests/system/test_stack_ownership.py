# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A stack takes nothing that is not its own: objects made by hand or by another owner with a
name the stack wants are refused before any write, unless adopted on purpose; two owners'
lists never collide; prune and removal match the owner on every version."""

from __future__ import annotations

from stack_helpers import api, container_rows, deploy, env_rows, fleet_fixture, ours, refused, router_fixture, rows, run_module

fleet = fleet_fixture()
router = router_fixture()

SECRET = 'secret-Vn4'
PIHOLE = {'name': 'pihole', 'image': 'pihole/pihole:latest', 'env': {'TZ': 'Europe/Riga', 'WEBPASSWORD': SECRET},
          'secret_env': ['WEBPASSWORD'], 'ports': ['8080:80']}


def _version(fleet, router):
    return tuple(int(part) for part in fleet.router(router)['version'].split('.'))


def _add(fleet, router, *path, **attrs):
    connection = api(fleet, router)
    try:
        return connection.path(*path).add(**attrs)
    finally:
        connection.close()


def _config_without_counters(fleet, router):
    config = fleet.control.config(router)
    return dict((menu, [dict((k, v) for k, v in row.items() if k not in ('bytes', 'packets')) for row in items])
                for menu, items in config.items())


def test_hand_made_veth_with_our_name_is_refused_then_adopted_on_purpose(fleet, router):
    _add(fleet, router, 'interface', 'veth', name='veth-pihole', address='172.17.0.200/24', gateway='172.17.0.1')
    before = _config_without_counters(fleet, router)
    message = refused(fleet, router, [PIHOLE])
    assert 'veth veth-pihole' in message and 'adopt: [pihole]' in message and fleet.router(router)['host'] in message, message
    assert _config_without_counters(fleet, router)['/interface/veth'] == before['/interface/veth']

    deploy(fleet, router, [PIHOLE], adopt=['pihole'])
    veth = [row for row in rows(fleet, router, '/interface/veth') if row['name'] == 'veth-pihole']
    assert len(veth) == 1 and '[rfc:stack=default]' in veth[0].get('comment', ''), veth
    assert deploy(fleet, router, [PIHOLE])['changed'] is False


def test_hand_made_env_row_in_our_list_is_refused(fleet, router):
    list_key = 'list' if _version(fleet, router) >= (7, 20, 0) else 'name'
    _add(fleet, router, 'container', 'envs', **{list_key: 'pihole', 'key': 'TZ', 'value': 'UTC'})
    message = refused(fleet, router, [PIHOLE])
    assert 'env pihole/TZ' in message and 'adopt' in message, message
    assert env_rows(fleet, router) == [('pihole', 'TZ', 'UTC')]


def test_hand_made_container_with_our_name_is_refused(fleet, router):
    if _version(fleet, router) < (7, 19, 0):
        # Before 7.19 a container's name is a UUID the router picks: no name to clash with.
        return
    _add(fleet, router, 'container', **{'remote-image': 'library/alpine:latest', 'name': 'pihole'})
    message = refused(fleet, router, [PIHOLE])
    assert 'container pihole' in message and 'adopt: [pihole]' in message, message
    hand = [row for row in container_rows(fleet, router) if row.get('name') == 'pihole']
    assert len(hand) == 1 and not hand[0].get('comment'), hand


def test_another_owners_container_is_a_conflict_and_lists_never_shared(fleet, router):
    deploy(fleet, router, [PIHOLE])
    first = list(rows(fleet, router, '/container/envs'))
    teamb = dict(PIHOLE, env={'TZ': 'UTC'}, secret_env=[], ports=['8090:80'], veth='veth-pihole-b')
    network = {'name': 'ctr-b', 'subnet': '172.30.0.0/24'}
    if _version(fleet, router) >= (7, 19, 0):
        # Container names are unique on 7.19+: the second owner's `pihole` is refused.
        message = refused(fleet, router, [teamb], network=network, owner='teamb')
        assert 'container pihole belongs to stack=default' in message, message
        return
    deploy(fleet, router, [teamb], network=network, owner='teamb')
    assert [row for row in rows(fleet, router, '/container/envs') if 'stack=default' in row.get('comment', '')] == first
    assert ('pihole@teamb', 'TZ', 'UTC') in env_rows(fleet, router)
    # Each stack converges; neither takes the other's objects back.
    assert deploy(fleet, router, [PIHOLE])['changed'] is False
    assert deploy(fleet, router, [teamb], network=network, owner='teamb')['changed'] is False


def test_prune_never_removes_another_owners_container(fleet, router):
    network = {'name': 'ctr-b', 'subnet': '172.30.0.0/24'}
    deploy(fleet, router, [{'name': 'app', 'image': 'traefik/whoami:latest'}], network=network, owner='teamb')
    list_key = 'list' if _version(fleet, router) >= (7, 20, 0) else 'name'
    # A leftover of another stack's `app` (say, its container removed by hand): its env row.
    _add(fleet, router, 'container', 'envs', **{list_key: 'app', 'key': 'OLD', 'value': '1', 'comment': '[rfc:stack=default]'})
    deploy(fleet, router, [])
    teamb = ours(container_rows(fleet, router), 'teamb')
    assert len(teamb) == 1, container_rows(fleet, router)
    assert [row for row in rows(fleet, router, '/container/envs') if row.get('key') == 'OLD'] == []


def test_renamed_owner_adopts_the_previous_owners_objects(fleet, router):
    deploy(fleet, router, [PIHOLE], owner='teama')
    marked = sorted((menu, row['.id']) for menu, items in fleet.control.config(router).items()
                    for row in ours(items, 'teama'))
    message = refused(fleet, router, [PIHOLE], owner='web')
    assert 'stack=teama' in message and 'adopt_owners' in message, message

    deploy(fleet, router, [PIHOLE], owner='web', adopt_owners=['teama'])
    config = fleet.control.config(router)
    assert [row for items in config.values() for row in ours(items, 'teama')] == []
    assert sorted((menu, row['.id']) for menu, items in config.items() for row in ours(items, 'web')) == marked
    assert deploy(fleet, router, [PIHOLE], owner='web')['changed'] is False


def test_a_container_named_like_a_staged_copy_is_refused(fleet, router):
    spec = [{'name': 'web', 'image': 'nginx:latest'}, {'name': 'web.next', 'image': 'traefik/whoami:latest'}]
    message = refused(fleet, router, spec)
    assert 'containers[web.next].name' in message and 'staged copy' in message, message
    result = run_module(fleet, router, 'container', name='web.next', image='nginx:latest')
    assert result.get('failed') and 'staged copy' in result['msg'], result
    assert container_rows(fleet, router) == []
