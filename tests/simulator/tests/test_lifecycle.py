"""Container lifecycle on simulated time (ManualClock): pull, start, stop, failures, reboot."""

import pytest

from routeros_sim.model.catalog import Catalog, normalize
from routeros_sim.model.clock import ManualClock
from routeros_sim.router import CommandError, Router


def make(version='7.22.3', arch='arm64', **kwargs):
    clock = ManualClock()
    router = Router(version=version, arch=arch, clock=clock, catalog=Catalog.load(), **kwargs)
    return router, clock


def container(router, name_or_id=None):
    rows = router.execute('/container', 'print').rows
    if name_or_id is None:
        return rows[-1]
    return next(r for r in rows if name_or_id in (r['.id'], r['name']))


def state(row):
    """The state whichever way the version prints it."""
    if 'running' in row:
        return next(flag for flag in ('running', 'stopped', 'starting', 'stopping', 'extracting', 'error')
                    if row.get(flag) == 'true')
    return row['status']


def add(router, image='nginx', **attrs):
    attrs = {'remote-image': image, **{k.replace('_', '-'): v for k, v in attrs.items()}}
    return router.execute('/container', 'add', attrs).ret


def start_key(router):
    return 'numbers' if router.release >= (7, 20, 0) else 'number'


def test_add_answers_at_once_then_extracts_over_time():
    router, clock = make()
    item = add(router, name='web')
    assert item == '*1' and state(container(router)) == 'extracting'
    clock.advance(7.9)
    assert state(container(router)) == 'extracting'
    clock.advance(0.2)
    row = container(router)
    assert state(row) == 'stopped' and row['tag'] == 'library/nginx:latest' and row['arch'] == 'arm64'


def test_time_scale_speeds_everything_up():
    router, clock = make(time_scale=10.0)
    add(router, name='web')
    clock.advance(0.81)
    assert state(container(router)) == 'stopped'


def test_start_and_stop_take_time_and_remove_needs_stopped():
    router, clock = make()
    item = add(router, name='web')
    clock.advance(10)
    router.execute('/container', 'start', {'numbers': item})
    assert state(container(router)) == 'starting'
    with pytest.raises(CommandError, match='^failure: container must be stopped$'):
        router.execute('/container', 'remove', {'numbers': item})
    clock.advance(1)
    assert state(container(router)) == 'running'
    assert router.running_config('web')['image'] == 'docker.io/library/nginx:latest'
    router.execute('/container', 'stop', {'.id': item})
    assert state(container(router)) == 'stopping'
    with pytest.raises(CommandError, match='^failure: container must be stopped$'):
        router.execute('/container', 'remove', {'numbers': item})
    clock.advance(2)
    assert state(container(router)) == 'stopped' and router.running_config('web') is None
    router.execute('/container', 'remove', {'numbers': item})
    assert router.execute('/container', 'print').rows == []


def test_set_while_running_takes_effect_at_next_start():
    router, clock = make()
    router.execute('/container/envs', 'add', {'list': 'web', 'key': 'MODE', 'value': 'one'})
    item = add(router, name='web', envlists='web', cmd='nginx -g daemon-off')
    clock.advance(10)
    router.execute('/container', 'start', {'numbers': item})
    clock.advance(1)
    router.execute('/container', 'set', {'numbers': item, 'cmd': 'nginx -T', 'hostname': 'new'})
    router.execute('/container/envs', 'set', {'numbers': '*1', 'value': 'two'})
    running = router.running_config('web')
    assert running['cmd'] == ['nginx', '-g', 'daemon-off'] and running['env']['MODE'] == 'one'
    assert container(router)['hostname'] == 'new'
    router.execute('/container', 'stop', {'numbers': item})
    clock.advance(2)
    router.execute('/container', 'start', {'numbers': item})
    clock.advance(1)
    running = router.running_config('web')
    assert running['cmd'] == ['nginx', '-T'] and running['hostname'] == 'new' and running['env']['MODE'] == 'two'
    assert running['env']['NGINX_VERSION'] == '1.27.3'   # image defaults stay underneath


