"""Client side of the simulator: `Control` for the HTTP control API and `SimulatedFleet`,
which runs `python -m routeros_sim` as a subprocess for tests, benchmarks and the demo.

Only the standard library is used, so any test environment can import this file.

    with SimulatedFleet(routers=3, versions=['7.16.2', '7.20.8', '7.24']) as fleet:
        fleet.routers[0]['port'], fleet.inventory, fleet.control.counters('r1')
"""

import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

SIMULATOR_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class SimulatorError(Exception):
    """The simulator did not start, stopped early or answered a control call with an error."""


class Control:
    """The control API of a running simulator (docs/design.md)."""

    def __init__(self, url, timeout=10.0):
        self.url = url.rstrip('/')
        self.timeout = timeout

    def routers(self):
        return self._call('GET', '/routers')

    def counters(self, router):
        return self._call('GET', '/routers/%s/counters' % router)

    def reset_counters(self, router):
        return self._call('POST', '/routers/%s/counters/reset' % router)

    def config(self, router):
        return self._call('GET', '/routers/%s/config' % router)

    def running(self, router, name):
        return self._call('GET', '/routers/%s/containers/%s/running' % (router, urllib.request.quote(name, safe='')))

    def fault(self, router, kind, **params):
        return self._call('POST', '/routers/%s/faults' % router, dict(params, kind=kind))

    def reboot(self, router):
        return self._call('POST', '/routers/%s/reboot' % router)

    def reset(self, router):
        return self._call('POST', '/routers/%s/reset' % router)

    def add_user(self, router, name, password, group):
        return self._call('POST', '/routers/%s/users' % router, {'name': name, 'password': password, 'group': group})

    def _call(self, method, path, body=None):
        data = json.dumps(body).encode('utf-8') if body is not None else (b'' if method == 'POST' else None)
        request = urllib.request.Request(self.url + path, data=data, method=method,
                                         headers={'Content-Type': 'application/json'})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read().decode('utf-8'))
        except urllib.error.HTTPError as error:
            try:
                message = json.loads(error.read().decode('utf-8')).get('error')
            except ValueError:
                message = error.reason
            raise SimulatorError('%s %s: HTTP %d: %s' % (method, path, error.code, message)) from None
        except (urllib.error.URLError, OSError) as error:
            raise SimulatorError('%s %s: control API unreachable at %s: %s' % (method, path, self.url, error)) from None


class SimulatedFleet:
    """Runs a simulated fleet in a subprocess on free loopback ports.

    Arguments map to the CLI; `extra_args` are appended as given. The inventory is written
    into a private temporary directory (`.inventory`), removed on exit with everything else
    the fleet created there. On a start failure the simulator's stderr is in the exception.
    """

    def __init__(self, routers=1, versions=None, user='admin', password='simsecret', tls=False, state_dir=None,
                 latency_ms=0, time_scale=1.0, arch=None, catalog=None, extra_args=(), start_timeout=30.0,
                 python=None):
        self.options = dict(routers=routers, versions=versions, user=user, password=password, tls=tls, state_dir=state_dir,
                            latency_ms=latency_ms, time_scale=time_scale, arch=arch, catalog=catalog)
        self.extra_args = list(extra_args)
        self.start_timeout = start_timeout
        self.python = python or sys.executable
        self.user, self.password = user, password
        self.process = None
        self.workdir = None
        self.routers = []
        self.control = None
        self.control_url = None
        self.inventory = None
        self.ca_path = None
        self._stderr = None
        self._lines = queue.Queue()

    def command(self):
        options = self.options
        command = [self.python, '-m', 'routeros_sim', '--routers', str(options['routers']), '--port', '0', '--control-port', '0',
                   '--user', options['user'], '--password', options['password'], '--inventory', self.inventory]
        versions = options['versions']
        if versions:
            command += ['--versions', versions if isinstance(versions, str) else ','.join(versions)]
        if options['tls']:
            command += ['--tls-port', '0']
        if options['state_dir']:
            command += ['--state-dir', str(options['state_dir'])]
        if options['latency_ms']:
            command += ['--latency-ms', str(options['latency_ms'])]
        if options['time_scale'] != 1.0:
            command += ['--time-scale', str(options['time_scale'])]
        if options['arch']:
            command += ['--arch', options['arch']]
        if options['catalog']:
            command += ['--catalog', str(options['catalog'])]
        return command + self.extra_args

    def start(self):
        self.workdir = tempfile.mkdtemp(prefix='routeros_sim_')
        self.inventory = os.path.join(self.workdir, 'inventory.yml')
        env = dict(os.environ)
        env['PYTHONPATH'] = os.pathsep.join(filter(None, [SIMULATOR_ROOT, env.get('PYTHONPATH')]))
        env['PYTHONUNBUFFERED'] = '1'
        self._stderr = open(os.path.join(self.workdir, 'stderr.log'), 'w+b')  # pylint: disable=consider-using-with
        self.process = subprocess.Popen(  # pylint: disable=consider-using-with
            self.command(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=self._stderr, env=env, cwd=self.workdir)
        threading.Thread(target=self._pump_stdout, daemon=True).start()
        try:
            self._wait_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _pump_stdout(self):
        for raw in self.process.stdout:
            self._lines.put(raw.decode('utf-8', 'replace').rstrip('\n'))
        self._lines.put(None)

    def _wait_ready(self):
        deadline = time.monotonic() + self.start_timeout
        routers = []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise SimulatorError('simulator not ready after %.0f s%s' % (self.start_timeout, self._stderr_tail()))
            try:
                line = self._lines.get(timeout=remaining)
            except queue.Empty:
                continue
            if line is None:
                self.process.wait(timeout=5)
                raise SimulatorError('simulator exited with code %s before it was ready%s' % (self.process.returncode, self._stderr_tail()))
            try:
                record = json.loads(line)
            except ValueError:
                raise SimulatorError('unexpected simulator output: %r%s' % (line, self._stderr_tail())) from None
            if record.get('ready'):
                self.routers = routers
                self.control_url = record['control']
                self.control = Control(self.control_url)
                self.ca_path = record.get('ca_path')
                return
            routers.append(record)

    def _stderr_tail(self, limit=4000):
        if self._stderr is None:
            return ''
        self._stderr.flush()
        self._stderr.seek(0)
        text = self._stderr.read().decode('utf-8', 'replace')
        return ('\n--- simulator stderr ---\n' + text[-limit:]) if text.strip() else ''

    def router(self, name):
        for router in self.routers:
            if router['name'] == name:
                return router
        raise KeyError(name)

    @property
    def stderr(self):
        return self._stderr_tail(limit=10 ** 6)

    def stop(self, timeout=10.0):
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=timeout)
        if process is not None and process.stdout is not None:
            process.stdout.close()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
