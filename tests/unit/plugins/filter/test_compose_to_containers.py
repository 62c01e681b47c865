# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import annotations

import pytest

from ansible.errors import AnsibleFilterError

from ansible_collections.routeros_fleet.containers.plugins.filter.compose_to_containers import FilterModule, compose_to_containers
from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.spec import parse_stack

COMPOSE = """
services:
  web:
    image: nginx:1.27
    restart: unless-stopped
    depends_on: [app]
    ports: ["8080:80", {target: 443, published: 8443}]
    volumes:
      - ./html:/usr/share/nginx/html:ro
      - logs:/var/log/nginx
    environment: [TZ=UTC, GREETING=a=b]
  app:
    image: ghcr.io/example/app:2
    command: ["serve", "--port", "9000", "--name", "my-app"]
    entrypoint: /bin/app
    working_dir: /srv
    stop_grace_period: 30s
    environment: {DEBUG: true, WORKERS: 4, PRICE: "$$5"}
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:9000/health"]
      interval: 30s
      retries: 3
    networks:
      default: {ipv4_address: 172.17.0.40}
    labels: {team: web}
volumes:
  logs: {}
"""


def test_a_typical_compose_file():
    containers = compose_to_containers(COMPOSE, volume_root='usb1/compose/')
    assert [container['name'] for container in containers] == ['app', 'web']
    app, web = containers
    assert app == {
        'name': 'app', 'image': 'ghcr.io/example/app:2',
        'env': {'DEBUG': 'true', 'WORKERS': '4', 'PRICE': '$5'},
        'cmd': 'serve --port 9000 --name my-app', 'entrypoint': '/bin/app',
        'workdir': '/srv', 'stop_time': '30s',
        'healthcheck': {'test': ['CMD', 'curl', '-f', 'http://localhost:9000/health'], 'interval': '30s', 'retries': 3},
        'address': '172.17.0.40',
    }
    assert web == {
        'name': 'web', 'image': 'nginx:1.27', 'env': {'TZ': 'UTC', 'GREETING': 'a=b'},
        'ports': ['8080:80', {'target': 443, 'published': 8443}],
        'mounts': ['usb1/compose/html:/usr/share/nginx/html:ro', 'usb1/compose/logs:/var/log/nginx'],
        'start_on_boot': True, 'restart_policy': 'always',
    }


def test_the_result_is_a_valid_stack_spec():
    stack = parse_stack({'containers': compose_to_containers(COMPOSE, volume_root='usb1/compose')})
    assert [str(port) for port in stack.container('web').ports] == ['8080:80/tcp', '8443:443/tcp']


def test_registered_as_a_filter():
    assert FilterModule().filters()['compose_to_containers'] is compose_to_containers


def test_tmpfs_anonymous_and_absolute_volumes():
    compose = {'services': {'db': {'image': 'postgres:16', 'tmpfs': '/run',
                                   'volumes': ['/data', '/usb1/pg:/var/lib/postgresql', {'type': 'tmpfs', 'target': '/tmp'}]}}}
    db = compose_to_containers(compose, volume_root='usb1/c')[0]
    assert db['mounts'] == ['usb1/c/db/anonymous:/data', '/usb1/pg:/var/lib/postgresql']
    assert db['tmpfs'] == ['/tmp', '/run']


def test_healthcheck_shell_form_and_disable():
    compose = {'services': {
        'a': {'image': 'x', 'healthcheck': {'test': ['CMD-SHELL', 'pg_isready || exit 1']}},
        'b': {'image': 'x', 'healthcheck': {'test': ['NONE']}},
        'c': {'image': 'x', 'healthcheck': {'test': 'true', 'disable': True}},
    }}
    a, b, c = compose_to_containers(compose)
    assert a['healthcheck'] == {'test': ['CMD-SHELL', 'pg_isready || exit 1']}
    assert 'healthcheck' not in b and 'healthcheck' not in c


@pytest.mark.parametrize('restart, version, expected', [
    ('always', None, {'start_on_boot': True, 'restart_policy': 'always'}),
    ('unless-stopped', '7.24', {'start_on_boot': True, 'restart_policy': 'always'}),
    ('on-failure:5', '7.23.3', {'restart_policy': 'on-failure', 'restart_retries': 5}),
    ('always', '7.16.2', {'start_on_boot': True}),
    ('no', None, {}),
])
def test_restart_policies(restart, version, expected):
    container = compose_to_containers({'services': {'a': {'image': 'x', 'restart': restart}}}, routeros_version=version)[0]
    assert dict((key, value) for key, value in container.items() if key not in ('name', 'image')) == expected


