# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The container options, declared once: ``CONTAINER_OPTIONS`` below.

Each row is one option: its argument spec entry, the ``/container`` property that carries it
on each RouterOS version (``ros`` steps, as in tables.py), its documentation, whether
container_info returns it, and the compose key it comes from. Everything else is made from
the rows: ``CONTAINER`` (the /container object type) and ``argument_spec()`` here, at import
time; the option blocks of the modules' DOCUMENTATION and RETURN and of the deploy role's
``argument_specs.yml`` by ``tools/generate_options.py`` (a unit test fails when they are stale).
As in community.docker, an option comes with its comparison: its field's ``kind`` names the
normaliser (normalize.py) that gives the canonical value both sides are compared in.

Every ``ros`` step is checked against the real ``/console/inspect`` trees of 7.15 to 7.24 by
tests/unit/plugins/module_utils/_schema/test_container_menu.py.
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import Field, ObjectType

MENU = '/container'

# The modules an option belongs to. A stack sets interface, envlist and mountlist itself.
CONTAINER_MODULE = 'container'
STACK = 'stack'
BOTH = (CONTAINER_MODULE, STACK)


def _lines(doc):
    """Documentation as a tuple of paragraphs (one string is one paragraph)."""
    if doc is None:
        return None
    return (doc,) if isinstance(doc, str) else tuple(doc)


class Option(object):
    """One container option.

    ``spec`` is the argument spec entry (type, elements, default, choices, no_log, required).
    ``ros``/``kind``/``field_default`` make the option's Field (named ``field_name``, default the
    option's name): the /container property, per version, that holds the value. ``routed``: the
    value reaches its field through code of its own (options.py), not copied one to one.
    ``info``: container_info returns it under ``options``. ``compose``: the compose key it is
    made from; ``compose_text``: copied as text. ``recreates``: a different value is a different
    root file system, so the container is replaced, never set. ``stack`` overrides the spec for
    the stack's container entries (``stack_doc`` the documentation); ``info_doc`` documents what
    container_info returns where that differs from what the option takes.
    """

    __slots__ = ('name', 'spec', 'doc', 'field', 'suboptions', 'modules', 'routed', 'info', 'compose', 'compose_text',
                 'recreates', 'stack', 'stack_doc', 'info_doc')

    def __init__(self, name, spec, doc, ros=None, kind='str', field_default=None, field_name=None, suboptions=(),
                 modules=BOTH, routed=False, info=False, compose=None, compose_text=False, recreates=False, stack=None,
                 stack_doc=None, info_doc=None):
        self.name = name
        self.spec = spec
        self.doc = _lines(doc)
        self.field = None if ros is None else Field(field_name or name, ros, kind=kind, default=field_default)
        self.suboptions = tuple(suboptions)
        self.modules = modules
        self.routed = routed
        self.info = info or self.plain
        self.compose = compose
        self.compose_text = compose_text
        self.recreates = recreates
        self.stack = stack or {}
        self.stack_doc = _lines(stack_doc)
        self.info_doc = _lines(info_doc)

    @property
    def plain(self):
        """Copied one to one onto the /container field of the same name (and shown back so)."""
        return self.field is not None and self.field.name == self.name and not self.routed

    @property
    def fields(self):
        """The /container fields this option fills: its own, or its suboptions'."""
        if self.field is not None:
            return [self.field]
        return [option.field for option in self.suboptions if option.field is not None]

    def spec_for(self, module):
        """The argument spec entry for ``module`` (suboptions included)."""
        spec = dict(self.spec)
        if module == STACK:
            spec.update(self.stack)
        if self.suboptions:
            spec['options'] = dict((option.name, option.spec_for(module)) for option in self.suboptions)
        return spec

    def doc_for(self, module):
        return self.stack_doc if module == STACK and self.stack_doc else self.doc

    def __repr__(self):
        return 'Option(%r)' % self.name


