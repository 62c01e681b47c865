# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Shared by the fault, bad-input, secrets, access and load tests.

The stack module runs in this process (``run_stack``: the real module front, argument spec
and AnsibleModule, talking TCP to a simulator subprocess), because fault tests need dozens of
runs and a playbook costs seconds each; the tests about what Ansible itself prints (``-vvv``,
callbacks) and the load test run real ``ansible-playbook`` through the harness in helpers.py.
"""

from __future__ import annotations

import contextlib
import copy
import importlib
import io
import json
import re

# helpers puts the simulator and build/collections (the collection's symlink tree) on sys.path.
from helpers import REPO_ROOT, run_playbook  # noqa: F401  pylint: disable=unused-import
from routeros_sim.control_client import SimulatedFleet

REPO = str(REPO_ROOT)
MARKER = '[rfc:'
SECRET_ENV = 'env-secret-Zq8'
REGISTRY_SECRET = 'registry-secret-Kp3'
MENUS_WE_TOUCH = ('/container', '/container/envs', '/container/mounts', '/container/config', '/interface/veth',
                  '/interface/bridge', '/interface/bridge/port', '/ip/address', '/ip/firewall/nat', '/ip/firewall/filter')

NETWORK = {'name': 'containers', 'subnet': '172.17.0.0/24'}
CONTAINERS = [
    {'name': 'web', 'image': 'nginx:latest', 'env': {'MODE': 'prod', 'API_TOKEN': SECRET_ENV}, 'secret_env': ['API_TOKEN'],
     'ports': ['8081:80', '8443:443'], 'start_on_boot': True},
    {'name': 'app', 'image': 'traefik/whoami:latest', 'mounts': ['usb1/app:/data'], 'ports': ['8000:80']},
]


def containers(**changes_by_name):
    """A deep copy of CONTAINERS with per-container changes: ``containers(web={'image': 'nginx:1.27-alpine'})``."""
    result = copy.deepcopy(CONTAINERS)
    for entry in result:
        entry.update(changes_by_name.get(entry['name'], {}))
    return result


def start_fleet(routers=1, versions=('7.22.3',), **options):
    # Simulated pulls take seconds; a fast clock keeps every run short without changing the order of events.
    options.setdefault('time_scale', 50)
    return SimulatedFleet(routers=routers, versions=list(versions), **options).start()


def connection_params(fleet, router='r1', **overrides):
    info = fleet.router(router)
    params = {'hostname': info['host'], 'port': info['port'], 'username': fleet.user, 'password': fleet.password,
              'timeout': 5}
    params.update(overrides)
    return params


def run_module_file(module, args):
    """Run the collection's module ``module`` in this process as its file runs: AnsibleModule reads
    ``args``, the real exit_json/fail_json print the (masked) result. ``(result dict, printed text)``."""
    from ansible.module_utils.testing import patch_module_args  # pylint: disable=import-outside-toplevel
    front = importlib.import_module('ansible_collections.routeros_fleet.containers.plugins.modules.%s' % module)
    out = io.StringIO()
    with patch_module_args(args), contextlib.redirect_stdout(out):
        try:
            front.main()
        except SystemExit:
            pass
    text = out.getvalue()
    return json.loads(text[text.index('{'):]), text


def run_stack(fleet, router='r1', containers_spec=None, network=None, check=False, diff=False, **params):
    """Run the stack module once in this process; its result dict (``failed`` set on failure)."""
    args = connection_params(fleet, router)
    args.update(network=copy.deepcopy(network or NETWORK),
                containers=copy.deepcopy(CONTAINERS if containers_spec is None else containers_spec))
    args.update(params)
    if check:
        args['_ansible_check_mode'] = True
    if diff:
        args['_ansible_diff'] = True
    result, text = run_module_file('stack', args)
    result['_raw'] = text
    return result


# A failure is one line naming the router, with no traceback behind it.
ROUTER_ERROR = re.compile(r'^router 127\.0\.0\.1:\d+: ')


def assert_fails_clearly(result, *fragments):
    assert result.get('failed'), result
    message = result['msg']
    assert ROUTER_ERROR.match(message), message
    assert '\n' not in message and 'Traceback' not in result['_raw'], message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    return message


def assert_ok(result):
    assert not result.get('failed'), result.get('msg')
    return result


def writes(fleet, router='r1'):
    return fleet.control.counters(router)['writes']


def ours(rows):
    return [row for row in rows if MARKER in (row.get('comment') or '')]


def not_ours(rows):
    return [row for row in rows if MARKER not in (row.get('comment') or '')]


# Read-only values the router itself keeps changing (7.22+ memory use of the running containers):
# not configuration, so not part of "what we must never touch".
LIVE_VALUES = ('memory-current',)


def snapshot_theirs(fleet, router='r1'):
    """Every row without our marker in the menus the stack manages: what we must never touch."""
    config = fleet.control.config(router)
    return dict((menu, [dict((key, value) for key, value in row.items() if key not in LIVE_VALUES)
                        for row in not_ours(config.get(menu, []))])
                for menu in MENUS_WE_TOUCH)


def assert_converged(fleet, router='r1', containers_spec=None, network=None):
    """A run that changes nothing and writes nothing, and the router holds exactly the spec."""
    fleet.control.reset_counters(router)
    result = assert_ok(run_stack(fleet, router, containers_spec, network))
    assert result['changed'] is False, result['actions']
    assert writes(fleet, router) == {}, writes(fleet, router)
    assert_nothing_orphaned(fleet, router, containers_spec)
    return result


def assert_nothing_orphaned(fleet, router='r1', containers_spec=None):
    """Exactly one of each object the spec asks for; nothing of ours beyond it (no staging copy, no duplicate rule)."""
    spec = CONTAINERS if containers_spec is None else containers_spec
    config = fleet.control.config(router)
    names = sorted(entry['name'] for entry in spec)
    our_containers = sorted(container_key(row) for row in ours(config['/container']))
    assert our_containers == names, our_containers
    veths = sorted(row['name'] for row in ours(config['/interface/veth']))
    assert veths == sorted(entry.get('veth') or 'veth-' + entry['name'] for entry in spec), veths
    dstnat = sorted((row['protocol'], row['dst-port']) for row in ours(config['/ip/firewall/nat']) if row.get('chain') == 'dstnat')
    wanted = []
    for entry in spec:
        for port in entry.get('ports', []):
            text, _sep, protocol = port.partition('/')
            wanted.append((protocol or 'tcp', text.split(':')[-2]))
    assert dstnat == sorted(wanted), dstnat
    masquerade = [row for row in ours(config['/ip/firewall/nat']) if row.get('chain') == 'srcnat']
    assert len(masquerade) == 1, masquerade
    for menu in ('/container/envs', '/container/mounts'):
        keys = [(row.get('list') or row.get('name'), row.get('key') or row.get('dst')) for row in ours(config[menu])]
        assert len(keys) == len(set(keys)), (menu, keys)
    for name in names:
        assert running(fleet, router, name) is not None or not _should_run(spec, name), name


def running(fleet, router, key):
    """What the process of our container ``key`` runs with, or None; before 7.19 its router name is a UUID."""
    for row in ours(fleet.control.config(router)['/container']):
        if container_key(row) == key:
            return fleet.control.running(router, row.get('name') or row['.id'])
    return None


def _should_run(spec, name):
    for entry in spec:
        if entry['name'] == name:
            return entry.get('state', 'started') == 'started'
    return False


def container_key(row):
    match = re.search(r'\[rfc:[^#\]]+#([^\]]+)\]$', row.get('comment') or '')
    return match.group(1) if match else None


def hand_made(fleet, router='r1'):
    """Objects a person made through the API, the way Winbox would: ours to leave alone."""
    import librouteros  # pylint: disable=import-outside-toplevel
    info = fleet.router(router)
    api = librouteros.connect(host=info['host'], port=info['port'], username=fleet.user, password=fleet.password)
    try:
        api.path('ip', 'firewall', 'nat').add(**{'chain': 'dstnat', 'action': 'dst-nat', 'protocol': 'tcp', 'dst-port': '2222',
                                                 'to-addresses': '192.168.88.10', 'to-ports': '22', 'comment': 'ssh to the NAS'})
        api.path('interface', 'veth').add(name='veth-hand', address='172.17.0.250/24', gateway='172.17.0.1')
    finally:
        api.close()


def api(fleet, router='r1', username=None, password=None):
    """A librouteros connection for editing the router by hand."""
    import librouteros  # pylint: disable=import-outside-toplevel
    info = fleet.router(router)
    return librouteros.connect(host=info['host'], port=info['port'], username=username or fleet.user,
                               password=fleet.password if password is None else password)


def ansible_output(run):
    """Every byte a PlaybookRun holds: stdout, stderr and the callback JSON of every task."""
    return '\n'.join([run.stdout, run.stderr, json.dumps(run.tasks), json.dumps(run.stats)])


def summary(run):
    """Per host: ok, changed, failed, unreachable (from the callback's stats)."""
    return dict((host, {'changed': counts.get('changed', 0), 'failed': counts.get('failures', 0),
                        'unreachable': counts.get('unreachable', 0)}) for host, counts in run.stats.items())
