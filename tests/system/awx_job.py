"""Run a playbook the way AWX runs a job, for tests/system/test_awx_runner.py.

AWX renders the job's credentials into a private data dir (env vars, files), streams that
dir with `ansible-runner transmit` to a worker inside the execution environment
(`ansible-runner worker`), and turns the worker's event stream back into job events with
`ansible-runner process`. `AwxJob` does the same three steps with the same programs, so a
test sees what an AWX user would: job events, stdout, status, artifacts.

`CredentialType` renders awx/credential_type_*.yml with AWX's own injection rules (unset
booleans are False, every file template becomes a file in env/, `tower.filename.<name>`
names it as the worker sees it, env names starting with ANSIBLE_ are refused), so the test
exercises the very YAML users paste into AWX.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import yaml
from jinja2 import meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

REPO_ROOT = Path(__file__).resolve().parents[2]
AWX_DIR = REPO_ROOT / 'awx'
VENV_BIN = Path(sys.executable).parent

# What a collection tarball ships (galaxy.yml build_ignore drops the rest); copying only
# these keeps the private data dir small and free of the repository's .venv.
COLLECTION_CONTENT = ('galaxy.yml', 'meta', 'plugins', 'roles', 'playbooks', 'README.md')

# AWX points ansible at the collections its project update installed, inside the
# private data dir (`/runner/requirements_collections` in the execution environment).
REQUIREMENTS_COLLECTIONS = 'requirements_collections'


class CredentialTypeError(Exception):
    """The credential type definition would be refused by AWX, or cannot render."""


class CredentialType:
    """awx/credential_type_inputs.yml + credential_type_injectors.yml, injected as AWX does."""

    def __init__(self, inputs_path=AWX_DIR / 'credential_type_inputs.yml', injectors_path=AWX_DIR / 'credential_type_injectors.yml'):
        self.inputs = yaml.safe_load(Path(inputs_path).read_text(encoding='utf-8'))
        self.injectors = yaml.safe_load(Path(injectors_path).read_text(encoding='utf-8'))
        self.fields = {str(entry['id']): entry for entry in self.inputs['fields']}
        self._sandbox = ImmutableSandboxedEnvironment()

    def problems(self):
        """What AWX (or a careful reviewer) would refuse in the definition, as text lines."""
        found = []
        for entry in self.inputs['fields']:
            if entry.get('type', 'string') not in ('string', 'boolean'):
                found.append('field %s: type %r' % (entry['id'], entry.get('type')))
            if entry.get('type') == 'boolean' and entry.get('secret'):
                found.append('field %s: a boolean cannot be secret' % entry['id'])
        for required in self.inputs.get('required', []):
            if required not in self.fields:
                found.append('required %s is not a field' % required)
        for name in self.injectors.get('env', {}):
            if name.startswith('ANSIBLE_'):
                found.append('env %s: AWX refuses env names starting with ANSIBLE_' % name)
        templates = dict(self.injectors.get('env', {}))
        templates.update(('file ' + key, value) for key, value in self.injectors.get('file', {}).items())
        templates.update(('extra_vars ' + key, value) for key, value in self.injectors.get('extra_vars', {}).items())
        for where, template in templates.items():
            names = meta.find_undeclared_variables(self._sandbox.parse(str(template)))
            unknown = sorted(names - set(self.fields) - {'tower'})
            if unknown:
                found.append('%s uses %s, not an input field' % (where, ', '.join(unknown)))
        return found

    def inject(self, credential_inputs, private_data_dir, worker_dir):
        """Render env vars and files for one job; returns the env dict.

        Files are written into `private_data_dir/env/`; the env values name them under
        `worker_dir`, which is where the worker unpacks the private data dir (AWX does
        the same with /runner inside the execution environment).
        """
        problems = self.problems()
        if problems:
            raise CredentialTypeError('; '.join(problems))
        unknown = sorted(set(credential_inputs) - set(self.fields))
        if unknown:
            raise CredentialTypeError('credential inputs not in the type: %s' % ', '.join(unknown))
        missing = [name for name in self.inputs.get('required', []) if name not in credential_inputs]
        if missing:
            raise CredentialTypeError('required credential inputs missing: %s' % ', '.join(missing))

        namespace = {}
        for name, value in credential_inputs.items():
            # AWX leaves empty strings out of the namespace: the template sees them undefined.
            if isinstance(value, bool) or value:
                namespace[name] = value
        for name, entry in self.fields.items():
            if entry.get('type') == 'boolean' and name not in credential_inputs:
                namespace[name] = False

        env_dir = Path(private_data_dir) / 'env'
        env_dir.mkdir(parents=True, exist_ok=True)
        files = {}
        for label, template in self.injectors.get('file', {}).items():
            handle, path = tempfile.mkstemp(dir=env_dir)
            with os.fdopen(handle, 'w', encoding='utf-8') as stream:
                stream.write(self._sandbox.from_string(template).render(**namespace))
            os.chmod(path, 0o600)
            files[label.split('.', 1)[1] if '.' in label else ''] = str(Path(worker_dir) / 'env' / Path(path).name)
        if '' in files:
            filename = files['']
        else:
            filename = SimpleNamespace(**files)
        namespace['tower'] = SimpleNamespace(filename=filename)

        return {name: self._sandbox.from_string(template).render(**namespace)
                for name, template in self.injectors.get('env', {}).items()}


def copy_collection(destination_root):
    """Install the collection as AWX's project update would: a plain copy, no symlinks."""
    target = Path(destination_root) / 'ansible_collections' / 'routeros_fleet' / 'containers'
    target.mkdir(parents=True)
    ignore = shutil.ignore_patterns('__pycache__', '*.pyc')
    for name in COLLECTION_CONTENT:
        source = REPO_ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target