def test_running_config_resolves_mounts_and_interfaces():
    router, clock = make(version='7.21.5')
    router.execute('/interface/veth', 'add', {'name': 'veth1', 'address': '172.17.0.2/24', 'gateway': '172.17.0.1'})
    router.execute('/container/mounts', 'add', {'list': 'data', 'src': 'disk1/data', 'dst': '/data'})
    item = add(router, 'pihole/pihole', name='dns', interface='veth1', mountlists='data')
    clock.advance(15)
    router.execute('/container', 'start', {'numbers': item})
    clock.advance(1)
    running = router.running_config('dns')
    assert running['interfaces'] == ['veth1']
    assert running['mounts'] == [{'src': 'disk1/data', 'dst': '/data', 'read_only': False}]
    assert router.execute('/interface/veth', 'print').rows[0]['running'] == 'true'


def test_references_must_exist():
    router, dummy = make()
    with pytest.raises(CommandError, match='^input does not match any value of interface$'):
        add(router, interface='veth9')
    with pytest.raises(CommandError, match='^input does not match any value of envlists$'):
        add(router, envlists='nope')


def test_exactly_one_image_source():
    router, dummy = make()
    with pytest.raises(CommandError):
        router.execute('/container', 'add', {'name': 'x'})
    with pytest.raises(CommandError, match='^input does not match any value of file$'):
        router.execute('/container', 'add', {'file': 'nginx.tar'})


# --- how versions print it ---------------------------------------------------------------

@pytest.mark.parametrize('version, tag_key, printed', [
    ('7.16.2', 'tag', 'pihole/pihole:latest'),
    ('7.18.2', 'repo', 'registry-1.docker.io/pihole/pihole:latest'),
    ('7.19.6', 'repo', 'registry-1.docker.io/pihole/pihole:latest'),
    ('7.20.8', 'tag', 'pihole/pihole:latest'), ('7.24', 'tag', 'pihole/pihole:latest')])
def test_tag_or_repo_per_version(version, tag_key, printed):
    router, dummy = make(version)
    add(router, 'pihole/pihole')
    row = container(router)
    assert row[tag_key] == printed
    assert ({'tag', 'repo'} - {tag_key}).isdisjoint(row)


def test_status_text_before_720_flags_after_and_723_status_words():
    old, clock_old = make('7.19.6')
    add(old)
    assert container(old)['status'] == 'extracting' and 'running' not in container(old)
    mid, dummy = make('7.20.8')
    add(mid)
    row = container(mid)
    assert row['extracting'] == 'true' and row['running'] == 'false' and 'status' not in row
    new, dummy = make('7.23.3')
    add(new)
    assert container(new)['status'] == 'downloading/extracting' and container(new)['extracting'] == 'true'


def test_name_is_a_read_only_uuid_before_719():
    router, dummy = make('7.18.2')
    add(router)
    name = container(router)['name']
    assert len(name) == 36 and name.count('-') == 4
    with pytest.raises(CommandError, match='^unknown parameter name$'):
        add(router, name='web')


def test_name_is_settable_and_unique_from_719():
    router, dummy = make('7.19.6')
    add(router, name='web')
    with pytest.raises(CommandError, match='^failure: Name already exists$'):
        add(router, name='web')
    other = add(router, 'alpine')
    assert len(container(router, other)['name']) == 36
    router.execute('/container', 'set', {'numbers': other, 'name': 'shell'})
    assert container(router, other)['name'] == 'shell'


def test_start_argument_renamed_in_720():
    router, clock = make('7.19.6')
    item = add(router)
    clock.advance(10)
    with pytest.raises(CommandError, match='^unknown parameter numbers$'):
        router.execute('/container', 'start', {'numbers': item})
    router.execute('/container', 'start', {'number': item})
    clock.advance(1)
    assert container(router)['status'] == 'running'


# --- pull failures -------------------------------------------------------------------------

def failed_pull(router, clock, image, **attrs):
    add(router, image, **attrs)
    clock.advance(60)
    row = container(router)
    assert state(row) == 'error'
    return router.containers.rows[-1]['_error']


def test_unknown_image_fails():
    router, clock = make()
    assert 'manifest unknown' in failed_pull(router, clock, 'nosuch/image:1')


def test_image_without_router_arch_fails():
    router, clock = make(arch='arm64')
    assert 'architecture arm64' in failed_pull(router, clock, 'homeassistant/home-assistant:stable')
    x86, x86_clock = make(arch='x86_64')
    add(x86, 'homeassistant/home-assistant:stable')
    x86_clock.advance(41)
    assert state(container(x86)) == 'stopped' and container(x86)['arch'] == 'amd64'


