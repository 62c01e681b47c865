"""One API connection: login, commands, tags, cancel, proplist, queries, count-only.

Commands run against the router model (`routeros_sim.router.Router`). With no injected
latency a command is answered as soon as its sentence is read; with latency each command
waits on its own, so several tagged commands are in flight at once, yet they reach the
model in the order they arrived (a later write never overtakes an earlier one).
"""

import asyncio
import hashlib
import logging
import os
import re
import sys
import traceback

from routeros_sim.protocol import ProtocolError, SentenceParser, encode_sentence
from routeros_sim.query import QueryError, compile_query
from routeros_sim.router import CommandError

LOG = logging.getLogger('routeros_sim.session')

# Print flags that only change how the console lays out rows; the API output is the same.
PRINT_DISPLAY_FLAGS = ('detail', 'without-paging')
INVALID_LOGIN = 'invalid user name or password (6)'
NOT_LOGGED_IN = 'not logged in'
EMPTY_REPLY_SINCE = (7, 18)


def version_tuple(version):
    return tuple(int(part) for part in re.findall(r'\d+', str(version).split(' ', maxsplit=1)[0])[:3])


class Command:
    """One command sentence split into its parts."""

    def __init__(self, words):
        self.word = words[0]
        self.tag = None
        self.attrs = {}
        self.queries = []
        for word in words[1:]:
            if word.startswith('.tag='):
                self.tag = word[len('.tag='):]
            elif word.startswith('='):
                # '=key=value'; routeros_api writes '=key' for an empty value.
                key, value = word[1:].split('=', 1) if '=' in word[1:] else (word[1:], '')
                self.attrs[key] = value
            elif word.startswith('?'):
                self.queries.append(word)
            # A real router ignores any other word; so do we.
        path, verb = self.word.rsplit('/', 1) if '/' in self.word else ('', self.word)
        self.path = path or '/'
        self.verb = verb
        self.key = '%s %s' % (self.path, self.verb)


