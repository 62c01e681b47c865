"""execution-environment.yml: the build context ansible-builder makes from it, and what the
real build will find when it introspects the installed collection.

The image build itself needs podman or docker; `ansible-builder create` and
`ansible-builder introspect` need neither and run offline.

Run: .venv/bin/python -m pytest tests/system/test_execution_environment.py -q
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
EE_FILE = REPO_ROOT / 'execution-environment.yml'
# What a collection tarball ships; building from a copy of only these keeps the test fast
# and independent of whatever else lies in the work tree.
COLLECTION_CONTENT = ('galaxy.yml', 'meta', 'plugins', 'roles', 'playbooks', 'README.md', 'LICENSE', 'requirements.txt')
PYTHON_LIBRARIES = ('librouteros', 'netaddr')


@pytest.fixture(autouse=True, scope='module')
def ansible_builder_installed():
    """requirements-dev.txt names it: missing is a broken venv, not a skip."""
    if not (VENV_BIN / 'ansible-builder').exists():
        pytest.fail('ansible-builder is not installed in %s (make venv installs it)' % VENV_BIN)


def run(command, cwd):
    completed = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=300, check=False)
    assert completed.returncode == 0, '%s failed (%d):\n%s\n%s' % (command[:2], completed.returncode, completed.stdout, completed.stderr)
    return completed.stdout


def requirement_names(text):
    names = set()
    for line in text.splitlines():
        line = line.split('#', 1)[0].strip()
        if line:
            names.add(line.split(';')[0].split('[')[0].split('<')[0].split('>')[0].split('=')[0].split('~')[0].split('!')[0].strip().lower())
    return names


@pytest.fixture(scope='module')
def collection_tarball(tmp_path_factory):
    if not (REPO_ROOT / 'galaxy.yml').exists():
        pytest.fail('galaxy.yml is missing: the collection cannot be built')
    source = tmp_path_factory.mktemp('collection') / 'containers'
    source.mkdir()
    ignore = shutil.ignore_patterns('__pycache__', '*.pyc')
    for name in COLLECTION_CONTENT:
        path = REPO_ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=ignore)
        elif path.is_file():
            shutil.copy2(path, source / name)
    output = tmp_path_factory.mktemp('dist')
    run([VENV_BIN / 'ansible-galaxy', 'collection', 'build', source, '--output-path', output], cwd=output)
    (built,) = output.glob('routeros_fleet-containers-*.tar.gz')
    return built


@pytest.fixture(scope='module')
def build_context(tmp_path_factory, collection_tarball):
    """`ansible-builder create` on a copy of the repository's EE file, laid out as documented."""
    workdir = tmp_path_factory.mktemp('ee')
    shutil.copy2(EE_FILE, workdir / EE_FILE.name)
    definition = yaml.safe_load(EE_FILE.read_text(encoding='utf-8'))
    python_requirements = definition['dependencies'].get('python')
    if isinstance(python_requirements, str):
        shutil.copy2(REPO_ROOT / python_requirements, workdir / python_requirements)
    for entry in definition.get('additional_build_files', []):
        # The documented step: the built tarball under a version-free name.
        target = workdir / entry['src']
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(collection_tarball, target)
    run([VENV_BIN / 'ansible-builder', 'create', '-f', workdir / EE_FILE.name, '-c', workdir / 'context',
         '--output-filename', 'Containerfile'], cwd=workdir)
    return workdir / 'context'


def test_definition_is_version_3():
    definition = yaml.safe_load(EE_FILE.read_text(encoding='utf-8'))
    assert definition['version'] == 3
    assert set(definition['dependencies']) >= {'ansible_core', 'ansible_runner', 'galaxy', 'python'}


def test_context_names_the_python_libraries(build_context):
    requirements = build_context / '_build' / 'requirements.txt'
    assert requirements.exists(), sorted(str(path.relative_to(build_context)) for path in build_context.rglob('*'))
    names = requirement_names(requirements.read_text(encoding='utf-8'))
    for library in PYTHON_LIBRARIES:
        assert library in names, '%s missing from the build context requirements: %s' % (library, sorted(names))


def test_context_installs_the_collection(build_context):
    containerfile = (build_context / 'Containerfile').read_text(encoding='utf-8')
    assert 'ansible-galaxy collection install' in containerfile
    assert (build_context / '_build' / 'collections' / 'routeros_fleet-containers.tar.gz').exists()
    galaxy = yaml.safe_load((build_context / '_build' / 'requirements.yml').read_text(encoding='utf-8'))
    (collection,) = galaxy['collections']
    assert collection['type'] == 'file'
    assert collection['name'] == '/build/collections/routeros_fleet-containers.tar.gz'
    assert 'python3.11' in containerfile


def test_installed_collection_declares_its_python_libraries(tmp_path, collection_tarball):
    """What the image build's introspection step will find in the installed collection."""
    collections = tmp_path / 'collections'
    run([VENV_BIN / 'ansible-galaxy', 'collection', 'install', collection_tarball, '-p', collections, '--no-deps'], cwd=tmp_path)
    written = tmp_path / 'introspected.txt'
    run([VENV_BIN / 'ansible-builder', 'introspect', collections, '--write-pip', written], cwd=tmp_path)
    text = written.read_text(encoding='utf-8')
    names = requirement_names(text)
    for library in PYTHON_LIBRARIES:
        assert library in names, '%s is not declared by the collection (meta/execution-environment.yml): %s' % (library, text)
    assert 'routeros_fleet.containers' in text