@dataclass
class JobResult:
    """What AWX keeps of a job: status, rc, events, stdout; plus where everything lies."""

    status: str
    rc: int
    events: list
    stdout: str
    process_dir: Path
    worker_dir: Path
    private_data_dir: Path
    base_dir: Path = None
    ident: str = 'job'
    pipeline_stderr: str = ''
    stats: dict = field(default_factory=dict)

    def changed(self):
        """Changed task count per host, from the final playbook_on_stats event."""
        return dict(self.stats.get('changed', {}))

    def failures(self):
        return dict(self.stats.get('failures', {}))

    def processed_hosts(self):
        return sorted(self.stats.get('processed', {}))

    def results(self, event_name='runner_on_ok'):
        return [event['event_data'] for event in self.events if event['event'] == event_name]

    def diff_events(self):
        """Events whose module result carries a non-empty diff."""
        found = []
        for event in self.events:
            result = event.get('event_data', {}).get('res')
            if isinstance(result, dict) and result.get('diff'):
                found.append(event)
        return found

    def describe(self):
        """Enough to understand a failed assertion without opening the artifacts."""
        return 'status=%s rc=%s\n--- stdout ---\n%s\n--- pipeline stderr ---\n%s' % (
            self.status, self.rc, self.stdout[-6000:], self.pipeline_stderr[-3000:])