_HEALTHCHECK = (
    Option('test', dict(type='raw'), 'The command, a string or a list such as C([CMD, curl, -f, http://localhost/]) or '
           'C([CMD-SHELL, "..."]).', field_name='healthcheck_cmd', ros=(('7.22', 'healthcheck-cmd'),)),
    Option('interval', dict(type='str'), 'Time between checks, for example C(30s).',
           field_name='healthcheck_interval', ros=(('7.22', 'healthcheck-interval'),), kind='duration'),
    Option('timeout', dict(type='str'), 'How long one check may take.',
           field_name='healthcheck_timeout', ros=(('7.22', 'healthcheck-timeout'),), kind='duration'),
    Option('retries', dict(type='int'), 'Failed checks in a row before the container counts as unhealthy.',
           field_name='healthcheck_retries', ros=(('7.22', 'healthcheck-retries'),), kind='int'),
    Option('start_period', dict(type='str'), 'Grace period after the start.',
           field_name='healthcheck_start_period', ros=(('7.22', 'healthcheck-start-period'),), kind='duration'),
    Option('start_interval', dict(type='str'), 'Time between checks during the start period.',
           field_name='healthcheck_start_interval', ros=(('7.22', 'healthcheck-start-interval'),), kind='duration'),
)

# The table. A bare Field is a /container property no option writes (an emulation's, or printed state).
CONTAINER_OPTIONS = (
    # Before 7.19 `name` exists but is a read-only UUID the router picks; we then identify our
    # containers by the ownership marker in `comment` (see _engine/resources/container.find_container).
    Option('name', dict(type='str', required=True), (
        "The container's name. On RouterOS 7.19+ this is the router's C(name); before, it is kept in the ownership "
        "marker in C(comment).",
    ), ros=(('7.19', 'name'),), routed=True, info=True, compose='container_name', stack_doc=(
        "The container's name (letters, digits, C(_ . -), up to 63); also names its env list, mount list and its veth "
        "(C(veth-<name>), or for names of 11 characters or more C(veth-<first 5>-<4 hex>), stable across runs).",
    )),
    # Compared through normalize.normalize_image with the router's registry-url, not as text.
    Option('image', dict(type='str'), (
        'Remote image reference, for example C(nginx), C(nginx:1.27-alpine) or C(ghcr.io/owner/image:tag).',
        "A reference without a registry uses the router's C(/container/config registry-url).",
        'Exactly one of O(image) and O(file) is required unless O(state=absent).',
    ), ros='remote-image', recreates=True, compose='image', stack_doc=(
        'Remote image reference, for example C(pihole/pihole:2024.07.0) or C(ghcr.io/owner/image:tag).',
        "A reference without a registry uses the router's C(/container/config registry-url).",
        'Required unless O(file) is given.',
    )),
    Option('file', dict(type='str'), "A single-platform image tarball already on the router's disk, for example "
           "C(usb1/pihole.tar).", ros='file', kind='path', recreates=True),
    Option('state', dict(type='str', default='started', choices=['started', 'stopped', 'present', 'absent']), (
        'V(started) creates the container if needed and makes sure it runs (also after it was stopped by hand).',
        'V(stopped) creates it if needed and makes sure it does not run.',
        'V(present) creates it if needed without starting it; a running container keeps running.',
        'V(absent) stops the container, waits until it has stopped, and removes it.',
    ), info=True, info_doc='V(started) when the container runs, else V(stopped).',
        stack=dict(choices=['started', 'stopped', 'present']), stack_doc=(
        'V(started) creates the container if needed and makes sure it runs (also after it was stopped by hand).',
        'V(stopped) creates it if needed and makes sure it does not run.',
        'V(present) creates it if needed without starting it; a running container keeps running.',
        'A container no longer listed is removed (with O(prune=true)).',
    )),
    Option('interface', dict(type='list', elements='str'), 'The veth interface(s) of the container. Several need RouterOS '
           '7.20 or later.', ros='interface', kind='list', modules=(CONTAINER_MODULE,)),
    Option('envlist', dict(type='list', elements='str'), 'Names of existing env lists (C(/container/envs)). Several need '
           'RouterOS 7.20 or later.', ros=(('7.15', 'envlist'), ('7.20', 'envlists')), kind='list', modules=(CONTAINER_MODULE,)),
    Option('env', dict(type='dict'), (
        'Environment variables as a dict. The module keeps them in an env list of its own, named after the container, '
        'and removes keys it added that are no longer listed. Joins the lists in O(envlist).',
    ), compose='environment', stack_doc=(
        'Environment variables (string values), kept in an env list named after the container; keys no longer listed '
        'are removed.',
    )),
    Option('secret_env', dict(type='list', elements='str', default=[], no_log=False),
           'Keys of O(env) whose values never appear in output or diffs.'),
    # Before 7.21 `mounts` names /container/mounts rows; from 7.21 it names mount lists.
    Option('mountlist', dict(type='list', elements='str'), 'Names of existing mount lists (before RouterOS 7.21, the '
           'names of C(/container/mounts) entries).', ros=(('7.15', 'mounts'), ('7.21', 'mountlists')), kind='list',
           modules=(CONTAINER_MODULE,)),
    Option('mounts', dict(type='list', elements='raw'), (
        'Mounts as C(SRC:DST) or C(SRC:DST:ro) strings, or dicts with C(src), C(dst) and C(read_only). The module keeps '
        'them in a mount list of its own, named after the container.',
        'Read-only mounts need RouterOS 7.20 or later.',
    ), compose='volumes', stack_doc=(
        'Mounts as C(router/path:/container/path[:ro]) strings or C({src, dst, read_only}) mappings, kept in a mount '
        'list named after the container.',
        'Read-only mounts need RouterOS 7.20 or later.',
    )),
    Option('ports', dict(type='list', elements='raw'), (
        "Published ports in docker's short syntax (C(8080:80), C(53:53/udp), C(10.0.0.1:8080:80)) or compose's long "
        "syntax (C({published, target, protocol, host_ip})); a range maps only onto the same range.",
    ), modules=(STACK,), compose='ports'),
    Option('address', dict(type='str'), "The container's address in the subnet; by default one is derived from the name "
           "and kept once given.", modules=(STACK,)),
    Option('veth', dict(type='str'), "The veth's name (at most 15 characters); default C(veth-<name>).", modules=(STACK,)),
    Option('cmd', dict(type='str'), 'The command (arguments of the entrypoint).', ros='cmd', compose='command'),
    Option('entrypoint', dict(type='str'), "The entrypoint, replacing the image's.", ros='entrypoint', compose='entrypoint'),
    Option('workdir', dict(type='str'), 'The working directory inside the container.', ros='workdir',
           compose='working_dir', compose_text=True),
    Option('user', dict(type='str'), 'The user (and group, C(uid:gid)) the process runs as.', ros='user',
           compose='user', compose_text=True),
    # Not `hostname`: that option names the router to connect to (connection doc fragment).
    Option('container_hostname', dict(type='str'), 'The host name inside the container (RouterOS C(hostname)). Named so '
           'because O(hostname) is the router to connect to.', ros='hostname', compose='hostname', compose_text=True),
    Option('domain_name', dict(type='str'), "The container's domain name.", ros='domain-name',
           compose='domainname', compose_text=True),
    Option('dns', dict(type='list', elements='str'), 'DNS servers for the container.', ros='dns', kind='list', compose='dns'),
    Option('hosts', dict(type='list', elements='str'), 'Extra C(/etc/hosts) entries, C(name:address). Needs RouterOS 7.21 '
           'or later.', ros=(('7.21', 'hosts'),), kind='list'),
    Option('root_dir', dict(type='str'), "Where the container's root file system lives, for example C(usb1/pihole). "
           "Changing it replaces the container.", ros='root-dir', kind='path', recreates=True),
    Option('layer_dir', dict(type='str'), 'Where image layers are kept for this container. Needs RouterOS 7.21 or later. '
           'Changing it replaces the container.', ros=(('7.21', 'layer-dir'),), kind='path', recreates=True),
    Option('logging', dict(type='bool'), "Whether the container's output goes to the router's log.",
           ros='logging', kind='bool', field_default=False),
    Option('start_on_boot', dict(type='bool'), 'Whether the router starts the container when it boots.',
           ros='start-on-boot', kind='bool', field_default=False),
    # Sent as a number; recent releases print it named (`15-SIGTERM`): compared as numbers.
    Option('stop_signal', dict(type='str'), 'The signal that stops the container, as RouterOS accepts it (for example '
           'C(15)).', ros='stop-signal', kind='signal', compose='stop_signal', compose_text=True),
    Option('stop_time', dict(type='str'), 'How long to wait after the stop signal before killing the process, for example '
           'C(10s). Needs RouterOS 7.21 or later.', ros=(('7.21', 'stop-time'),), kind='duration',
           compose='stop_grace_period', compose_text=True),
    Option('memory_high', dict(type='str'), 'Memory soft limit, for example C(256M) or C(unlimited). Needs RouterOS 7.20 '
           'or later.', ros=(('7.20', 'memory-high'),), kind='size'),
    Option('memory_max', dict(type='str'), 'Memory hard limit. Needs RouterOS 7.23 or later.',
           ros=(('7.23', 'memory-max'),), kind='size', compose='mem_limit', compose_text=True),
    Option('swap_max', dict(type='str'), 'Swap the container may use, for example C(512M). Needs RouterOS 7.24 or later.',
           ros=(('7.24', 'swap-max'),), kind='size'),
    Option('cpu_list', dict(type='str'), 'CPUs the container may use, for example C(0-1). Needs RouterOS 7.21 or later.',
           ros=(('7.21', 'cpu-list'),)),
    Option('devices', dict(type='list', elements='str'), 'Host devices passed into the container. Needs RouterOS 7.20 or '
           'later.', ros=(('7.20', 'devices'),), kind='list', compose='devices'),
    Option('shm_size', dict(type='str'), 'Size of C(/dev/shm). Needs RouterOS 7.21.2 or later.',
           ros=(('7.21', 'shm-size'),), kind='size', compose='shm_size', compose_text=True),
    Option('tmpfs', dict(type='list', elements='str'), 'tmpfs mounts inside the container. Needs RouterOS 7.21.2 or later.',
           ros=(('7.21', 'tmpfs'),), kind='list', compose='tmpfs'),
    Option('check_certificate', dict(type='bool'), "Verify the registry's TLS certificate when pulling O(image). Needs "
           "RouterOS 7.20 or later.", ros=(('7.20', 'check-certificate'),), kind='bool'),
    Option('privileged', dict(type='bool'), (
        "Run the container with all capabilities and access to the router's devices. Needs RouterOS 7.24 or later.",
        "Not given means the router's setting is left as it is.",
    ), ros=(('7.24', 'privileged'),), kind='bool', field_default=False, compose='privileged'),
    Option('healthcheck', dict(type='dict'), 'A health check as in community.docker.docker_container. Needs RouterOS 7.22 '
           'or later, unless O(healthcheck_emulation=ignore).', suboptions=_HEALTHCHECK, info=True, compose='healthcheck'),
    Option('healthcheck_emulation', dict(type='str', default='fail', choices=['fail', 'ignore']), (
        'What to do with O(healthcheck) on RouterOS before 7.22, which has no health checks.',
        'V(fail) refuses the task before any change; V(ignore) deploys without the check and warns.',
    )),
    # 7.20-7.22 only know "restart after this pause"; restart_policy is emulated with it there.
    Field('auto_restart_interval', ros=(('7.20', 'auto-restart-interval'), ('7.23', None)), kind='duration'),
    Option('restart_policy', dict(type='str', choices=['no', 'always', 'on-failure']), (
        'Whether the router restarts the container when it stops. Native from RouterOS 7.23.',
        'On 7.20 to 7.22 V(always) and V(on-failure) are emulated with C(auto-restart-interval) (the router then restarts '
        'a stopped container after O(restart_interval), whatever the exit code). Before 7.20 only V(no).',
    ), ros=(('7.23', 'restart-policy'),), routed=True, info=True, compose='restart'),
    Option('restart_interval', dict(type='str'), 'Pause before a restart, for example C(10s) (the default on 7.20 to 7.22).',
           ros=(('7.23', 'restart-interval'),), kind='duration', routed=True, info=True),
    Option('restart_retries', dict(type='int'), 'Restarts before giving up. Needs RouterOS 7.23 or later.',
           field_name='restart_max_count', ros=(('7.23', 'restart-max-count'),), kind='int', routed=True, info=True),
    Option('stop_on_unhealthy', dict(type='bool'), 'Stop the container when its O(healthcheck) reports it unhealthy. Needs '
           'RouterOS 7.23 or later.', ros=(('7.23', 'stop-on-unhealthy'),), kind='bool'),
    Option('pull', dict(type='str', default='missing', choices=['missing', 'always']), (
        'V(missing) pulls the image only when the container is created or its image changes.',
        'V(always) pulls the image again on every run (replacing the container safely, see O(rollback)), so that a moved '
        'tag such as C(latest) is picked up; the task then always reports a change.',
    )),
    Option('recreate', dict(type='bool', default=False), 'Replace the container even if nothing differs.'),
    Option('restart', dict(type='bool', default=False), 'Stop and start a running container even if nothing differs.'),
    Option('wait_timeout', dict(type='str', default='5m'), 'How long each step (pull, start, stop) may take, for example '
           'C(300), C(5m) or C(90s).'),
    Option('rollback', dict(type='bool', default=True), (
        'Keep the old container running until the new image is pulled, and leave it untouched when the pull fails.',
        'V(false) removes the old container first, which needs less disk space.',
    )),
    Option('comment', dict(type='str'), "A comment on the container; the module's ownership marker is kept after it.",
           ros='comment', field_default='', routed=True, info=True),
)

