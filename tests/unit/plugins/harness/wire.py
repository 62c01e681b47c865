# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Routers on a loopback port, for the tests of the real session (librouteros on a socket).

``simulated_router_on_loopback(version)``: the project's simulator served over TCP; use it
whenever a real router's answers are what the test needs. ``ScriptedRouter``: a peer whose
every reply a test writes itself, for what the simulator cannot say on purpose (broken or
interleaved bytes, a mid-reply drop, versions it does not model).
"""

from __future__ import annotations

import contextlib
import socket
import threading

from librouteros.protocol import decode_length, determine_length, encode_sentence

# Imported for its side effect too: it puts the simulator (routeros_sim) on sys.path.
from ansible_collections.routeros_fleet.containers.tests.unit.plugins.harness.simulated_session import SIMULATOR_PATH  # noqa: F401  pylint: disable=unused-import

from routeros_sim.fleet import Fleet, FleetThread, RouterHost  # noqa: E402  pylint: disable=wrong-import-order
from routeros_sim.router import Router  # noqa: E402  pylint: disable=wrong-import-order

RESOURCE = {'version': '7.20.8 (stable)', 'architecture-name': 'arm64', 'board-name': 'RB5009UG+S+',
            'free-hdd-space': '1048576', 'total-hdd-space': '16777216'}


def sentence(*words):
    return encode_sentence(*words, encoding='utf-8')


def read_sentence(sock_file):
    words = []
    while True:
        first = sock_file.read(1)
        if not first:
            raise EOFError
        if first == b'\x00':
            return words
        length = decode_length(first + sock_file.read(determine_length(first)))
        words.append(sock_file.read(length).decode('utf-8'))


class ScriptedRouter(object):
    """Serves connections on a free loopback port until stopped.

    ``handler(words, conn)`` answers one request sentence: it returns a list of encoded
    reply sentences (bytes) to send, or ``None`` to say nothing. The default handler logs in
    ``admin``/``secret`` and answers /system/resource and /system/identity; ``menus`` maps
    ``'/x/print'`` to a list of row dicts.
    """

    def __init__(self, handler=None, tls_context=None, menus=None, password='secret'):
        self.handler = handler or self.default_handler
        self.tls_context = tls_context
        self.password = password
        self.menus = {'/system/resource/print': [RESOURCE], '/system/identity/print': [{'name': 'lab-r1'}]}
        self.menus.update(menus or {})
        self.requests = []
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(('127.0.0.1', 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def stop(self):
        self._stop.set()
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accept() below
        except OSError:
            pass
        self.listener.close()
        self._thread.join(5)

    def _serve(self):
        while not self._stop.is_set():
            try:
                conn, dummy = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve_one, args=(conn,), daemon=True).start()

    def _serve_one(self, conn):
        try:
            if self.tls_context is not None:
                conn = self.tls_context.wrap_socket(conn, server_side=True)
            reader = conn.makefile('rb')
            while True:
                words = read_sentence(reader)
                if not words:
                    continue
                self.requests.append(words)
                replies = self.handler(words, conn)
                if replies is None:
                    continue
                if replies == 'close':
                    break
                conn.sendall(b''.join(replies))
        except (OSError, EOFError, ValueError):
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def default_handler(self, words, conn):
        command, attrs = words[0], words[1:]
        tag = [word for word in attrs if word.startswith('.tag=')]
        if command == '/login':
            if '=password=%s' % self.password in attrs:
                return [sentence('!done')]
            return [sentence('!trap', '=message=invalid user name or password (6)'), sentence('!done')]
        if command in self.menus:
            return [sentence('!re', *(['=%s=%s' % item for item in row.items()] + tag)) for row in self.menus[command]] + [sentence('!done', *tag)]
        return [sentence('!trap', '=message=no such command or directory (%s)' % command, '=category=0', *tag), sentence('!done', *tag)]


@contextlib.contextmanager
def simulated_router_on_loopback(version='7.20.8', user='admin', password='pw'):
    """A simulated router served over TCP on 127.0.0.1 (a free port): yields its ``RouterHost``
    (``.port``, ``.router`` for faults and state)."""
    router = Router(name='r1', version=version, users={user: (password, 'full')})
    with FleetThread(Fleet([RouterHost(router, '127.0.0.1', user, password)], port=0)) as running:
        yield running.fleet.get('r1')
