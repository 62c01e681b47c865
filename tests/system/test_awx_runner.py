"""playbooks/deploy.yml run the way AWX runs it: ansible-runner transmit | worker | process.

The credential comes from awx/credential_type_*.yml rendered with AWX's injection rules,
the inventory names the simulated routers without any credentials, the collection is a
plain copy in the private data dir (as a project update installs it). Every secret
(API password, a secret env value, the registry password) must stay out of the job
events, stdout and artifacts, except the files that hold the environment by design.

Run: .venv/bin/python -m pytest tests/system/test_awx_runner.py -q
"""

import concurrent.futures
import copy
import shutil
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'simulator'))

from awx_job import (  # noqa: E402  pylint: disable=wrong-import-position
    REPO_ROOT, VENV_BIN, AwxJob, CredentialType, CredentialTypeError, find_secret_leaks, strip_credentials)


@pytest.fixture(autouse=True, scope='module')
def ansible_runner_installed():
    """requirements-dev.txt and requirements-core-matrix.txt both name it: missing is a broken venv, not a skip."""
    if not (VENV_BIN / 'ansible-runner').exists():
        pytest.fail('ansible-runner is not installed in %s (make venv installs it)' % VENV_BIN)


API_PASSWORD = 'Api-Pass-7c1e9b'
SECRET_ENV_VALUE = 'Web-Secret-51d0aa'
REGISTRY_PASSWORD = 'Registry-Pass-e84f27'
SECRETS = {'API password': API_PASSWORD, 'secret env value': SECRET_ENV_VALUE, 'registry password': REGISTRY_PASSWORD}

# A CA that signed nothing the simulator serves (public certificate only; its key is gone).
OTHER_CA_PEM = """-----BEGIN CERTIFICATE-----
MIIBOzCB4qADAgECAgEBMAoGCCqGSM49BAMCMBwxGjAYBgNVBAMMEXVucmVsYXRl
ZCB0ZXN0IENBMCAXDTI1MDEwMTAwMDAwMFoYDzIxMjQxMjA4MDAwMDAwWjAcMRow
GAYDVQQDDBF1bnJlbGF0ZWQgdGVzdCBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABGboS20PQZhU+5UuYTl9P7ZSbIvpKy97isxg+mKk8Th5XTCFevRIlnxQIkLo
GWHi8qSgYFXEUfa7m2nsFhbCX2CjEzARMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZI
zj0EAwIDSAAwRQIhAPzRAIYVLp1YVBvYoi6vr475njLDT/O63gw10zc2T1gtAiBW
0iAMO8CB4YVvhBpxYyFKZEKqFIGMoOEM835rmVTi2A==
-----END CERTIFICATE-----
"""

DEPLOY_PLAYBOOK = REPO_ROOT / 'playbooks' / 'deploy.yml'

# An AWX project is a repository of the user's own: a collections/requirements.yml and a
# playbook that imports the collection's deploy playbook (docs/awx.md).
PROJECT_DEPLOY = """---
- name: Deploy the container spec to the routers
  ansible.builtin.import_playbook: routeros_fleet.containers.deploy
"""


def credential_env(job_dir, worker_dir, **inputs):
    credential = {'username': 'admin', 'password': API_PASSWORD}
    credential.update(inputs)
    return CredentialType().inject(credential, job_dir / 'private', worker_dir)


def make_job(tmp_path, name, inventory, playbooks, extra_vars=None, **credential_inputs):
    base = tmp_path / name
    base.mkdir()
    private = base / 'private'
    (private / 'env').mkdir(parents=True)
    env = credential_env(base, base / 'worker', **credential_inputs)
    return AwxJob(base, playbooks, inventory, credential_env=env, extra_vars=extra_vars, ident=name)


# --- the credential type, as AWX would take and render it -------------------------------------------------------

def test_credential_type_is_accepted_by_awx_rules():
    assert CredentialType().problems() == []


def test_credential_type_injects_what_the_modules_read():
    connection = (REPO_ROOT / 'plugins' / 'module_utils' / '_api' / 'connection.py').read_text(encoding='utf-8')
    injected = set(CredentialType().injectors['env'])
    assert injected == {'ROUTEROS_USERNAME', 'ROUTEROS_PASSWORD', 'ROUTEROS_TLS', 'ROUTEROS_VALIDATE_CERTS',
                        'ROUTEROS_VALIDATE_CERT_HOSTNAME', 'ROUTEROS_CA_PATH'}
    for name in injected:
        # The env fallbacks of CONNECTION_ARGUMENT_SPEC are the only way these reach a module.
        assert "['%s']" % name in connection, '%s is injected but no connection option falls back to it' % name


