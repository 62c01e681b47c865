"""The simulator's command tree equals the real `/console/inspect` trees, version by version.

The real trees are vendored in routeros_sim/data/inspect_trees.json (tools/vendor_inspect.py
regenerates it from the full dumps); nothing here reads outside the repository. Any
difference must be listed in KNOWN_DIFFERENCES with a reason; anything else fails.
"""

import pytest

from routeros_sim import inspect_data
from routeros_sim.inspect_data import real_tree
from routeros_sim.model.versions import INSPECTED_MENUS, INSPECTED_RELEASES, command_tree
from routeros_sim.router import CommandError, Router

MENUS = (
    '/system/resource', '/system/identity', '/system/package', '/system/device-mode',
    '/container', '/container/config', '/container/envs', '/container/mounts', '/container/log',
    '/interface/veth', '/interface/bridge', '/interface/bridge/port', '/interface/list',
    '/interface/list/member', '/ip/address', '/ip/firewall/nat', '/ip/firewall/filter', '/ip/service',
    '/system/scheduler', '/system/script',
)

# (version, menu, command) -> why the simulator differs from the real tree. Empty today:
# a difference that creeps in must be either fixed or explained here.
KNOWN_DIFFERENCES: dict[tuple[str, str, str], str] = {}


def test_vendored_trees_cover_every_release_and_menu():
    data = inspect_data.load()
    assert tuple(data['versions']) == INSPECTED_RELEASES
    assert tuple(data['menus']) == MENUS and set(INSPECTED_MENUS) == set(MENUS)
    assert 'tikoci/restraml' in data['about'] and 'tools/vendor_inspect.py' in data['about']
    for version in INSPECTED_RELEASES:
        tree = real_tree(version)
        # /container/log first shipped in 7.20; every other menu is in every release.
        expected = set(MENUS) - ({'/container/log'} if version < '7.20' else set())
        assert set(tree) == expected, version
        for menu, verbs in tree.items():
            assert 'print' in verbs and all(isinstance(arg, str) and arg for args in verbs.values() for arg in args), menu


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


@pytest.mark.parametrize('version', INSPECTED_RELEASES)
def test_command_tree_matches_real_router(version):
    unexplained = {key: text for key, text in differences(version).items() if key not in KNOWN_DIFFERENCES}
    assert not unexplained, '\n'.join(unexplained.values())


def test_every_known_difference_still_exists():
    """An explained difference that was fixed must leave the list, or the list rots."""
    current = {}
    for version in INSPECTED_RELEASES:
        current.update(differences(version))
    stale = [key for key in KNOWN_DIFFERENCES if key not in current]
    assert not stale


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