# Printed state, never sent: asked for in every print so that container_status.py can read whichever form
# this version uses (a proplist naming a property the version lacks costs nothing).
STATE_FIELDS = tuple(Field(name, ros=ros_name, read_only=True) for name, ros_name in (
    ('uuid', (('7.15', 'name'), ('7.19', None))),
    ('status', 'status'), ('tag', 'tag'), ('repo', 'repo'), ('about', '.about'),
    ('running', 'running'), ('stopped', 'stopped'), ('starting', 'starting'), ('stopping', 'stopping'),
    ('extracting', 'extracting'), ('downloading_extracting', 'downloading/extracting'),
    ('download_extract_failed', 'download/extract failed'), ('error', 'error'),
    ('healthy', 'healthy'), ('unhealthy', 'unhealthy'), ('healthcheck_status', 'healthcheck-status'),
    ('os', 'os'), ('arch', 'arch'),
))

OPTIONS = tuple(row for row in CONTAINER_OPTIONS if isinstance(row, Option))
OPTIONS_BY_NAME = dict((option.name, option) for option in OPTIONS)


def _table_fields():
    for row in CONTAINER_OPTIONS:
        if isinstance(row, Field):
            yield row
        else:
            yield from row.fields


# /container start and stop take `.id` (or `number`), not the `numbers` other menus take.
CONTAINER = ObjectType('container', MENU, identity=('name',), fields=tuple(_table_fields()) + STATE_FIELDS, row_argument='.id')