def test_credential_injection_with_and_without_ca(tmp_path):
    worker = tmp_path / 'worker'
    env = CredentialType().inject({'username': 'admin', 'password': API_PASSWORD, 'tls': True,
                                   'ca_cert': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'},
                                  tmp_path / 'with_ca', worker)
    assert env['ROUTEROS_PASSWORD'] == API_PASSWORD
    assert env['ROUTEROS_TLS'] == 'True'
    # Unset booleans are False in AWX: a credential that never set the "skip" inputs verifies
    # the certificate and its name, as the modules do by default.
    assert env['ROUTEROS_VALIDATE_CERTS'] == 'True'
    assert env['ROUTEROS_VALIDATE_CERT_HOSTNAME'] == 'True'
    ca_path = Path(env['ROUTEROS_CA_PATH'])
    assert ca_path.parent == worker / 'env'
    assert (tmp_path / 'with_ca' / 'env' / ca_path.name).read_text(encoding='utf-8').startswith('-----BEGIN CERTIFICATE-----')

    env = CredentialType().inject({'username': 'admin', 'password': API_PASSWORD},
                                  tmp_path / 'without_ca', worker)
    assert env['ROUTEROS_CA_PATH'] == ''
    assert env['ROUTEROS_TLS'] == 'False'
    assert env['ROUTEROS_VALIDATE_CERTS'] == 'True'

    env = CredentialType().inject({'username': 'admin', 'password': API_PASSWORD, 'tls': True, 'skip_cert_validation': True,
                                   'skip_cert_hostname_check': True}, tmp_path / 'insecure', worker)
    assert env['ROUTEROS_VALIDATE_CERTS'] == 'False' and env['ROUTEROS_VALIDATE_CERT_HOSTNAME'] == 'False'


def test_credential_injection_refuses_missing_password(tmp_path):
    with pytest.raises(CredentialTypeError, match='password'):
        CredentialType().inject({'username': 'admin'}, tmp_path, tmp_path / 'worker')


def test_ansible_env_names_are_refused(tmp_path):
    inputs = tmp_path / 'inputs.yml'
    injectors = tmp_path / 'injectors.yml'
    shutil.copy(REPO_ROOT / 'awx' / 'credential_type_inputs.yml', inputs)
    injectors.write_text(yaml.safe_dump({'env': {'ANSIBLE_NET_PASSWORD': '{{ password }}', 'X': '{{ nope }}'}}))
    problems = CredentialType(inputs, injectors).problems()
    assert any('ANSIBLE_NET_PASSWORD' in line for line in problems)
    assert any('nope' in line for line in problems)


# --- the pipeline itself: it must see a leak when there is one -----------------------------------------------------

LEAKY_PLAYBOOK = """---
- name: Print the injected password (what a careless task would do)
  hosts: all
  gather_facts: false
  tasks:
    - name: Show it
      ansible.builtin.debug:
        msg: "password is {{ lookup('ansible.builtin.env', 'ROUTEROS_PASSWORD') }}"
"""

QUIET_PLAYBOOK = """---
- name: Use the injected password without showing it
  hosts: all
  gather_facts: false
  tasks:
    - name: Check it arrived
      ansible.builtin.assert:
        that: lookup('ansible.builtin.env', 'ROUTEROS_PASSWORD') | length > 0
        quiet: true
"""

LOCAL_INVENTORY = {'all': {'hosts': {'r1': {'ansible_connection': 'local'}, 'r2': {'ansible_connection': 'local'}},
                           'vars': {'ansible_python_interpreter': '{{ ansible_playbook_python }}'}}}


def test_pipeline_detects_a_leak_and_a_clean_run(tmp_path):
    job = make_job(tmp_path, 'leaky', LOCAL_INVENTORY, {'leaky.yml': LEAKY_PLAYBOOK, 'quiet.yml': QUIET_PLAYBOOK})
    leaky = job.run('leaky.yml')
    assert leaky.status == 'successful', leaky.describe()
    assert leaky.processed_hosts() == ['r1', 'r2']
    leaks = find_secret_leaks(leaky, {'API password': API_PASSWORD})
    leaked_files = {path for path, _label in leaks}
    assert any(path.endswith('stdout') for path in leaked_files), leaks
    assert any('job_events' in path for path in leaked_files), leaks

    quiet = job.run('quiet.yml', check=True, diff=True, limit='r2')
    assert quiet.status == 'successful', quiet.describe()
    assert quiet.processed_hosts() == ['r2']
    assert find_secret_leaks(quiet, {'API password': API_PASSWORD}) == []


# --- real modules against the simulator ------------------------------------------------------------------------

def fleet_inventory(fleet, use_tls=False):
    """What an AWX inventory holds: the routers' addresses and API ports, no credentials.

    Nor `ansible_connection`: the collection's action plugin runs the modules on the
    controller whatever the connection, and AWX inventories rarely set one for routers.
    """
    inventory = strip_credentials(fleet.inventory)
    group = inventory['all']['children']['routers']
    group.pop('vars', None)
    if use_tls:
        for router in fleet.routers:
            group['hosts'][router['name']]['routeros_port'] = router['tls_port']
    return inventory


INFO_PLAYBOOK = """---
- name: Read the routers' containers
  hosts: routers
  gather_facts: false
  tasks:
    - name: Container info
      routeros_fleet.containers.container_info:
      register: info

    - name: The router answered through the injected credential
      ansible.builtin.assert:
        that: info.router.version is defined
        quiet: true
"""


def test_container_info_over_tls_with_the_credential_ca(tmp_path):
    from routeros_sim.control_client import SimulatedFleet  # pylint: disable=import-outside-toplevel

    with SimulatedFleet(routers=2, versions=['7.16.2', '7.22.3'], password=API_PASSWORD, tls=True) as fleet:
        assert fleet.ca_path, 'the simulator gave no CA for its TLS certificates'
        ca_pem = Path(fleet.ca_path).read_text(encoding='utf-8')
        job = make_job(tmp_path, 'tls', fleet_inventory(fleet, use_tls=True), {'info.yml': INFO_PLAYBOOK},
                       tls=True, ca_cert=ca_pem)
        result = job.run('info.yml')
        assert result.status == 'successful', result.describe()
        assert result.processed_hosts() == ['r1', 'r2']
        assert result.failures() == {}
        assert find_secret_leaks(result, {'API password': API_PASSWORD}) == []

        # The same job with a credential whose CA is not the one that signed the routers'
        # certificates must fail on verification: proves the CA file was really used.
        other = make_job(tmp_path, 'tls_wrong_ca', fleet_inventory(fleet, use_tls=True), {'info.yml': INFO_PLAYBOOK},
                         tls=True, ca_cert=OTHER_CA_PEM)
        refused = other.run('info.yml')
        assert refused.status == 'failed', refused.describe()
        assert 'certificate verification failed' in refused.stdout, refused.describe()
        assert find_secret_leaks(refused, {'API password': API_PASSWORD}) == []


# --- playbooks/deploy.yml, as the "Deploy containers" and "Preview deploy" templates run it ---------------------

# A registry of our own for the simulator: two public images and one that needs the
# registry credentials, so the registry password has to reach the router to pull it.
CATALOG = """images:
  - reference: docker.io/library/nginx:latest
    digest: sha256:1111111111111111111111111111111111111111111111111111111111111111
    architectures: [amd64, arm64, arm]
    size: 20MiB
    pull_seconds: 2
    entrypoint: [/docker-entrypoint.sh]
    cmd: [nginx, -g, daemon off;]
  - reference: docker.io/traefik/whoami:latest
    digest: sha256:3333333333333333333333333333333333333333333333333333333333333333
    architectures: [amd64, arm64, arm]
    size: 4MiB
    pull_seconds: 1
    entrypoint: [/whoami]
  - reference: ghcr.io/acme/awx-agent:1.0
    digest: sha256:2222222222222222222222222222222222222222222222222222222222222222
    architectures: [amd64, arm64, arm]
    size: 5MiB
    pull_seconds: 2
    entrypoint: [/agent]
    credentials: {username: awx-bot, password: %s}
""" % REGISTRY_PASSWORD


def deploy_spec(web_tz='UTC', second_image='traefik/whoami:latest'):
    return {
        'routeros_containers_network': {'name': 'containers', 'subnet': '172.17.0.0/24', 'masquerade': True, 'publish_on': 'LAN'},
        'routeros_containers_config': {'username': 'awx-bot', 'password': REGISTRY_PASSWORD},
        'routeros_containers': [
            {'name': 'web', 'image': 'nginx:latest', 'ports': ['8080:80'],
             'env': {'TZ': web_tz, 'API_TOKEN': SECRET_ENV_VALUE}, 'secret_env': ['API_TOKEN'], 'start_on_boot': True},
            {'name': 'agent', 'image': second_image},
        ],
    }


def deploy_inventory(fleet, spec=None):
    inventory = fleet_inventory(fleet)
    # In AWX: the group variables of the inventory (or a vault file in the project).
    inventory['all']['children']['routers']['vars'] = spec or deploy_spec()
    return inventory


def writes(fleet, router):
    return sum(fleet.control.counters(router)['writes'].values())


def env_value(fleet, router, key):
    for row in fleet.control.config(router).get('/container/envs', []):
        if row.get('key') == key:
            return row.get('value')
    return None


def managed_containers(fleet, router):
    return [row for row in fleet.control.config(router).get('/container', []) if '[rfc:' in row.get('comment', '')]


@pytest.fixture(scope='module')
def deploy_jobs(tmp_path_factory):
    """The AWX story on one fleet: Preview, Deploy, Deploy again, then a limited Deploy of an edit."""
    from routeros_sim.control_client import SimulatedFleet  # pylint: disable=import-outside-toplevel

    tmp_path = tmp_path_factory.mktemp('awx_deploy')
    catalog = tmp_path / 'catalog.yaml'
    catalog.write_text(CATALOG, encoding='utf-8')
    with SimulatedFleet(routers=3, versions=['7.16.2', '7.20.8', '7.24'], password=API_PASSWORD,
                        catalog=catalog, time_scale=20.0) as fleet:
        routers = [router['name'] for router in fleet.routers]
        job = make_job(tmp_path, 'deploy', deploy_inventory(fleet), {'deploy.yml': PROJECT_DEPLOY})
        jobs = {'routers': routers}

        for router in routers:
            fleet.control.reset_counters(router)
        jobs['preview'] = job.run('deploy.yml', check=True, diff=True)
        jobs['preview_writes'] = {router: writes(fleet, router) for router in routers}

        jobs['deploy'] = job.run('deploy.yml', diff=True)
        jobs['containers'] = {router: managed_containers(fleet, router) for router in routers}

        jobs['again'] = job.run('deploy.yml', diff=True)

        for router in routers:
            fleet.control.reset_counters(router)
        job.extra_vars = {'routeros_containers': deploy_spec(web_tz='Europe/Riga')['routeros_containers']}
        jobs['limited'] = job.run('deploy.yml', diff=True, limit=routers[0])
        jobs['limited_writes'] = {router: writes(fleet, router) for router in routers}
        jobs['time_zones'] = {router: env_value(fleet, router, 'TZ') for router in routers}
        yield jobs


def test_preview_plans_every_router_and_writes_nothing(deploy_jobs):
    preview = deploy_jobs['preview']
    assert preview.status == 'successful', preview.describe()
    assert preview.processed_hosts() == deploy_jobs['routers']
    assert all(preview.changed().get(router, 0) >= 1 for router in deploy_jobs['routers']), preview.changed()
    diff_hosts = {event['event_data']['host'] for event in preview.diff_events()}
    assert diff_hosts == set(deploy_jobs['routers']), diff_hosts
    assert deploy_jobs['preview_writes'] == {router: 0 for router in deploy_jobs['routers']}


def test_deploy_converges_every_router(deploy_jobs):
    deploy = deploy_jobs['deploy']
    assert deploy.status == 'successful', deploy.describe()
    assert deploy.failures() == {}
    assert all(deploy.changed().get(router, 0) >= 1 for router in deploy_jobs['routers']), deploy.changed()
    assert deploy.diff_events(), 'Show Changes is on: the job must carry diffs'
    for router, containers in deploy_jobs['containers'].items():
        assert len(containers) == 2, (router, containers)
    # What Preview (Check + Show Changes) announced is what Deploy then did.
    assert deploy_jobs['preview'].changed() == deploy.changed()


def test_second_deploy_changes_nothing(deploy_jobs):
    again = deploy_jobs['again']
    assert again.status == 'successful', again.describe()
    assert again.changed() == {}, again.changed()


def test_limit_touches_only_the_limited_router(deploy_jobs):
    limited = deploy_jobs['limited']
    first, *others = deploy_jobs['routers']
    assert limited.status == 'successful', limited.describe()
    assert limited.processed_hosts() == [first]
    assert limited.changed().get(first, 0) >= 1, limited.changed()
    assert deploy_jobs['limited_writes'][first] > 0
    assert all(deploy_jobs['limited_writes'][router] == 0 for router in others), deploy_jobs['limited_writes']
    assert deploy_jobs['time_zones'] == dict({first: 'Europe/Riga'}, **{router: 'UTC' for router in others})


@pytest.mark.parametrize('name', ['preview', 'deploy', 'again', 'limited'])
def test_no_secret_in_job_output(deploy_jobs, name):
    assert find_secret_leaks(deploy_jobs[name], SECRETS) == []


def survey_answers():
    """The extra vars AWX passes for awx/survey.yml's defaults (integers stay integers)."""
    survey = yaml.safe_load((REPO_ROOT / 'awx' / 'survey.yml').read_text(encoding='utf-8'))
    return {question['variable']: question['default'] for question in survey['spec']}


def test_survey_asks_only_for_variables_the_deployment_reads():
    survey = yaml.safe_load((REPO_ROOT / 'awx' / 'survey.yml').read_text(encoding='utf-8'))
    playbook = DEPLOY_PLAYBOOK.read_text(encoding='utf-8')
    role_options = yaml.safe_load((REPO_ROOT / 'roles' / 'deploy' / 'meta' / 'argument_specs.yml').read_text(
        encoding='utf-8'))['argument_specs']['main']['options']
    for question in survey['spec']:
        assert question['type'] in ('text', 'textarea', 'password', 'integer', 'float', 'multiplechoice', 'multiselect')
        variable = question['variable']
        assert variable in role_options or variable in playbook, '%s is read neither by deploy.yml nor by the role' % variable
        if question['type'] == 'multiplechoice':
            assert question['default'] in question['choices'], variable
        if question['type'] == 'integer':
            assert question['min'] <= question['default'] <= question['max'], variable


def sliced_inventory(inventory, slice_number, slice_count):
    """AWX job slicing: slice k of n gets every n-th host of the inventory, from the k-th."""
    sliced = copy.deepcopy(inventory)
    hosts = sliced['all']['children']['routers']['hosts']
    names = sorted(hosts)
    keep = set(names[slice_number - 1::slice_count])
    for name in names:
        if name not in keep:
            del hosts[name]
    return sliced


def test_job_slices_run_in_parallel_and_converge_the_fleet(tmp_path):
    """deploy.yml split by AWX job slicing: two slice jobs at once, each on its share of the fleet."""
    from routeros_sim.control_client import SimulatedFleet  # pylint: disable=import-outside-toplevel

    catalog = tmp_path / 'catalog.yaml'
    catalog.write_text(CATALOG, encoding='utf-8')
    with SimulatedFleet(routers=4, versions=['7.16.2', '7.19.6', '7.21.5', '7.23.3'], password=API_PASSWORD,
                        catalog=catalog, time_scale=20.0) as fleet:
        inventory = deploy_inventory(fleet)
        # Launched with the survey's default answers, as a user who just clicks Next would.
        jobs = [make_job(tmp_path, 'slice%d' % number, sliced_inventory(inventory, number, 2), {'deploy.yml': PROJECT_DEPLOY},
                         extra_vars=survey_answers()) for number in (1, 2)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(lambda job: job.run('deploy.yml'), jobs))

        for result in results:
            assert result.status == 'successful', result.describe()
            assert find_secret_leaks(result, SECRETS) == []
        assert [result.processed_hosts() for result in results] == [['r1', 'r3'], ['r2', 'r4']]
        for router in fleet.routers:
            assert len(managed_containers(fleet, router['name'])) == 2, router['name']


def test_registry_credentials_reach_the_router(tmp_path):
    """The registry password of the spec is what lets the router pull a private image."""
    from routeros_sim.control_client import SimulatedFleet  # pylint: disable=import-outside-toplevel

    catalog = tmp_path / 'catalog.yaml'
    catalog.write_text(CATALOG, encoding='utf-8')
    with SimulatedFleet(routers=1, versions=['7.20.8'], password=API_PASSWORD, catalog=catalog, time_scale=20.0) as fleet:
        spec = deploy_spec(second_image='ghcr.io/acme/awx-agent:1.0')
        job = make_job(tmp_path, 'private', deploy_inventory(fleet, spec), {'deploy.yml': PROJECT_DEPLOY})
        result = job.run('deploy.yml', diff=True)
        assert result.status == 'successful', result.describe()
        assert len(managed_containers(fleet, 'r1')) == 2
        assert find_secret_leaks(result, SECRETS) == []