@pytest.mark.parametrize('service, message', [
    ({'build': '.'}, 'key build: RouterOS cannot build images'),
    ({'image': 'x', 'network_mode': 'host'}, 'key network_mode:'),
    ({'image': 'x', 'networks': ['front', 'back']}, 'key networks: a stack has one container network'),
    ({'image': 'x', 'networks': {'front': {'mac_address': 'x'}}}, 'key networks.front.mac_address'),
    ({'image': 'x', 'cap_add': ['NET_ADMIN']}, 'key cap_add:'),
    ({'image': 'x', 'env_file': '.env'}, 'key env_file: .env is not among the env files given'),
    ({'image': 'x', 'blkio_config': {}}, 'key blkio_config: not a compose service key'),
    ({'image': 'x', 'environment': {'TOKEN': '${TOKEN:?set the token}'}}, 'key environment.TOKEN: required variable TOKEN'),
    ({'image': 'x', 'environment': ['A=1', 'A=2']}, 'key environment.A: given twice'),
    ({'image': 'x', 'command': ['sh', '-c', 'sleep 1']}, "key command: argument 'sleep 1' contains whitespace"),
    ({'image': 'x', 'init': True}, 'key init: RouterOS has no init process option'),
    ({'image': 'x', 'entrypoint': '/cron.sh'}, 'key entrypoint: without command'),
    ({'image': 'x', 'deploy': {'resources': {'limits': {'cpus': '0.5'}}}}, 'key deploy.resources.limits.cpus:'),
    ({'image': 'x', 'volumes': ['/var/run/docker.sock:/var/run/docker.sock']}, 'key volumes: volumes[0] is a path of'),
    ({'image': 'x', 'ports': ['80']}, 'key ports[0]: '),
    ({'image': 'x', 'ports': ['8000-8001:9000-9001']}, 'same range'),
    ({'image': 'x', 'volumes': ['data:/data']}, 'key volumes[0]: volume data is not declared'),
    ({'image': 'x', 'volumes': ['./data:/data']}, 'key volumes[0]: volume \'./data\' needs a router directory'),
    ({'image': 'x', 'volumes': ['~/data:/data']}, 'home directory'),
    ({'image': 'x', 'volumes': ['../data:/data']}, 'leaves the compose directory'),
    ({'image': 'x', 'volumes': ['/a:data']}, 'must be an absolute container path'),
    ({'image': 'x', 'restart': 'sometimes'}, 'key restart:'),
    ({'image': 'x', 'healthcheck': {'test': ['RUN', 'x']}}, 'key healthcheck.test'),
    ({'image': 'x', 'depends_on': ['nope']}, 'key depends_on: no service named nope'),
    ({'image': ''}, 'key image: image is required'),
])
def test_what_routeros_cannot_do_names_service_and_key(service, message):
    with pytest.raises(AnsibleFilterError) as caught:
        compose_to_containers({'services': {'svc': service}})
    assert 'compose service svc, ' in str(caught.value)
    assert message in str(caught.value)


@pytest.mark.parametrize('service, version, key', [
    ({'image': 'x', 'healthcheck': {'test': 'true'}}, '7.20.8', 'healthcheck'),
    ({'image': 'x', 'mem_limit': '256M'}, '7.16.2', 'mem_limit'),
    ({'image': 'x', 'deploy': {'resources': {'limits': {'memory': '256M'}}}}, '7.22.3', 'deploy.resources.limits.memory'),
    ({'image': 'x', 'volumes': ['/usb1/a:/a:ro']}, '7.19.6', r'volumes\[0\]'),
    ({'image': 'x', 'tmpfs': ['/run']}, '7.20.8', 'tmpfs'),
])
def test_options_newer_than_the_routers_are_refused(service, version, key):
    with pytest.raises(AnsibleFilterError, match='key %s: .*needs RouterOS' % key):
        compose_to_containers({'services': {'svc': service}}, routeros_version=version)


