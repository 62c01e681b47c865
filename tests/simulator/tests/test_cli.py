"""`python -m routeros_sim` as a subprocess, through SimulatedFleet: ready lines, ports,
inventory, TLS, state, errors and shutdown."""

import json
import os
import signal
import socket
import subprocess
import sys

import librouteros
import pytest
import yaml

from routeros_sim.control_client import SIMULATOR_ROOT, SimulatedFleet, SimulatorError
from routeros_sim import tls


def test_ready_lines_versions_round_robin_and_inventory():
    with SimulatedFleet(routers=3, versions=['7.16.2', '7.20.8'], password='pw-1') as fleet:
        assert [(router['name'], router['version']) for router in fleet.routers] == [
            ('r1', '7.16.2'), ('r2', '7.20.8'), ('r3', '7.16.2')]
        assert len({router['port'] for router in fleet.routers}) == 3
        assert all(router['host'] == '127.0.0.1' and router['tls_port'] is None and router['arch'] == 'arm64'
                   and router['user'] == 'admin' for router in fleet.routers)
        assert fleet.control.routers() == fleet.routers

        with open(fleet.inventory, encoding='utf-8') as handle:
            inventory = yaml.safe_load(handle)
        group = inventory['all']['children']['routers']
        assert group['vars'] == {'ansible_connection': 'local',
                                 'ansible_python_interpreter': '{{ ansible_playbook_python }}'}
        assert group['hosts']['r2'] == {
            'ansible_host': '127.0.0.1', 'routeros_port': fleet.routers[1]['port'], 'routeros_username': 'admin',
            'routeros_password': 'pw-1', 'routeros_tls': False, 'routeros_version': '7.20.8'}
        assert oct(os.stat(fleet.inventory).st_mode & 0o777) == '0o600'

        api = librouteros.connect('127.0.0.1', 'admin', 'pw-1', port=fleet.routers[2]['port'], timeout=5)
        assert tuple(api.path('/system/identity'))
        api.close()
    assert not os.path.exists(fleet.inventory)


def free_port_range(count):
    """A base port with `count` free ports after it (probed, so a race is possible but rare)."""
    for _attempt in range(50):
        with socket.socket() as probe:
            probe.bind(('127.0.0.1', 0))
            base = probe.getsockname()[1]
        if base + count > 65535:
            continue
        sockets = []
        try:
            for port in range(base, base + count):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind(('127.0.0.1', port))
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()
    pytest.fail('no %d consecutive free loopback ports in 50 tries: is something holding most of them?' % count)
    return None


def test_fixed_ports_are_consecutive():
    base = free_port_range(3)
    with SimulatedFleet(routers=3, extra_args=['--port', str(base)]) as fleet:
        assert [router['port'] for router in fleet.routers] == [base, base + 1, base + 2]


def test_a_busy_port_is_a_clear_error():
    with socket.socket() as busy:
        busy.bind(('127.0.0.1', 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(SimulatorError, match='exited with code 2(.|\n)*cannot listen'):
            SimulatedFleet(extra_args=['--port', str(port)], start_timeout=20).start()


def test_a_non_loopback_host_is_refused():
    with pytest.raises(SimulatorError, match='loopback'):
        SimulatedFleet(extra_args=['--host', '0.0.0.0']).start()


def test_an_unknown_version_is_a_clear_error():
    with pytest.raises(SimulatorError, match='6.49'):
        SimulatedFleet(versions=['6.49']).start()


def test_self_signed_tls():
    with SimulatedFleet(routers=2, tls=True, extra_args=['--inventory-tls']) as fleet:
        assert fleet.ca_path and os.path.exists(fleet.ca_path)
        router = fleet.routers[1]
        assert router['tls_port'] and router['tls_port'] != router['port']
        context = tls.client_context(fleet.ca_path)
        api = librouteros.connect('127.0.0.1', fleet.user, fleet.password, port=router['tls_port'], timeout=5,
                                  ssl_wrapper=lambda sock: context.wrap_socket(sock, server_hostname='127.0.0.1'))
        assert tuple(api.path('/system/identity'))
        api.close()
        with open(fleet.inventory, encoding='utf-8') as handle:
            host = yaml.safe_load(handle)['all']['children']['routers']['hosts']['r2']
        assert (host['routeros_port'], host['routeros_tls'], host['routeros_ca_path']) == (
            router['tls_port'], True, fleet.ca_path)


def test_state_dir_survives_a_restart(tmp_path):
    with SimulatedFleet(state_dir=tmp_path) as fleet:
        api = librouteros.connect('127.0.0.1', fleet.user, fleet.password, port=fleet.routers[0]['port'], timeout=5)
        api.path('/container/envs').add(list='app', key='KEPT', value='1')
        api.close()
    with SimulatedFleet(state_dir=tmp_path) as fleet:
        assert [row['key'] for row in fleet.control.config('r1')['/container/envs']] == ['KEPT']


@pytest.mark.parametrize('signum', [signal.SIGTERM, signal.SIGINT])
def test_signals_stop_it_cleanly(signum):
    env = dict(os.environ, PYTHONPATH=SIMULATOR_ROOT)
    with subprocess.Popen([sys.executable, '-m', 'routeros_sim', '--routers', '2'], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=env) as process:
        lines = [json.loads(process.stdout.readline()) for _line in range(3)]
        assert lines[2]['ready'] is True and lines[2]['control'].startswith('http://127.0.0.1:')
        process.send_signal(signum)
        _out, err = process.communicate(timeout=15)
    assert process.returncode == 0, err.decode()


def test_usage_errors_exit_2():
    env = dict(os.environ, PYTHONPATH=SIMULATOR_ROOT)
    result = subprocess.run([sys.executable, '-m', 'routeros_sim', '--cert', 'only-a-cert.pem'], capture_output=True,
                            env=env, timeout=30, check=False)
    assert result.returncode == 2
    assert b'--cert and --key go together' in result.stderr


def resident_kib(pid):
    with open('/proc/%d/status' % pid, encoding='ascii') as status:
        for line in status:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    raise AssertionError('no VmRSS for %d' % pid)


@pytest.mark.skipif(not os.path.exists('/proc/self/status'), reason='needs /proc to read the resident set size')
def test_two_hundred_routers_stay_under_300_mb():
    with SimulatedFleet(routers=200, versions=['7.16.2', '7.20.8', '7.22.3', '7.24'], start_timeout=120) as fleet:
        assert len({router['port'] for router in fleet.routers}) == 200
        for router in fleet.routers:   # a session and some reads on every router
            api = librouteros.connect('127.0.0.1', fleet.user, fleet.password, port=router['port'], timeout=10)
            assert tuple(api.path('/ip/firewall/filter'))
            api.close()
        resident_mb = resident_kib(fleet.process.pid) / 1024
        print('200 routers: %.1f MB resident' % resident_mb)
        assert resident_mb < 300


def test_tls_with_given_cert_and_key(tmp_path):
    pki = tls.make_test_pki(str(tmp_path))
    with SimulatedFleet(extra_args=['--tls-port', '0', '--cert', pki.cert, '--key', pki.key]) as fleet:
        assert fleet.ca_path is None     # the caller owns the CA
        context = tls.client_context(pki.ca_cert)
        api = librouteros.connect('127.0.0.1', fleet.user, fleet.password, port=fleet.routers[0]['tls_port'], timeout=5,
                                  ssl_wrapper=lambda sock: context.wrap_socket(sock, server_hostname='localhost'))
        assert tuple(api.path('/system/identity'))
        api.close()