class Session:
    """Serves one connection of one simulated router (`host` is a fleet.RouterHost)."""

    def __init__(self, host, reader, writer):
        self.host = host
        self.router = host.router
        self.reader = reader
        self.writer = writer
        self.parser = SentenceParser()
        self.user = None
        self.challenge = None
        self.pending = {}        # Command -> asyncio.Task, commands waiting on latency
        self.last_task = None
        self.closed = False
        self.empty_reply = version_tuple(self.router.version) >= EMPTY_REPLY_SINCE

    async def serve(self):
        try:
            while not self.closed:
                data = await self.reader.read(65536)
                if not data:
                    break
                try:
                    sentences = self.parser.feed(data)
                except ProtocolError as error:
                    self.fatal(str(error))
                    break
                for words in sentences:
                    if not self.host.admit_sentence():
                        self.abort()
                        break
                    self.host.counters.sentences += 1
                    self.handle(words)
                    if self.closed:
                        break
                if not self.closed:
                    await self.writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, OSError):
            pass
        finally:
            await self.close()

    # -- dispatch ---------------------------------------------------------------------

    def handle(self, words):
        command = Command(words)
        if command.word == '/quit':
            self.fatal('session terminated on request')
            return
        self.host.counters.round_trips += 1
        if command.word == '/login':
            self.login(command)
        elif self.user is None:
            # A real router ends the session: `!fatal not logged in` (ROUTEROS.md section 6).
            self.fatal(NOT_LOGGED_IN)
        elif command.word == '/cancel':
            self.cancel(command)
        elif not command.word.startswith('/') or not command.verb:
            self.trap(command, 'no such command', 0)
        elif self.host.latency_seconds <= 0 and not self.pending:
            self.execute(command)
        else:
            self.schedule(command)

    def schedule(self, command):
        previous = self.last_task
        task = asyncio.get_running_loop().create_task(self.run_later(command, previous, self.host.latency_seconds))
        self.pending[command] = task
        self.last_task = task

    async def run_later(self, command, previous, delay):
        try:
            if delay > 0:
                await asyncio.sleep(delay)
            if previous is not None and not previous.done():
                await asyncio.wait([previous])
            # Answered from here on: a /cancel arriving during the drain must not trap it.
            self.pending.pop(command, None)
            self.execute(command)
            await self.writer.drain()
        except asyncio.CancelledError:
            pass
        except (ConnectionError, OSError):
            self.abort()
        finally:
            self.pending.pop(command, None)

    # -- login ------------------------------------------------------------------------

    def login(self, command):
        name = command.attrs.get('name')
        if 'password' in command.attrs:
            group = self.router.authenticate(name or '', command.attrs['password'])
        elif 'response' in command.attrs:
            group = self.check_challenge_response(name or '', command.attrs['response'])
        else:
            # No password: the pre-6.43 challenge, with or without a name (ROUTEROS.md 6).
            self.challenge = os.urandom(16)
            self.send(['!done', '=ret=' + self.challenge.hex()], command.tag)
            return
        if group is None:
            self.trap(command, INVALID_LOGIN)
            return
        self.user = name
        self.host.counters.logins += 1
        self.send(['!done'], command.tag)

    def check_challenge_response(self, name, response):
        challenge, self.challenge = self.challenge, None
        if challenge is None or not response.startswith('00'):
            return None
        password = self.host.password_of(name)
        if password is None and hasattr(self.router, 'password_of'):
            password = self.router.password_of(name)   # users created through /user add
        if password is None:
            return None
        expected = hashlib.md5(b'\x00' + password.encode('utf-8') + challenge, usedforsecurity=False).hexdigest()
        if response[2:].lower() != expected:
            return None
        return self.router.authenticate(name, password)

    # -- cancel -----------------------------------------------------------------------

    def cancel(self, command):
        target = command.attrs.get('tag')
        if target is None:
            victims = list(self.pending)
        else:
            victims = [pending for pending in self.pending if pending.tag == target]
            if not victims:
                self.trap(command, 'no such command', 0)
                return
        for victim in victims:
            self.pending.pop(victim).cancel()
            self.trap(victim, 'interrupted', 2)
        self.send(['!done'], command.tag)

    # -- commands ---------------------------------------------------------------------

    def execute(self, command):
        counters = self.host.counters
        counters.count_command(command.key, self.router.is_write(command.verb))
        attrs = dict(command.attrs)
        proplist = attrs.pop('.proplist', None)
        count_only = command.verb == 'print' and attrs.pop('count-only', None) is not None
        if command.verb == 'print':
            for flag in PRINT_DISPLAY_FLAGS:
                attrs.pop(flag, None)
        try:
            predicate = compile_query(command.queries) if command.queries else None
            result = self.router.execute(path=command.path, verb=command.verb, attrs=attrs, user=self.user)
        except QueryError as error:
            self.trap(command, str(error), 1)
            return
        except CommandError as error:
            self.trap(command, error.message, error.category, error.more)
            return
        except Exception as error:  # pylint: disable=broad-except
            # A bug in the model must not pass for router behaviour: say so loudly.
            LOG.error('model failure on %s', command.word)
            traceback.print_exc(file=sys.stderr)
            self.trap(command, 'simulator internal error: %s: %s' % (type(error).__name__, error), 4)
            return
        if self.router.is_write(command.verb) and self.host.after_write():
            return   # the router rebooted under this write: no answer
        rows = result.rows or []
        if predicate is not None:
            rows = [row for row in rows if predicate(row)]
        if count_only:
            self.send(['!done', '=ret=%d' % len(rows)], command.tag)
            return
        sentences = [['!re'] + attribute_words(row, proplist) for row in rows]
        if not rows and command.verb == 'print' and self.empty_reply:
            sentences.append(['!empty'])
        done = ['!done']
        if result.ret is not None:
            done.append('=ret=%s' % result.ret)
        sentences.append(done)
        self.send_many(sentences, command.tag)

    # -- output -----------------------------------------------------------------------

    def trap(self, command, message, category=None, more=()):
        """`!trap` (one per message: an unknown menu gets two), then `!done`."""
        traps = []
        for text in (message, *more):
            trap = ['!trap']
            if category is not None:
                trap.append('=category=%s' % category)
            trap.append('=message=%s' % text)
            traps.append(trap)
        self.send_many(traps + [['!done']], command.tag)

    def send(self, words, tag=None):
        self.send_many([words], tag)

    def send_many(self, sentences, tag=None):
        if self.closed:
            return
        suffix = ['.tag=' + tag] if tag is not None else []
        self.writer.write(b''.join(encode_sentence(words + suffix) for words in sentences))

    def fatal(self, reason):
        if not self.closed:
            self.writer.write(encode_sentence(['!fatal', reason]))
        self.closed = True

    def abort(self):
        """Drop the connection without a word, like a router that vanished."""
        self.closed = True
        transport = self.writer.transport
        if transport is not None:
            transport.abort()

    async def close(self):
        self.closed = True
        for task in list(self.pending.values()):
            task.cancel()
        self.pending.clear()
        try:
            if not self.writer.is_closing():
                await self.writer.drain()
            self.writer.close()
            await self.writer.wait_closed()
        except (ConnectionError, OSError, asyncio.CancelledError):
            pass


def attribute_words(row, proplist):
    if proplist is None:
        return ['=%s=%s' % (key, value) for key, value in row.items()]
    wanted = [name for name in proplist.split(',') if name]
    return ['=%s=%s' % (name, row[name]) for name in wanted if name in row]
