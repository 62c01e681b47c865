"""Fixtures for the simulator's own tests: in-process fleets on free loopback ports and a
raw API client that shows exactly what goes over the wire."""

import os
import socket
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# pylint: disable=wrong-import-position
from routeros_sim.protocol import SentenceParser, encode_sentence  # noqa: E402

USER, PASSWORD = 'admin', 'sim-pass'


def make_fleet(versions=('7.22.3',), latency_ms=0, tls_context=None, control=False):
    # Imported here, not at the top: a broken model must not stop every other test file.
    from routeros_sim.fleet import Fleet, FleetThread, RouterHost  # pylint: disable=import-outside-toplevel
    from routeros_sim.router import Router  # pylint: disable=import-outside-toplevel
    hosts = []
    for index, version in enumerate(versions):
        router = Router(name='r%d' % (index + 1), version=version, users={USER: (PASSWORD, 'full')})
        hosts.append(RouterHost(router, '127.0.0.1', USER, PASSWORD, latency_ms))
    fleet = Fleet(hosts, port=0, tls_port=0 if tls_context else None, ssl_context=tls_context)
    return FleetThread(fleet, control=control)


@pytest.fixture
def running():
    """One router (7.22.3) served in a background thread."""
    with make_fleet() as running_fleet:
        yield running_fleet


@pytest.fixture
def fleet_factory():
    started = []

    def factory(**kwargs):
        running_fleet = make_fleet(**kwargs).start()
        started.append(running_fleet)
        return running_fleet
    yield factory
    for running_fleet in started:
        running_fleet.stop()


class RawClient:
    """A minimal API client: sends sentences, returns reply sentences as lists of words."""

    def __init__(self, port, host='127.0.0.1', timeout=5.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.parser = SentenceParser()
        self.backlog = []

    def send(self, *words):
        self.sock.sendall(encode_sentence(list(words)))

    def send_raw(self, data):
        self.sock.sendall(data)

    def read(self):
        """The next reply sentence; None when the server closed the connection."""
        while not self.backlog:
            data = self.sock.recv(65536)
            if not data:
                return None
            self.backlog.extend(self.parser.feed(data))
        return self.backlog.pop(0)

    def read_until_done(self, tag=None):
        """Reply sentences up to and including the `!done` (of `tag`, when given)."""
        sentences = []
        while True:
            sentence = self.read()
            if sentence is None:
                raise ConnectionError('closed before !done; got %r' % sentences)
            sentences.append(sentence)
            if sentence[0] == '!done' and (tag is None or '.tag=%s' % tag in sentence):
                return sentences

    def command(self, *words):
        self.send(*words)
        return self.read_until_done()

    def login(self, user=USER, password=PASSWORD):
        return self.command('/login', '=name=%s' % user, '=password=%s' % password)

    def closed(self):
        """True once the server has closed the connection (reads until EOF)."""
        try:
            while True:
                if self.read() is None:
                    return True
        except socket.timeout:
            return False
        except OSError:   # a reset is a close too
            return True

    def close(self):
        self.sock.close()


@pytest.fixture
def raw_client():
    clients = []

    def connect(port):
        client = RawClient(port)
        clients.append(client)
        return client
    yield connect
    for client in clients:
        client.close()


def attributes(sentence):
    """The `=k=v` words of a reply sentence as a dict."""
    return dict(word[1:].split('=', 1) for word in sentence if word.startswith('='))
