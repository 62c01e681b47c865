"""Many simulated routers in one asyncio process, each on its own loopback port(s).

`RouterHost` is one router as the network sees it: the model, its API listeners, its
counters and the wire-level faults (latency, dropped connections). `Fleet` builds and
runs them.
"""

import asyncio
import collections
import logging
import os

from routeros_sim.session import Session

LOG = logging.getLogger('routeros_sim.fleet')

WIRE_FAULTS = ('drop_after', 'latency', 'reboot_after')


class Counters:
    """What a router saw on the wire, summed over all its connections."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.sentences = 0
        self.round_trips = 0
        self.logins = 0
        self.commands = collections.Counter()
        self.writes = collections.Counter()

    def count_command(self, key, is_write):
        self.commands[key] += 1
        if is_write:
            self.writes[key] += 1

    def as_dict(self):
        return {
            'sentences': self.sentences,
            'round_trips': self.round_trips,
            'logins': self.logins,
            'commands': dict(sorted(self.commands.items())),
            'writes': dict(sorted(self.writes.items())),
        }


class FaultError(ValueError):
    """A fault request that names an unknown kind or lacks a parameter."""


class RouterHost:
    """One simulated router on the network."""

    def __init__(self, router, host, user, password, latency_ms=0):
        self.router = router
        self.name = router.name
        self.host = host
        self.user = user
        self.port = None
        self.tls_port = None
        self.counters = Counters()
        self.default_latency = max(0.0, latency_ms / 1000.0)
        self.latency_seconds = self.default_latency
        self.drop_after = None
        self.reboot_after = None     # writes still to serve before the router reboots by itself
        self.sessions = set()
        self.servers = []
        # The legacy challenge login needs the clear password; the model only checks them.
        self.passwords = {user: password}

    def ready_line(self):
        return {
            'name': self.name,
            'host': self.host,
            'port': self.port,
            'tls_port': self.tls_port,
            'version': self.router.version,
            'arch': self.router.arch,
            'user': self.user,
        }

    # -- used by sessions -------------------------------------------------------------

    def admit_sentence(self):
        """False when a `drop_after` fault says this sentence is where the line goes dead."""
        if self.drop_after is None:
            return True
        if self.drop_after <= 0:
            self.drop_after = None
            return False
        self.drop_after -= 1
        return True

    def after_write(self):
        """True when a `reboot_after` fault says this write was the last before a reboot.

        The write is applied (and saved), its answer never arrives: the router goes down
        with every connection, and comes back from what it had saved.
        """
        if self.reboot_after is None:
            return False
        self.reboot_after -= 1
        if self.reboot_after > 0:
            return False
        self.reboot_after = None
        self.reboot()
        return True

    def password_of(self, name):
        return self.passwords.get(name)

    # -- used by the control API ------------------------------------------------------

    def inject_fault(self, kind, **params):
        if kind == 'drop_after':
            self.drop_after = _non_negative_int(params, 'sentences', kind)
        elif kind == 'latency':
            self.latency_seconds = _non_negative_int(params, 'ms', kind) / 1000.0
        elif kind == 'reboot_after':
            self.reboot_after = max(1, _non_negative_int(params, 'writes', kind))
        elif kind == 'clear':
            self.drop_after = None
            self.reboot_after = None
            self.latency_seconds = self.default_latency
            self.router.inject_fault('clear')
        else:
            self.router.inject_fault(kind, **params)

    def add_user(self, name, password, group):
        self.router.add_user(name, password, group)
        self.passwords[name] = password

    def reboot(self):
        self.drop_connections()
        self.router.reboot()

    def drop_connections(self):
        for session in list(self.sessions):
            session.abort()

    # -- serving ----------------------------------------------------------------------

    async def handle_connection(self, reader, writer):
        session = Session(self, reader, writer)
        self.sessions.add(session)
        try:
            await session.serve()
        except asyncio.CancelledError:
            # Shutdown cancels the sessions of clients still connected: not an error to report.
            pass
        finally:
            self.sessions.discard(session)

    async def listen(self, port, ssl_context=None):
        server = await asyncio.start_server(self.handle_connection, self.host, port, ssl=ssl_context)
        self.servers.append(server)
        return server.sockets[0].getsockname()[1]

    async def close(self):
        for server in self.servers:
            server.close()
        self.drop_connections()
        for server in self.servers:
            await server.wait_closed()
        self.servers = []


def _non_negative_int(params, name, kind):
    value = params.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FaultError('fault %s needs %s: a non-negative integer, got %r' % (kind, name, value))
    return value


class Fleet:
    """Builds routers r1..rN and serves each on its own port(s)."""

    def __init__(self, routers, host='127.0.0.1', port=0, tls_port=None, ssl_context=None):
        """`routers` are RouterHost objects; `port`/`tls_port` 0 pick free ports, N means N, N+1, ..."""
        self.hosts = {router_host.name: router_host for router_host in routers}
        self.bind_host = host
        self.port = port
        self.tls_port = tls_port
        self.ssl_context = ssl_context

    def __iter__(self):
        return iter(self.hosts.values())

    def get(self, name):
        return self.hosts.get(name)

    async def start(self):
        try:
            for index, router_host in enumerate(self):
                router_host.port = await router_host.listen(_nth_port(self.port, index))
                if self.tls_port is not None:
                    router_host.tls_port = await router_host.listen(_nth_port(self.tls_port, index), self.ssl_context)
        except OSError as error:
            await self.stop()
            raise OSError(error.errno, 'cannot listen on %s: %s' % (self.bind_host, error.strerror or error)) from error

    async def stop(self):
        for router_host in self:
            await router_host.close()
            saver = getattr(router_host.router, 'save', None)
            if saver is not None and getattr(router_host.router, 'state_dir', None):
                saver()

    def ready_lines(self):
        return [router_host.ready_line() for router_host in self]


def _nth_port(first, index):
    return 0 if first == 0 else first + index


def router_state_dir(state_dir, name):
    if not state_dir:
        return None
    path = os.path.join(state_dir, name)
    os.makedirs(path, exist_ok=True)
    return path


class FleetThread:
    """Runs a Fleet (and optionally its control API) on an event loop in a background thread.

    For in-process tests and benchmarks that use blocking clients such as librouteros:

        with FleetThread(Fleet([RouterHost(Router(...), '127.0.0.1', 'admin', 'pw')])) as running:
            running.fleet.get('r1').port
    """

    def __init__(self, fleet, control=False):
        self.fleet = fleet
        self.with_control = control
        self.control = None
        self.loop = None
        self.thread = None

    def start(self):
        import threading  # pylint: disable=import-outside-toplevel
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name='routeros_sim', daemon=True)
        self.thread.start()
        try:
            self.run(self.fleet.start())
            if self.with_control:
                from routeros_sim.control import ControlServer  # pylint: disable=import-outside-toplevel
                self.control = ControlServer(self.fleet, self.fleet.bind_host)
                self.run(self.control.start())
        except BaseException:
            self.stop()
            raise
        return self

    def run(self, coroutine, timeout=30):
        """Run a coroutine on the fleet's loop and return its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def call(self, function, *args, **kwargs):
        """Call a plain function on the fleet's loop (no races with the sessions)."""
        async def call():
            return function(*args, **kwargs)
        return self.run(call())

    def stop(self):
        if self.loop is None:
            return
        try:
            if self.control is not None:
                self.run(self.control.stop())
            self.run(self.fleet.stop())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)
            self.loop.close()
            self.loop = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
