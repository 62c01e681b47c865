"""What the benchmarks run: the spec of N containers per router and the playbooks that apply it.

Three playbooks over the same simulated inventory:

* floor: ``ansible.builtin.ping`` with ``connection: local`` once per host: what Ansible
  itself costs per host, the least any per-router module can cost;
* stack: ``playbooks/deploy.yml`` (the role, one stack task per router);
* stack_task: the role's stack task alone, to tell the module's cost from the role's;
* per_object: the same objects from the resource modules, one task per object type with a
  loop over the containers (container_network, veth, envlist, mountlist, container, port_forward).

Both deployments get the same containers with the same addresses, so their no-op runs do the
same work on the router's side.
"""

import json
import os

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEPLOY_PLAYBOOK = os.path.join(REPO, 'playbooks', 'deploy.yml')
COLLECTION = 'routeros_fleet.containers'

# Small images, so twenty containers fit the 1 GiB disk of a simulated arm64 router.
IMAGES = ('traefik/whoami:latest', 'nginx:1.27-alpine')
NETWORK = {'name': 'containers', 'subnet': '172.17.0.0/24', 'masquerade': True, 'publish_on': 'LAN'}
GATEWAY = '172.17.0.1'
FIRST_PORT = 8000
FIRST_HOST_ADDRESS = 10


def containers(count):
    """``count`` containers, each with an env list, a mount, a port forward and a fixed address."""
    result = []
    for index in range(1, count + 1):
        name = 'app%02d' % index
        result.append({
            'name': name,
            'image': IMAGES[index % len(IMAGES)],
            'env': {'TZ': 'Europe/Riga', 'APP_ID': str(index)},
            'mounts': ['usb1/%s:/data' % name],
            'ports': ['%d:80' % (FIRST_PORT + index)],
            'address': '172.17.0.%d' % (FIRST_HOST_ADDRESS + index),
            'start_on_boot': True,
        })
    return result


def spec_vars(count):
    """Extra vars for both deployments: the role's variables and the per-object playbook's."""
    stack = containers(count)
    objects = []
    for container in stack:
        objects.append({
            'name': container['name'],
            'image': container['image'],
            'env': container['env'],
            'mounts': [dict(zip(('src', 'dst'), mount.split(':', 1))) for mount in container['mounts']],
            'ports': container['ports'],
            'address': container['address'],
            'start_on_boot': container['start_on_boot'],
        })
    return {
        'routeros_containers_network': NETWORK,
        'routeros_containers': stack,
        'bench_objects': objects,
    }


def _task(name, module, args, loop=True):
    task = {'name': name, '%s.%s' % (COLLECTION, module): args}
    if loop:
        task['loop'] = '{{ bench_objects }}'
        task['loop_control'] = {'label': '{{ item.name }}'}
    return task


def floor_playbook():
    return [{
        'name': 'Floor: one ping per host on the controller',
        'hosts': 'routers',
        'gather_facts': False,
        'connection': 'local',
        'tasks': [{'name': 'Ping', 'ansible.builtin.ping': {}}],
    }]


def stack_playbook():
    return [{'import_playbook': DEPLOY_PLAYBOOK}]


def stack_task_playbook():
    """The role's one stack task without the role around it: what the role's other tasks cost."""
    return [{
        'name': 'Deploy with the stack module alone',
        'hosts': 'routers',
        'gather_facts': False,
        'tasks': [{'name': 'Converge the container stack', '%s.stack' % COLLECTION: {
            'network': '{{ routeros_containers_network }}',
            'containers': '{{ routeros_containers }}',
        }}],
    }]


def per_object_playbook():
    network = dict(NETWORK)
    del network['publish_on']
    return [{
        'name': 'Deploy with one resource module per object type',
        'hosts': 'routers',
        'gather_facts': False,
        'tasks': [
            _task('Container network', 'container_network', network, loop=False),
            _task('Veths', 'veth', {
                'name': 'veth-{{ item.name }}',
                'addresses': ['{{ item.address }}/24'],
                'gateway': GATEWAY,
                'bridge': NETWORK['name'],
            }),
            _task('Env lists', 'envlist', {'name': '{{ item.name }}', 'env': '{{ item.env }}'}),
            _task('Mount lists', 'mountlist', {'name': '{{ item.name }}', 'mounts': '{{ item.mounts }}'}),
            _task('Containers', 'container', {
                'name': '{{ item.name }}',
                'image': '{{ item.image }}',
                'interface': 'veth-{{ item.name }}',
                'envlist': '{{ item.name }}',
                'mountlist': '{{ item.name }}',
                'start_on_boot': '{{ item.start_on_boot }}',
            }),
            _task('Port forwards', 'port_forward', {
                'name': '{{ item.name }}',
                'to_address': '{{ item.address }}',
                'rules': '{{ item.ports }}',
                'in_interface_list': NETWORK['publish_on'],
            }),
        ],
    }]


PLAYBOOKS = {'floor': floor_playbook, 'stack': stack_playbook, 'stack_task': stack_task_playbook, 'per_object': per_object_playbook}


def write_workdir(workdir, container_count):
    """The playbooks and the spec (JSON is YAML) in ``workdir``; returns {name: path}."""
    paths = {}
    for name, build in PLAYBOOKS.items():
        paths[name] = os.path.join(workdir, '%s.yml' % name)
        with open(paths[name], 'w', encoding='utf-8') as handle:
            json.dump(build(), handle, indent=1)
    paths['spec'] = write_spec(workdir, container_count)
    return paths


def write_spec(workdir, container_count):
    path = os.path.join(workdir, 'spec-%d.json' % container_count)
    with open(path, 'w', encoding='utf-8') as handle:
        json.dump(spec_vars(container_count), handle, indent=1)
    return path