def test_disk_full_fault():
    router, clock = make()
    router.inject_fault('disk_full', on=True)
    assert failed_pull(router, clock, 'nginx') == 'no space to extract layer'
    router.inject_fault('clear')
    add(router, 'alpine')
    clock.advance(3)
    assert state(container(router)) == 'stopped'


def test_image_larger_than_the_disk_fails():
    router, clock = make(arch='arm')   # 128 MiB of flash
    add(router, 'pihole/pihole')
    clock.advance(15)
    assert failed_pull(router, clock, 'nginx') == 'no space to extract layer'


def test_device_mode_without_container_refuses_add():
    router, dummy = make()
    router.inject_fault('device_mode', container=False)
    assert router.execute('/system/device-mode', 'print').rows[0]['container'] == 'no'
    with pytest.raises(CommandError, match='device-mode'):
        add(router)
    assert router.execute('/container', 'print').rows == []
    with pytest.raises(CommandError):
        router.execute('/system/device-mode', 'update', {'container': 'yes'})


def test_registry_credentials_are_checked():
    router, clock = make()
    assert 'unauthorized' in failed_pull(router, clock, 'ghcr.io/acme/telemetry-agent:2.3')
    router.execute('/container/config', 'set', {'username': 'acme-bot', 'password': 'ghp-sim-token'})
    add(router, 'ghcr.io/acme/telemetry-agent:2.3')
    clock.advance(5)
    assert state(container(router)) == 'stopped'


def test_fail_next_pull_fires_once():
    router, clock = make()
    router.inject_fault('fail_next_pull', reason='error getting layer file')
    assert failed_pull(router, clock, 'alpine') == 'error getting layer file'
    add(router, 'alpine')
    clock.advance(3)
    assert state(container(router)) == 'stopped'


def test_failed_container_can_be_removed_and_frees_nothing():
    router, clock = make()
    failed_pull(router, clock, 'nosuch/thing')
    router.execute('/container', 'remove', {'numbers': '*1'})


def test_error_text_in_about_from_723():
    router, clock = make('7.23.3')
    failed_pull(router, clock, 'nosuch/thing')
    row = container(router)
    assert row['status'] == 'download/extract failed' and 'manifest unknown' in row['.about']


@pytest.mark.parametrize('version, refused', [('7.21.5', False), ('7.22.3', True)])
def test_image_without_command_refuses_to_start_from_722(version, refused):
    router, clock = make(version)
    item = add(router, 'example/static-files')
    clock.advance(2)
    if refused:
        with pytest.raises(CommandError, match='^start failed: no command specified, set cmd or entrypoint$'):
            router.execute('/container', 'start', {'numbers': item})
        router.execute('/container', 'set', {'numbers': item, 'cmd': '/serve'})
    router.execute('/container', 'start', {'numbers': item})
    clock.advance(1)
    assert state(container(router)) == 'running'


# --- repull, logs, reboot ------------------------------------------------------------------

def test_repull_fetches_the_new_digest():
    catalog = Catalog.load()
    clock = ManualClock()
    router = Router(version='7.20.8', clock=clock, catalog=catalog)
    item = add(router, 'nginx', name='web')
    clock.advance(10)
    old_digest = router.containers.rows[0]['_digest']
    router.inject_fault('publish', reference='nginx:latest', digest='sha256:' + 'f' * 64)
    assert catalog.lookup('docker.io/library/nginx').digest == 'sha256:' + 'f' * 64
    router.execute('/container', 'repull', {'number': item})
    assert state(container(router)) == 'extracting'
    clock.advance(10)
    router.execute('/container', 'start', {'numbers': item})
    clock.advance(1)
    assert router.running_config('web')['digest'] == 'sha256:' + 'f' * 64 != old_digest


def test_repull_needs_stopped_and_exists_from_720():
    router, clock = make('7.20.8')
    item = add(router, name='web')
    clock.advance(10)
    router.execute('/container', 'start', {'numbers': item})
    with pytest.raises(CommandError, match='must be stopped'):
        router.execute('/container', 'repull', {'number': item})
    old, dummy = make('7.19.6')
    with pytest.raises(CommandError, match=r'^no such command or directory \(repull\)$'):
        old.execute('/container', 'repull', {'number': '*1'})


