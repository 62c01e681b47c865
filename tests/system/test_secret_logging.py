# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""No secret reaches syslog, the journal, the log file or the screen, whoever runs our modules.

Every module runs with secrets (the API password; the registry password; secret env values),
in check mode with diff at -vvvv, for real, and with options they refuse. Every Python process
of the run (ansible-playbook, its workers, any module process) loads log_capture/sitecustomize.py,
which writes what would reach syslog or the journal to a file. The module files are also run
directly, as someone debugging a module would, through both the journal and the syslog path.
Each run must also log something (``Invoked with``, or a play that really ran), so a capture that
sees nothing cannot pass.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import helpers

API_PASSWORD = 'api-secret-Lg5'
REGISTRY_SECRET = 'registry-secret-Lg6'
SECRET_ENV = 'env-secret-Lg7'
SECRETS = (API_PASSWORD, REGISTRY_SECRET, SECRET_ENV)
CAPTURE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'log_capture')
ENV = {'TOKEN': SECRET_ENV, 'PLAIN': 'visible'}

# Every module, each with the secrets it can be given; the API password comes with every one.
MODULE_ARGS = {
    'container': {'name': 'web', 'image': 'nginx:latest', 'env': ENV, 'secret_env': ['TOKEN']},
    'envlist': {'name': 'web', 'env': ENV, 'secret_keys': ['TOKEN']},
    'mountlist': {'name': 'web', 'mounts': [{'src': 'web-data', 'dst': '/data'}]},
    'veth': {'name': 'veth-web', 'addresses': ['172.17.0.2/24'], 'gateway': '172.17.0.1'},
    'container_network': {'name': 'containers', 'subnet': '172.17.0.0/24'},
    'port_forward': {'name': 'web', 'to_address': '172.17.0.2', 'rules': ['8080:80']},
    'container_config': {'registry_url': 'https://registry-1.docker.io', 'registry_username': 'bot',
                         'registry_password': REGISTRY_SECRET},
    'container_info': {'secret_env': ['TOKEN']},
    'stack': {'containers': [{'name': 'web', 'image': 'nginx:latest', 'env': ENV, 'secret_env': ['TOKEN']}],
              'config': {'username': 'bot', 'password': REGISTRY_SECRET}},
}
# Arguments refused before anything is sent: a bad value, an unknown option.
REFUSED = [
    ('container', {'stop_time': 'soon'}),
    ('container', {'colour': 'blue'}),
    ('envlist', {'colour': 'blue'}),
    ('stack', {'prune': 'perhaps'}),
    ('container_config', {'memory_high': 'lots'}),
]


def capture_env(path, journal):
    return {'PYTHONPATH': CAPTURE_DIR, 'LOG_CAPTURE_FILE': str(path), 'LOG_CAPTURE_JOURNAL': '1' if journal else '0'}


def assert_no_secret(where, text):
    for secret in SECRETS:
        assert secret not in text, '%s shows %s:\n%s' % (where, secret, text[text.index(secret) - 300:text.index(secret) + 100])


def read(path):
    return open(str(path)).read() if os.path.exists(str(path)) else ''


@pytest.fixture(scope='module')
def fleet():
    from conftest import start_fleet
    simulated = start_fleet(versions=('7.24',), password=API_PASSWORD)
    yield simulated
    simulated.stop()


def playbook():
    tasks = []
    for module, args in MODULE_ARGS.items():
        tasks.append({'name': 'module %s' % module, 'routeros_fleet.containers.%s' % module: args, 'ignore_errors': True})
    for module, extra in REFUSED:
        tasks.append({'name': 'refused %s %s' % (module, sorted(extra)), 'routeros_fleet.containers.%s' % module:
                      dict(MODULE_ARGS[module], **extra), 'ignore_errors': True})
    return [{'name': 'secrets everywhere', 'hosts': 'routers', 'gather_facts': False, 'tasks': tasks}]


@pytest.mark.parametrize('check', [True, False], ids=['check', 'apply'])
def test_a_play_of_every_module_logs_no_secret(fleet, tmp_path, check):
    capture, log = tmp_path / 'captured.log', tmp_path / 'ansible.log'
    env = dict(capture_env(capture, journal=True), ANSIBLE_LOG_PATH=str(log))
    run = helpers.run_playbook(fleet, playbook(), check=check, diff=True, verbosity=4, env=env)
    text = run.stdout + run.stderr
    assert 'module stack' in text and 'refused container' in text, text[-3000:]
    assert 'ok: [r1]' in text or 'changed: [r1]' in text, text[-3000:]
    assert 'colour' in text, 'the refused option is reported'
    assert read(log), 'ANSIBLE_LOG_PATH was written'
    assert_no_secret('stdout/stderr', text)
    assert_no_secret('ANSIBLE_LOG_PATH', read(log))
    assert_no_secret('syslog/journal', read(capture))


def module_file_run(module, args, tmp_path, journal, check):
    capture = tmp_path / ('%s-%s.log' % (module, 'journal' if journal else 'syslog'))
    args = dict(args, hostname='127.0.0.1', port=1, password=API_PASSWORD, timeout=1, _ansible_check_mode=check,
                _ansible_diff=True, _ansible_verbosity=4)
    args_path = tmp_path / ('%s.json' % module)
    args_path.write_text(json.dumps({'ANSIBLE_MODULE_ARGS': args}))
    env = dict(os.environ, **capture_env(capture, journal))
    env['PYTHONPATH'] = os.pathsep.join([CAPTURE_DIR, str(helpers.COLLECTIONS_PATH)])
    module_file = helpers.COLLECTION_LINK / 'plugins' / 'modules' / ('%s.py' % module)
    process = subprocess.run([sys.executable, str(module_file), str(args_path)], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, timeout=120, check=False)
    return process.stdout.decode() + process.stderr.decode(), read(capture)


@pytest.mark.parametrize('journal', [True, False], ids=['journal', 'syslog'])
def test_module_files_run_directly_log_no_secret(tmp_path, journal):
    helpers.fleet_runner.link_collection()
    runs = [(module, args, True, True) for module, args in MODULE_ARGS.items()]
    # An argument AnsibleModule itself refuses fails before it logs; one our validation refuses, after.
    runs += [(module, dict(MODULE_ARGS[module], **extra), False, False) for module, extra in REFUSED]
    for module, args, check, logs in runs:
        output, captured = module_file_run(module, args, tmp_path, journal, check)
        # Nothing listens on port 1: a valid run fails connecting, after the invocation was logged.
        assert '"failed": true' in output, (module, output)
        assert not logs or 'Invoked with' in captured, (module, captured, output)
        assert_no_secret('%s output' % module, output)
        assert_no_secret('%s %s' % (module, 'journal' if journal else 'syslog'), captured)