# Changing one of these means a different root filesystem: the container is replaced, never set.
RECREATE_FIELDS = tuple(option.field.name for option in OPTIONS if option.recreates)

# Options copied one to one onto the field of their name (validated by its kind, shown back by it).
PLAIN_OPTIONS = tuple(option.name for option in OPTIONS if option.plain)

# healthcheck's suboptions and the fields they fill: (suboption, field name).
HEALTHCHECK_FIELDS = tuple((option.name, option.field.name) for option in OPTIONS_BY_NAME['healthcheck'].suboptions)


def options_of(module):
    """The options ``module`` (CONTAINER_MODULE or STACK) takes, in table order."""
    return tuple(option for option in OPTIONS if module in option.modules)


def argument_spec(module):
    """The argument spec of ``module``'s container options (the stack: of one container entry)."""
    return dict((option.name, option.spec_for(module)) for option in options_of(module))


# compose key -> container option, for the keys whose value is copied as text.
COMPOSE_TEXT_KEYS = dict((option.compose, option.name) for option in OPTIONS if option.compose_text)


def versioned_compose_options(oldest):
    """Container option -> (compose key, the field whose existence on a version decides), for the
    options a compose file may set that RouterOS ``oldest`` lacks."""
    versioned = {}
    for option in OPTIONS:
        if option.compose is None or option.routed or not option.fields:
            continue
        field = option.fields[0]
        if field.first_version() > oldest:
            versioned[option.name] = (option.compose, field.name)
    return versioned


def containers_have_names(version):
    """Whether containers have a settable ``name`` on ``version`` (7.19+); before, the name is a
    read-only UUID and ours are found by their marker. Read from the ``name`` field's steps."""
    return CONTAINER.resolve(version).has('name')