def test_container_log_lines():
    router, clock = make('7.22.3')
    item = add(router, 'traefik/whoami', name='who', logging='yes')
    clock.advance(2)
    router.execute('/container', 'start', {'numbers': item})
    clock.advance(1)
    log = router.execute('/log', 'print').rows
    assert any(r['topics'] == 'container' and 'Starting up on port 80' in r['message'] for r in log)
    assert any('who started' in r['message'] for r in log)
    assert router.execute('/container/log', 'print').rows[-1]['message'] == 'Starting up on port 80'
    assert '/container/log' not in make('7.19.6')[0].tree


def test_start_on_boot_containers_come_back_after_reboot(tmp_path):
    clock = ManualClock()
    router = Router(name='r1', version='7.22.3', clock=clock, state_dir=str(tmp_path))
    boot = add(router, 'alpine', name='boot', start_on_boot='yes')
    manual = add(router, 'traefik/whoami', name='manual')
    clock.advance(5)
    for item in (boot, manual):
        router.execute('/container', 'start', {'numbers': item})
    clock.advance(1)
    router.reboot()
    assert state(container(router, 'boot')) == 'starting'
    assert state(container(router, 'manual')) == 'stopped'
    clock.advance(1)
    assert state(container(router, 'boot')) == 'running'
    assert float(router.execute('/system/resource', 'get', {'value-name': 'uptime'}).ret.rstrip('s')) == 1

    restarted = Router(name='r1', version='7.22.3', clock=clock, state_dir=str(tmp_path))
    clock.advance(1)
    assert state(container(restarted, 'boot')) == 'running'
    assert state(container(restarted, 'manual')) == 'stopped'


def test_reboot_without_state_dir_keeps_configuration():
    router, clock = make()
    add(router, 'alpine', name='keep')
    clock.advance(3)
    router.reboot()
    assert state(container(router, 'keep')) == 'stopped'


def test_image_references_are_normalised():
    assert normalize('nginx') == normalize('nginx:latest') == 'docker.io/library/nginx:latest'
    assert normalize('docker.io/library/nginx:latest') == 'docker.io/library/nginx:latest'
    assert normalize('pihole/pihole') == 'docker.io/pihole/pihole:latest'
    assert normalize('ghcr.io/acme/agent:2') == 'ghcr.io/acme/agent:2'
    assert normalize('localhost:5000/app') == 'localhost:5000/app:latest'
    assert normalize('alpine@sha256:abc') == 'docker.io/library/alpine@sha256:abc'


def test_registry_url_applies_to_bare_references():
    router, clock = make()
    router.execute('/container/config', 'set', {'registry-url': 'https://ghcr.io',
                                                'username': 'acme-bot', 'password': 'ghp-sim-token'})
    add(router, 'acme/telemetry-agent:2.3')
    clock.advance(5)
    assert container(router)['tag'] == 'ghcr.io/acme/telemetry-agent:2.3'
    assert state(container(router)) == 'stopped'


def test_root_dir_on_an_attached_disk_has_room_where_flash_has_not():
    router, clock = make(arch='arm')   # 128 MiB of flash
    add(router, 'nginx', name='flash')
    add(router, 'nginx', name='usb', root_dir='usb1/nginx')
    clock.advance(10)
    assert state(container(router, 'flash')) == 'error'
    assert state(container(router, 'usb')) == 'stopped'
    resource = router.execute('/system/resource', 'print').rows[0]
    assert int(resource['free-hdd-space']) == 32 << 20     # the flash holds only RouterOS


def test_restart_and_healthy_flag_from_723():
    router, clock = make('7.23.3')
    item = add(router, 'traefik/whoami', name='who', healthcheck_cmd='wget -q -O- localhost')
    clock.advance(2)
    router.execute('/container', 'start', {'numbers': item})
    clock.advance(1)
    assert container(router)['healthy'] == 'true'
    router.execute('/container', 'restart', {'number': item})
    assert state(container(router)) == 'stopping' and container(router)['healthy'] == 'false'
    clock.advance(2)
    assert state(container(router)) == 'starting'
    clock.advance(1)
    assert state(container(router)) == 'running'


def test_repull_after_changing_the_image():
    router, clock = make('7.21.5')
    item = add(router, 'nginx', name='web')
    clock.advance(10)
    router.execute('/container', 'set', {'numbers': item, 'remote-image': 'nginx:1.27-alpine'})
    assert container(router)['tag'] == 'library/nginx:latest'    # still the pulled image
    router.execute('/container', 'repull', {'number': item})
    clock.advance(5)
    assert container(router)['tag'] == 'library/nginx:1.27-alpine'
    assert state(container(router)) == 'stopped'
