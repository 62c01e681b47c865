"""`cmd`/`entrypoint` strings to the argv a container's process starts with (MODEL.md)."""

import pytest

from routeros_sim.model.argv import split_command
from routeros_sim.model.catalog import Catalog
from routeros_sim.model.clock import ManualClock
from routeros_sim.router import Router


@pytest.mark.parametrize('text, argv', [
    ('', []),
    (None, []),
    ('nginx', ['nginx']),
    ('  nginx   -g\tdaemon  ', ['nginx', '-g', 'daemon']),
    ('nginx -g "daemon off;"', ['nginx', '-g', 'daemon off;']),
    ("sh -c 'echo \"hi there\"'", ['sh', '-c', 'echo "hi there"']),
    ('--name="a b"c', ['--name=a bc']),
    ('a "" b', ['a', '', 'b']),
    (r'echo a\ b', ['echo', 'a\\', 'b']),
    ('echo "unclosed rest', ['echo', 'unclosed rest']),
])
def test_split_command(text, argv):
    assert split_command(text) == argv


def running(version='7.22.3', **attrs):
    clock = ManualClock()
    router = Router(version=version, clock=clock, catalog=Catalog.load())
    router.execute('/container', 'add', {'remote-image': 'nginx', 'name': 'web', **attrs})
    clock.advance(10)
    router.execute('/container', 'start', {'numbers': 'web'})
    clock.advance(2)
    return router.running_config('web')


def test_argv_of_the_image_defaults():
    config = running()
    assert config['argv'] == ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']


def test_a_set_cmd_replaces_the_image_cmd_and_keeps_its_entrypoint():
    config = running(cmd='nginx -g "daemon off; worker_processes 2;"')
    assert config['argv'] == ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off; worker_processes 2;']


def test_a_set_entrypoint_drops_the_image_cmd():
    config = running(entrypoint='/bin/sh -c "sleep 1d"')
    assert config['argv'] == ['/bin/sh', '-c', 'sleep 1d'] and config['cmd'] == []