class AwxJob:
    """One job's private data dir; `run()` streams it through transmit | worker | process.

    Layout (AWX's): project/ (the playbooks), inventory/hosts.yml, env/envvars (credential
    env + AWX's own settings), env/cmdline (job type Check -> --check, Show Changes ->
    --diff, limit -> --limit), env/extravars, requirements_collections/ (the collection).
    """

    def __init__(self, base_dir, playbook_files, inventory, credential_env=None, extra_vars=None, ident='job'):
        self.base_dir = Path(base_dir)
        self.ident = ident
        self.private_data_dir = self.base_dir / 'private'
        self.worker_dir = self.base_dir / 'worker'
        self.process_dir = self.base_dir / 'process'
        project = self.private_data_dir / 'project'
        project.mkdir(parents=True)
        for relative, text in playbook_files.items():
            (project / relative).parent.mkdir(parents=True, exist_ok=True)
            (project / relative).write_text(text, encoding='utf-8')
        inventory_dir = self.private_data_dir / 'inventory'
        inventory_dir.mkdir()
        (inventory_dir / 'hosts.yml').write_text(yaml.safe_dump(inventory, sort_keys=False), encoding='utf-8')
        (self.private_data_dir / 'env').mkdir(exist_ok=True)
        copy_collection(self.private_data_dir / REQUIREMENTS_COLLECTIONS)
        self.credential_env = dict(credential_env or {})
        self.extra_vars = dict(extra_vars or {})

    def run(self, playbook, check=False, diff=False, limit=None, timeout=600):
        cmdline = []
        if check:
            cmdline.append('--check')
        if diff:
            cmdline.append('--diff')
        if limit:
            cmdline += ['--limit', limit]
        env_dir = self.private_data_dir / 'env'
        (env_dir / 'cmdline').write_text(' '.join(cmdline), encoding='utf-8')
        envvars = dict(self.credential_env)
        envvars.update({
            'ANSIBLE_COLLECTIONS_PATH': str(self.worker_dir / REQUIREMENTS_COLLECTIONS),
            'ANSIBLE_FORCE_COLOR': 'False',
            'ANSIBLE_HOST_KEY_CHECKING': 'False',
            'ANSIBLE_RETRY_FILES_ENABLED': 'False',
            'ANSIBLE_NOCOLOR': 'True',
        })
        (env_dir / 'envvars').write_text(yaml.safe_dump(envvars), encoding='utf-8')
        (env_dir / 'extravars').write_text(yaml.safe_dump(self.extra_vars), encoding='utf-8')
        for stale in (self.worker_dir, self.process_dir):
            shutil.rmtree(stale, ignore_errors=True)

        stderr = self._pipeline(playbook, timeout)
        return self._collect(stderr)

    def _pipeline(self, playbook, timeout):
        runner = str(VENV_BIN / 'ansible-runner')
        # A small, explicit environment: the worker must find ansible-playbook and the
        # venv's Python, and nothing of the calling shell should leak into the artifacts.
        env = {
            'PATH': os.pathsep.join([str(VENV_BIN), '/usr/local/bin', '/usr/bin', '/bin']),
            'HOME': os.environ.get('HOME', '/root'),
            'LANG': 'C.UTF-8',
            'LC_ALL': 'C.UTF-8',
        }
        stderr_path = self.base_dir / 'pipeline.stderr'
        with open(stderr_path, 'wb') as stderr:
            transmit = subprocess.Popen(  # pylint: disable=consider-using-with
                [runner, 'transmit', str(self.private_data_dir), '-p', playbook, '--ident', self.ident],
                stdout=subprocess.PIPE, stderr=stderr, env=env)
            worker = subprocess.Popen(  # pylint: disable=consider-using-with
                [runner, 'worker', '--private-data-dir', str(self.worker_dir)],
                stdin=transmit.stdout, stdout=subprocess.PIPE, stderr=stderr, env=env)
            transmit.stdout.close()
            process = subprocess.Popen(  # pylint: disable=consider-using-with
                [runner, 'process', str(self.process_dir), '--ident', self.ident],
                stdin=worker.stdout, stdout=subprocess.DEVNULL, stderr=stderr, env=env)
            worker.stdout.close()
            try:
                for step in (process, worker, transmit):
                    step.wait(timeout=timeout)
            finally:
                for step in (transmit, worker, process):
                    if step.poll() is None:
                        step.kill()
                        step.wait()
        return stderr_path.read_text(encoding='utf-8', errors='replace')

    def _collect(self, pipeline_stderr):
        artifacts = self.artifacts_dir()
        status = (artifacts / 'status').read_text(encoding='utf-8').strip() if (artifacts / 'status').exists() else 'missing'
        rc_text = (artifacts / 'rc').read_text(encoding='utf-8').strip() if (artifacts / 'rc').exists() else ''
        events = []
        events_dir = artifacts / 'job_events'
        if events_dir.is_dir():
            for path in events_dir.glob('*.json'):
                events.append(json.loads(path.read_text(encoding='utf-8')))
        events.sort(key=lambda event: event.get('counter', 0))
        stdout = (artifacts / 'stdout').read_text(encoding='utf-8', errors='replace') if (artifacts / 'stdout').exists() else ''
        stats = {}
        for event in events:
            if event['event'] == 'playbook_on_stats':
                stats = event['event_data']
        return JobResult(status=status, rc=int(rc_text) if rc_text.lstrip('-').isdigit() else -1, events=events,
                         stdout=stdout, process_dir=self.process_dir, worker_dir=self.worker_dir,
                         private_data_dir=self.private_data_dir, base_dir=self.base_dir, ident=self.ident,
                         pipeline_stderr=pipeline_stderr, stats=stats)

    def artifacts_dir(self):
        # `process` writes the artifacts straight into <dir>/artifacts (no ident level).
        direct = self.process_dir / 'artifacts'
        nested = direct / self.ident
        return nested if (nested / 'status').exists() else direct