def test_privileged_passes_through_where_the_version_has_it():
    services = compose_to_containers({'services': {'svc': {'image': 'x', 'privileged': True}}}, routeros_version='7.24')
    assert services[0]['privileged'] is True
    with pytest.raises(AnsibleFilterError, match='key privileged'):
        compose_to_containers({'services': {'svc': {'image': 'x', 'privileged': True}}}, routeros_version='7.23.3')


def test_dependency_cycle():
    with pytest.raises(AnsibleFilterError, match='dependency cycle'):
        compose_to_containers({'services': {'a': {'image': 'x', 'depends_on': ['b']}, 'b': {'image': 'x', 'depends_on': ['a']}}})


@pytest.mark.parametrize('compose', ['not: [valid', '{}', {'services': []}, 'services: {}'])
def test_not_a_compose_file(compose):
    with pytest.raises(AnsibleFilterError, match='compose_to_containers'):
        compose_to_containers(compose)


def test_two_services_with_one_container_name():
    with pytest.raises(AnsibleFilterError, match='key container_name: x is also the name of service a'):
        compose_to_containers({'services': {'a': {'image': 'i', 'container_name': 'x'}, 'b': {'image': 'i', 'container_name': 'x'}}})


def test_every_imported_option_is_one_the_container_module_accepts():
    from ansible_collections.routeros_fleet.containers.plugins.module_utils._stack.planner import validate_offline
    compose = {'services': {'full': {
        'image': 'x', 'hostname': 'h', 'domainname': 'lan', 'user': '1000', 'working_dir': '/w', 'dns': '1.1.1.1',
        'stop_signal': 'SIGINT', 'stop_grace_period': '20s', 'mem_limit': '256M', 'shm_size': '64M', 'devices': ['/dev/ttyUSB0'],
        'tmpfs': ['/run'], 'restart': 'on-failure:3', 'command': 'run', 'entrypoint': ['/init'],
        'healthcheck': {'test': 'true', 'interval': '10s', 'timeout': '2s', 'retries': 2, 'start_period': '5s'},
    }}}
    validate_offline(parse_stack({'containers': compose_to_containers(compose)}), host='r1')


def test_compose_text_is_read_as_yaml_1_2():
    text = 'services:\n  git:\n    image: gitea/gitea:1.22\n    user: 33:33\n    stop_grace_period: 4:30\n' \
           '    ports: [2222:22, "3000:3000"]\n    environment: {ENABLED: yes, MODE: 0755}\n'
    git = compose_to_containers(text)[0]
    assert git['user'] == '33:33'
    assert git['stop_time'] == '4:30'
    assert git['ports'] == ['2222:22', '3000:3000']
    assert git['env'] == {'ENABLED': 'yes', 'MODE': '755'}


@pytest.mark.parametrize('parsed, message', [
    ({'image': 'x', 'ports': [133342]}, r'key ports\[0\]: 133342 is not a port'),
    ({'image': 'x', 'user': 2013}, 'key user: is the number 2013'),
    ({'image': 'x', 'stop_grace_period': 270}, 'key stop_grace_period: a bare number'),
])
def test_values_mangled_by_a_yaml_1_1_loader_are_refused_with_advice(parsed, message):
    with pytest.raises(AnsibleFilterError, match=message) as caught:
        compose_to_containers({'services': {'svc': parsed}})
    assert "lookup('ansible.builtin.file', 'compose.yml')" in str(caught.value)


def test_a_key_given_twice_is_refused_with_its_line():
    text = 'services:\n  web:\n    image: nginx\n    environment:\n      TZ: UTC\n      TZ: Europe/Riga\n'
    with pytest.raises(AnsibleFilterError, match="line 6: key 'TZ' is given twice"):
        compose_to_containers(text)


def test_top_level_include_and_unknown_volume_options_are_refused():
    with pytest.raises(AnsibleFilterError, match='key include:'):
        compose_to_containers('include: [other.yml]\nservices: {a: {image: x}}\n')
    nfs = 'services: {a: {image: x, volumes: ["media:/media"]}}\nvolumes: {media: {driver_opts: {type: nfs}}}\n'
    with pytest.raises(AnsibleFilterError, match='service a, key volumes: volume media uses driver options'):
        compose_to_containers(nfs, volume_root='usb1')
    external = 'services: {a: {image: x, volumes: ["data:/data"]}}\nvolumes: {data: {external: true}}\n'
    with pytest.raises(AnsibleFilterError, match=r'service a, key volumes\[0\]: volume data is external'):
        compose_to_containers(external, volume_root='usb1')
    named = 'services: {a: {image: x, volumes: ["data:/data"]}}\nvolumes: {data: {name: app_data}}\n'
    assert compose_to_containers(named, volume_root='usb1')[0]['mounts'] == ['usb1/app_data:/data']


