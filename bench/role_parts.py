"""What each part of the deploy role costs: no-op runs of the role taken apart, on one fleet.

    .venv/bin/python bench/role_parts.py                      # 20 routers, 2 rounds
    .venv/bin/python bench/role_parts.py --routers 100 --rounds 1

One simulated fleet is converged with playbooks/deploy.yml, then every variant below runs as a
no-op, the variants interleaved round after round; the table shows each variant's fastest CPU
time (user+sys of the whole ansible-playbook tree, bench/measure.py) and its ratio to the ping
floor of the same run. docs/benchmarks.md ("Last measured figures") shows what it found.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile

BENCH = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, BENCH)

# pylint: disable=wrong-import-position
from ansible_run import ANSIBLE_PLAYBOOK, REPO  # noqa: E402
from fleet import BenchFleet, instant_pull_catalog, stop_on_signals  # noqa: E402
from measure import run_measured  # noqa: E402
from workloads import COLLECTION, DEPLOY_PLAYBOOK, floor_playbook, stack_task_playbook, write_spec  # noqa: E402

ROLE = COLLECTION + '.deploy'
PASSWORD = 'bench-secret'


def _role_task_file():
    import yaml  # pylint: disable=import-outside-toplevel
    with open(os.path.join(REPO, 'roles', 'deploy', 'tasks', 'main.yml'), encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def _role_defaults():
    import yaml  # pylint: disable=import-outside-toplevel
    with open(os.path.join(REPO, 'roles', 'deploy', 'defaults', 'main.yml'), encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def _play(name, tasks, variables=None):
    play = {'name': name, 'hosts': 'routers', 'gather_facts': False, 'tasks': tasks}
    if variables:
        play['vars'] = variables
    return [play]


def variants():
    """name -> (what it is, playbook)."""
    tasks = _role_task_file()
    stack_tasks = [task for task in tasks if COLLECTION + '.stack' in task]
    return {
        'floor': ('ansible.builtin.ping, connection local', floor_playbook()),
        'deploy': ('playbooks/deploy.yml', [{'import_playbook': DEPLOY_PLAYBOOK}]),
        'roles_keyword': ('the role under roles: (Ansible\'s validate_argument_spec task too)',
                          [{'name': 'Role', 'hosts': 'routers', 'gather_facts': False, 'roles': [ROLE]}]),
        'role_tasks': ('the role\'s tasks in a play, defaults as play vars (no role)', _play('Tasks', tasks, _role_defaults())),
        'role_stack_task': ('the role\'s stack task alone, its arguments and filter', _play('Stack', stack_tasks, _role_defaults())),
        'stack_task': ('the stack task with plain arguments (make bench: stack task alone)', stack_task_playbook()),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog='bench/role_parts.py', description=__doc__.split('\n\n', maxsplit=1)[0])
    parser.add_argument('--routers', type=int, default=20)
    parser.add_argument('--containers', type=int, default=3)
    parser.add_argument('--forks', type=int, default=20)
    parser.add_argument('--rounds', type=int, default=2)
    parser.add_argument('--versions', default='7.16.2,7.20.8,7.22.3,7.24')
    args = parser.parse_args(argv)
    stop_on_signals()
    workdir = tempfile.mkdtemp(prefix='routeros_role_parts_')
    try:
        collections = os.path.join(workdir, 'collections', 'ansible_collections', 'routeros_fleet')
        os.makedirs(collections)
        os.symlink(REPO, os.path.join(collections, 'containers'))
        env = dict(os.environ, ANSIBLE_CONFIG=os.path.join(workdir, 'no-ansible.cfg'), ANSIBLE_NOCOLOR='1',
                   ANSIBLE_COLLECTIONS_PATH=os.path.join(workdir, 'collections'), ANSIBLE_RETRY_FILES_ENABLED='False',
                   ANSIBLE_LOCAL_TEMP=os.path.join(workdir, 'ansible-tmp'))
        spec = write_spec(workdir, args.containers)
        table = variants()
        paths = {}
        for name, (_what, playbook) in table.items():
            paths[name] = os.path.join(workdir, name + '.yml')
            with open(paths[name], 'w', encoding='utf-8') as handle:
                json.dump(playbook, handle)
        cpu = {}
        with BenchFleet(args.routers, args.versions.split(','), catalog=instant_pull_catalog(os.path.join(workdir, 'catalog.yaml')),
                        time_scale=100.0, password=PASSWORD) as fleet:
            def run(name, label):
                command = [ANSIBLE_PLAYBOOK, '-i', fleet.inventory, '-f', str(args.forks), paths[name], '-e', '@' + spec]
                measurement = run_measured(command, env=env, cwd=workdir, log_path=os.path.join(workdir, label + '.log'))
                if measurement['returncode'] != 0:
                    raise SystemExit('%s failed, see %s.log (kept: %s)' % (name, label, workdir))
                return measurement['cpu_s']

            run('deploy', 'converge')
            for round_number in range(args.rounds):
                for name in table:
                    cpu.setdefault(name, []).append(run(name, '%s-%d' % (name, round_number)))
                    print('round %d %-16s %6.2f CPU s' % (round_number + 1, name, cpu[name][-1]), file=sys.stderr, flush=True)
        floor = min(cpu['floor'])
        print('No-op of %d routers, %d containers each, forks %d: fastest of %d round(s), CPU s of the whole run'
              % (args.routers, args.containers, args.forks, args.rounds))
        for name, (what, _playbook) in table.items():
            best = min(cpu[name])
            print('  %-16s %6.2f  %5.2fx floor  %6.3f per router  %s' % (name, best, best / floor, best / args.routers, what))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