# What the worker unpacks from the private data dir: the job's input (inventory, credential
# env and files, extra vars, project, collection), copies of what AWX sent, not output.
WORKER_INPUTS = ('inventory', 'env', 'project', REQUIREMENTS_COLLECTIONS)


def environment_artifacts(job):
    """Output files that hold the job's environment by design, secrets included.

    ansible-runner writes the whole environment into the `command` artifact, on the worker
    and again on the process side; AWX keeps it out of the job's events and stdout. A
    secret there is expected; a secret in any other output is a leak.
    """
    return {
        job.process_dir / 'artifacts' / 'command',
        job.process_dir / 'artifacts' / job.ident / 'command',
        job.worker_dir / 'artifacts' / job.ident / 'command',
    }


def find_secret_leaks(job, secrets):
    """Every (file, secret label) where a secret appears in the job's output.

    Output is everything `process` wrote (job events, stdout, status, artifacts), the
    worker's artifacts and anything else it left beside its inputs (WORKER_INPUTS), and
    the pipeline's stderr; environment_artifacts() are exempt. Secrets are searched as raw
    text and JSON-escaped.
    """
    allowed = environment_artifacts(job)
    needles = {}
    for label, secret in secrets.items():
        forms = {secret, json.dumps(secret)[1:-1]}
        needles[label] = [form.encode('utf-8') for form in forms if form]
    scanned = [job.base_dir / 'pipeline.stderr']
    if job.process_dir.is_dir():
        scanned.extend(path for path in job.process_dir.rglob('*') if path.is_file())
    if job.worker_dir.is_dir():
        for child in job.worker_dir.iterdir():
            if child.name in WORKER_INPUTS:
                continue
            scanned.extend([child] if child.is_file() else (path for path in child.rglob('*') if path.is_file()))
    leaks = []
    for path in sorted(set(scanned)):
        if path in allowed or not path.is_file():
            continue
        data = path.read_bytes()
        for label, forms in needles.items():
            if any(form in data for form in forms):
                leaks.append((str(path.relative_to(job.base_dir)), label))
    return leaks


def strip_credentials(inventory_path):
    """The simulator's inventory without its credentials, which the AWX credential supplies.

    AWX inventories name the routers; user name and password come from the credential, so
    the test removes them to prove the injected environment alone is enough.
    """
    inventory = yaml.safe_load(Path(inventory_path).read_text(encoding='utf-8'))
    for group in inventory['all'].get('children', {}).values():
        for host_vars in (group.get('hosts') or {}).values():
            for name in ('routeros_username', 'routeros_password', 'routeros_tls', 'routeros_ca_path'):
                host_vars.pop(name, None)
    return inventory