def test_interpolation_env_files_and_their_precedence():
    text = '''
services:
  app:
    image: "example/app:${TAG:-1.0}"
    env_file: [common.env, {path: local.env, required: false}, app.env]
    environment:
      LEVEL: ${LEVEL-info}
      DB_URL: postgres://app:${DB_PASSWORD:?set DB_PASSWORD}@db/app
      FROM_SHELL:
'''
    files = {'.env': 'TAG=2.1\nDB_PASSWORD=from-dotenv\n', 'common.env': 'A=1\nB=common\n# comment\n',
             'app.env': "export B=app\nC='$literal'\nD=\"x\\ny\" # note\n"}
    result = compose_to_containers(text, env_files=files, variables={'DB_PASSWORD': 's3cret', 'FROM_SHELL': 'yes'},
                                   secrets=['DB_PASSWORD'], with_notes=True)
    app = result['containers'][0]
    assert app['image'] == 'example/app:2.1'
    assert app['env'] == {'A': '1', 'B': 'app', 'C': '$literal', 'D': 'x\ny', 'LEVEL': 'info',
                          'DB_URL': 'postgres://app:s3cret@db/app', 'FROM_SHELL': 'yes'}
    assert app['secret_env'] == ['DB_URL']
    assert any('local.env not given and not required' in note for note in result['notes'])


def test_ignore_accepts_a_loss_knowingly_and_says_so():
    service = {'image': 'x', 'cap_add': ['NET_ADMIN'], 'labels': {'a': 'b'}, 'x-custom': 1, 'tty': True}
    result = compose_to_containers({'services': {'vpn': service}}, ignore=['cap_add'], with_notes=True)
    assert result['containers'] == [{'name': 'vpn', 'image': 'x'}]
    notes = '\n'.join(result['notes'])
    assert 'service vpn, key cap_add: ignored as asked' in notes
    assert 'service vpn, key labels: ignored, because' in notes
    assert 'service vpn, key tty: ignored, because' in notes
    with pytest.raises(AnsibleFilterError, match='key cap_add'):
        compose_to_containers({'services': {'vpn': service}}, ignore=['web:cap_add'])


def test_versioned_options_ignored_on_old_routers_are_dropped():
    service = {'image': 'x', 'healthcheck': {'test': 'true'}, 'volumes': ['/usb1/conf:/conf:ro'],
               'deploy': {'resources': {'limits': {'memory': '128M'}}}}
    result = compose_to_containers({'services': {'a': service}}, routeros_version='7.16.2',
                                   ignore=['healthcheck', 'volumes', 'deploy'], with_notes=True)
    assert result['containers'] == [{'name': 'a', 'image': 'x', 'mounts': ['/usb1/conf:/conf']}]
    assert len(result['notes']) == 3
    new = compose_to_containers({'services': {'a': service}}, routeros_version='7.24')[0]
    assert new['memory_max'] == '128M' and new['mounts'] == ['/usb1/conf:/conf:ro'] and new['healthcheck']


@pytest.mark.parametrize('platform, architecture, outcome', [
    ('linux/arm64', 'arm64', 'matches the router'),
    ('linux/arm/v7', 'arm', 'matches the router'),
    ('linux/amd64', 'x86_64', 'matches the router'),
    ('linux/amd64', None, 'checked against each router'),
    ('linux/amd64', 'arm64', 'refused'),
])
def test_platform_is_checked_against_the_routers_architecture(platform, architecture, outcome):
    compose = {'services': {'app': {'image': 'x', 'platform': platform}}}
    if outcome == 'refused':
        with pytest.raises(AnsibleFilterError, match='key platform: the router is arm64'):
            compose_to_containers(compose, architecture=architecture)
        notes = compose_to_containers(compose, architecture=architecture, ignore=['platform'], with_notes=True)['notes']
        assert 'key platform: ignored as asked' in notes[0]
    else:
        assert outcome in compose_to_containers(compose, architecture=architecture, with_notes=True)['notes'][0]
