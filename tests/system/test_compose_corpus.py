# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Compose files as people have them (tests/compose/corpus), deployed with the deploy role's
``routeros_containers_compose`` to an old, a middle and a new RouterOS.

Each file either deploys, and then every container runs with the argv, env and mounts docker
would give it (read back from the simulator's running-config view), or fails on the routers
whose version cannot run it with a message naming the service and the key. What to ignore is
in the file's ``x-routeros-test`` block, which compose itself ignores.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from helpers import each_router

from ansible_collections.routeros_fleet.containers.plugins.module_utils._compose.argv import compose_words
from ansible_collections.routeros_fleet.containers.plugins.module_utils._compose.convert import ComposeError, convert_compose
from routeros_sim.control_client import SimulatedFleet

COMPOSE_DIR = Path(__file__).resolve().parents[1] / 'compose'
CORPUS = sorted(COMPOSE_DIR.glob('corpus/*.yml'))
VERSIONS = ('7.16.2', '7.21.5', '7.24')
VOLUME_ROOT = 'usb1/compose'
ARCHITECTURE = 'arm64'   # the simulator's default
STACK_TASK = 'routeros_fleet.containers.deploy : Converge the container stack'
# The summary line, then (when the import ignored anything) one line per note.
NOTES_TASK = 'routeros_fleet.containers.deploy : Report the result'

PLAYBOOK = """
- hosts: routers
  gather_facts: false
  vars:
    compose_test: %s
    routeros_containers: []
    routeros_containers_owner: corpus
    routeros_containers_compose:
      text: "{{ compose_test.text }}"
      volume_root: %s
      ignore: "{{ compose_test.ignore }}"
      variables: "{{ compose_test.variables }}"
      env_files: "{{ compose_test.env_files }}"
      secrets: "{{ compose_test.secrets }}"
  roles:
    - routeros_fleet.containers.deploy
"""


@pytest.fixture(scope='module')
def corpus_fleet():
    fleet = SimulatedFleet(routers=len(VERSIONS), versions=list(VERSIONS), catalog=str(COMPOSE_DIR / 'catalog.yaml'),
                           time_scale=20.0).start()
    yield fleet
    fleet.stop()


def _test_block(path):
    text = path.read_text()
    block = yaml.safe_load(text).get('x-routeros-test') or {}
    return {'text': text, 'ignore': block.get('ignore', []), 'variables': block.get('variables', {}),
            'env_files': block.get('env_files', {}), 'secrets': block.get('secrets', [])}


def _catalog():
    images = yaml.safe_load((COMPOSE_DIR / 'catalog.yaml').read_text())['images']
    by_reference = {}
    for image in images:
        reference = image['reference']
        by_reference[reference] = image
        short = reference.replace('docker.io/library/', '').replace('docker.io/', '')
        by_reference[short] = image
        if short.endswith(':latest'):
            by_reference[short[:-len(':latest')]] = image
    return by_reference


def docker_argv(service, image):
    """What docker runs: compose's entrypoint replaces the image's and drops its CMD."""
    if service.get('entrypoint') not in (None, '', []):
        entrypoint = compose_words(service['entrypoint'])
        cmd = compose_words(service['command']) if service.get('command') not in (None, '', []) else []
    else:
        entrypoint = list(image.get('entrypoint', []))
        cmd = compose_words(service['command']) if service.get('command') not in (None, '', []) else list(image.get('cmd', []))
    return entrypoint + cmd


def expected_outcome(block, version, notes=False):
    """(containers, None) when the file converts for ``version`` with its ignore list, else (None, error);
    with ``notes``, the converter's notes."""
    try:
        result = convert_compose(block['text'], volume_root=VOLUME_ROOT, routeros_version=version, ignore=block['ignore'],
                                 variables=block['variables'], env_files=block['env_files'], secrets=block['secrets'],
                                 architecture=ARCHITECTURE)
    except ComposeError as error:
        return None, error
    return result.notes if notes else (result.containers, None)


@pytest.mark.parametrize('path', CORPUS, ids=[path.stem for path in CORPUS])
def test_compose_file_deploys_or_is_refused_naming_service_and_key(corpus_fleet, run_playbook, path):
    routers = dict((router['name'], router['version']) for router in corpus_fleet.routers)
    for router in routers:
        corpus_fleet.control.reset(router)
    block = _test_block(path)
    services = yaml.safe_load(block['text'])['services']
    catalog = _catalog()
    run = run_playbook(corpus_fleet, PLAYBOOK % (json.dumps(block), VOLUME_ROOT))
    secrets = [str(block['variables'][name]) for name in block['secrets'] if name in block['variables']]
    for secret in secrets:
        assert secret not in run.output

    def check(router, version):
        containers, error = expected_outcome(block, version)
        if error is not None:
            assert router in run.failed_hosts(), 'deployed although the converter refuses: %s' % error
            message = run.result(router, STACK_TASK).get('msg', '')
            assert 'compose service %s, key %s' % (error.service, error.key) in message, message
            return
        assert router not in run.failed_hosts(), run.result(router, STACK_TASK).get('msg')
        # depends_on: each container is started after the ones it depends on (the list is in that order).
        actions = run.result(router, STACK_TASK)['actions']
        starts = [action.split()[-1] for action in actions if action.startswith('start /container ')]
        assert starts == [container['name'] for container in containers], actions
        # What was ignored is reported by the role, as the converter says for this version.
        notes = expected_outcome(block, version, notes=True)
        if notes:
            assert run.result(router, NOTES_TASK)['msg'][1:] == notes
        for container, (service_name, service) in zip(containers, _in_start_order(containers, services)):
            running = _running(corpus_fleet, router, container['name'])
            assert running, '%s is not running' % container['name']
            image = catalog[service['image']]
            assert running['entrypoint'] + running['cmd'] == docker_argv(service, image), service_name
            for key, value in (container.get('env') or {}).items():
                assert running['env'].get(key) == value, '%s env %s' % (service_name, key)
            wanted = sorted((mount.split(':')[0].strip('/'), mount.split(':')[1].rstrip('/') or '/', mount.endswith(':ro'))
                            for mount in container.get('mounts') or [])
            got = sorted((mount['src'].strip('/'), mount['dst'].rstrip('/') or '/', mount['read_only'])
                         for mount in running['mounts'])
            assert got == wanted, '%s mounts' % service_name
            assert all(len(name) <= 15 for name in running['interfaces'])

    each_router(routers, check)


def _in_start_order(containers, services):
    by_container_name = dict(((service.get('container_name') or name), (name, service)) for name, service in services.items())
    return [by_container_name[container['name']] for container in containers]


def _running(fleet, router, name):
    """The running config of our container ``name``: before 7.19 its RouterOS name is a UUID,
    and the stack's marker (``[rfc:stack=corpus#<name>]``) identifies it."""
    for row in fleet.control.config(router).get('/container', []):
        if row.get('name') == name or row.get('comment', '').endswith('#%s]' % name):
            return fleet.control.running(router, row.get('name') or row.get('.id'))
    return None
