"""The simulator's command tree equals the real `/console/inspect` trees, version by version.

Reads /work/shared/routeros-inspect (../shared/routeros-inspect beside the repo, or
$ROUTEROS_INSPECT_DIR); skips with the reason when the folder is absent. Any difference must
be listed in KNOWN_DIFFERENCES with a reason; anything else fails.
"""

import json
import os

import pytest

from routeros_sim.model.versions import INSPECTED_RELEASES, command_tree
from routeros_sim.router import CommandError, Router

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
INSPECT_DIR = os.environ.get('ROUTEROS_INSPECT_DIR',
                             os.path.join(os.path.dirname(REPO_ROOT), 'shared', 'routeros-inspect'))

MENUS = (
    '/system/resource', '/system/identity', '/system/package', '/system/device-mode',
    '/container', '/container/config', '/container/envs', '/container/mounts', '/container/log',
    '/interface/veth', '/interface/bridge', '/interface/bridge/port', '/interface/list',
    '/interface/list/member', '/ip/address', '/ip/firewall/nat', '/ip/firewall/filter',
    '/system/scheduler', '/system/script',
)

# (version, menu, command) -> why the simulator differs from the real tree. Empty today:
# a difference that creeps in must be either fixed or explained here.
KNOWN_DIFFERENCES: dict[tuple[str, str, str], str] = {}

needs_dumps = pytest.mark.skipif(not os.path.isdir(INSPECT_DIR),
                                 reason=f'inspect dumps not found at {INSPECT_DIR} (set ROUTEROS_INSPECT_DIR)')


def real_tree(version):
    with open(os.path.join(INSPECT_DIR, f'{version}.json'), encoding='utf-8') as handle:
        menus = json.load(handle)['menus']
    tree = {}
    for menu in MENUS:
        node = _lookup(menus, menu)
        if node is None:
            continue
        tree[menu] = {verb: frozenset(arg for arg in spec if not arg.startswith('_'))
                      for verb, spec in node.items()
                      if isinstance(spec, dict) and spec.get('_type') == 'cmd'}
    return tree


def _lookup(menus, path):
    """The dump's top-level keys are menus such as '/interface/bridge'; walk below them."""
    parts = path.strip('/').split('/')
    for top in sorted(menus, key=len, reverse=True):
        top_parts = top.strip('/').split('/')
        if parts[:len(top_parts)] == top_parts:
            node = menus[top]
            for part in parts[len(top_parts):]:
                node = node.get(part)
                if not isinstance(node, dict):
                    return None
            return node
    return None


def differences(version):
    real = real_tree(version)
    ours = command_tree(version)
    found = {}
    for menu in MENUS:
        real_verbs, our_verbs = real.get(menu, {}), ours.get(menu, {})
        for verb in set(real_verbs) | set(our_verbs):
            if verb not in real_verbs or verb not in our_verbs:
                where = 'real router' if verb in real_verbs else 'simulator'
                found[(version, menu, verb)] = f'{version} {menu} {verb}: only the {where} has it'
            elif real_verbs[verb] != our_verbs[verb]:
                found[(version, menu, verb)] = (
                    f'{version} {menu} {verb}: simulator lacks {sorted(real_verbs[verb] - our_verbs[verb])},'
                    f' has extra {sorted(our_verbs[verb] - real_verbs[verb])}')
    return found


@needs_dumps
@pytest.mark.parametrize('version', INSPECTED_RELEASES)
def test_command_tree_matches_real_router(version):
    unexplained = {key: text for key, text in differences(version).items() if key not in KNOWN_DIFFERENCES}
    assert not unexplained, '\n'.join(unexplained.values())


@needs_dumps
def test_every_known_difference_still_exists():
    """An explained difference that was fixed must leave the list, or the list rots."""
    current = {}
    for version in INSPECTED_RELEASES:
        current.update(differences(version))
    stale = [key for key in KNOWN_DIFFERENCES if key not in current]
    assert not stale


@needs_dumps
@pytest.mark.parametrize('version', INSPECTED_RELEASES)
def test_router_refuses_arguments_the_version_lacks(version):
    """Every argument some other version's `add` takes but this one's lacks is refused by name."""
    real = real_tree(version)
    router = Router(version=version)
    for menu in ('/container', '/container/envs', '/container/mounts', '/interface/veth'):
        all_versions = set().union(*(real_tree(v).get(menu, {}).get('add', frozenset()) for v in INSPECTED_RELEASES))
        for argument in sorted(all_versions - real[menu]['add']):
            with pytest.raises(CommandError) as trap:
                router.execute(menu, 'add', {argument: 'x'})
            assert trap.value.message == f'unknown parameter {argument}', (version, menu, argument)


@needs_dumps
@pytest.mark.parametrize('version', ['7.15.3', '7.20.8', '7.24'])
def test_router_knows_every_real_command(version):
    router = Router(version=version)
    for menu, verbs in real_tree(version).items():
        for verb in verbs:
            assert verb in router.tree[menu], (menu, verb)


@pytest.mark.parametrize('version, expected', [
    ('7.15.0', '7.15.3'), ('7.15.3', '7.15.3'), ('7.21.0', '7.20.8'), ('7.21.5', '7.21.5'),
    ('7.23.9', '7.23.3'), ('7.24', '7.24'), ('7.25.1', '7.24'),
])
def test_versions_between_dumps_take_the_nearest_lower_tree(version, expected):
    assert command_tree(version) == command_tree(expected)
