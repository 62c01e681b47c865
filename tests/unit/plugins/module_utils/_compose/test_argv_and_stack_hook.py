# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible_collections.routeros_fleet.containers.plugins.module_utils._compose.argv import (
    ArgvError, compose_words, routeros_argv, routeros_string,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._compose.convert import convert_compose
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._run.jobs import stack_secret_values
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.spec import parse_stack


@pytest.mark.parametrize('entrypoint, command', [
    (None, ['--port=2001', '--name=router']),
    (None, '--transaction-isolation=READ-COMMITTED --log-bin=binlog --binlog-format=ROW'),
    (['/usr/bin/dumb-init', '--'], ['node', 'server/server.js']),
    ('/bin/app --flag', "serve 'one-word' \"other\""),
    (['sh', '-c'], ['exec', 'app']),
])
def test_the_router_gets_the_argv_docker_would_run(entrypoint, command):
    service = {'image': 'x', 'command': command}
    if entrypoint is not None:
        service['entrypoint'] = entrypoint
    container = convert_compose({'services': {'s': service}}).containers[0]
    docker = (compose_words(entrypoint) if entrypoint is not None else []) + compose_words(command)
    assert routeros_argv(container.get('entrypoint'), container.get('cmd')) == docker


@pytest.mark.parametrize('words', [['sh', '-c', 'while true; do date; done'], ['echo', ''], ['say', "it's"], ['a\tb']])
def test_arguments_whitespace_would_split_are_refused(words):
    with pytest.raises(ArgvError):
        routeros_string(words)


COMPOSE = 'services:\n  web:\n    image: nginx\n    volumes: ["/usb1/html:/html:ro"]\n' \
          '    environment: {TOKEN: "${TOKEN}", TZ: UTC}\n'


def test_the_stack_converts_compose_with_the_routers_version():
    params = {'containers': [], 'compose': {'text': COMPOSE, 'variables': {'TOKEN': 'tok-1'}, 'secrets': ['TOKEN']}}
    offline = parse_stack(params)
    assert offline.containers[0].mounts[0].read_only is True
    assert offline.containers[0].secret_env == ('TOKEN',)
    assert parse_stack(params, routeros_version='7.24').containers[0].mounts[0].read_only is True
    with pytest.raises(SpecError) as caught:
        parse_stack(params, host='r1', routeros_version='7.16.2')
    assert str(caught.value).startswith('host r1, field compose: compose service web, key volumes[0]: ')
    kept = parse_stack(dict(params, compose=dict(params['compose'], ignore=['volumes'])), routeros_version='7.16.2')
    assert kept.containers[0].mounts[0].read_only is False
    assert any('ignored as asked' in note for note in kept.compose_notes)


def test_compose_secrets_are_masked_before_validation():
    params = {'compose': {'text': COMPOSE, 'variables': {'TOKEN': 'tok-1', 'TZ': 'UTC'}, 'secrets': ['TOKEN', 'DB'],
                          'env_files': {'.env': 'DB=db-pass\nOTHER=shown\n'}}}
    assert stack_secret_values(params) == {'tok-1', 'db-pass'}
