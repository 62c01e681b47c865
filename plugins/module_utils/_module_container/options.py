# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The container options: argument spec, validation, and mapping to one router's version.

Two steps, so that the stack module can validate a whole deployment before it connects:

* ``validate(params)`` is pure: it checks and normalises the options into a ``ContainerSpec``
  of canonical field values (names as in _schema/container.CONTAINER) plus the lifecycle settings.
* ``for_version(spec, version, host)`` maps the spec onto one RouterOS version: it raises a
  ``SpecError`` naming the option and the version it needs, applies the documented emulations
  (restart_policy through auto-restart-interval on 7.20-7.22, healthcheck dropped with a
  warning when asked to) and returns the canonical values that version can hold.
"""

from __future__ import annotations

import shlex

from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.fields import SpecError
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.mounts import parse_mounts
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema import normalize
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.checks import check_container_name
from ansible_collections.routeros_fleet.containers.plugins.module_utils._engine.resources.envlist import validate_env
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.container import (
    CONTAINER, CONTAINER_MODULE, HEALTHCHECK_FIELDS, PLAIN_OPTIONS, argument_spec,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._schema.tables import capability_version, supports

STATES = ('started', 'stopped', 'present', 'absent')

# Made from the one table of container options (_schema/container.py).
CONTAINER_ARGUMENT_SPEC = argument_spec(CONTAINER_MODULE)

# Restart policy on 7.20-7.22: a pause before the router restarts a stopped container (ms).
DEFAULT_RESTART_INTERVAL = 10000

# resources/container.STAGING_SUFFIX (not imported: that module imports this one).
STAGING_NAME_SUFFIX = '.next'


class ContainerSpec(object):
    """A validated, canonical container request; version independent."""

    def __init__(self, name, state, values, env=None, secret_env=(), mounts=None, pull='missing',
                 recreate=False, restart=False, wait_timeout=300, rollback=True,
                 healthcheck_emulation='fail', restart_policy=None, restart_retries=None,
                 restart_interval=None):
        self.name = name
        self.state = state
        self.values = values            # canonical field -> canonical value; only what was given
        self.env = env                  # dict or None: an env list the module manages itself
        self.secret_env = tuple(secret_env)
        self.mounts = mounts            # list of _schema.mounts.Mount, or None
        self.pull = pull
        self.recreate = recreate
        self.restart = restart
        self.wait_timeout = wait_timeout  # seconds
        self.rollback = rollback
        self.healthcheck_emulation = healthcheck_emulation
        self.restart_policy = restart_policy
        self.restart_retries = restart_retries
        self.restart_interval = restart_interval
        self.list_name = None           # a stack's name for the lists (_stack/ownership.list_name)

    @property
    def managed_list_name(self):
        """The env list / mount list the module keeps for ``env`` and ``mounts``."""
        return self.list_name or self.name


def _field_error(option, message):
    return SpecError(message, field=option)


def _canonical(option, kind, value):
    try:
        return normalize.kind(kind).parse(value)
    except (TypeError, ValueError) as exc:
        raise _field_error(option, str(exc))


def _healthcheck_command(test):
    """docker_container's ``test`` (a string, or a list led by CMD / CMD-SHELL) as one command line."""
    if isinstance(test, str):
        return test
    if not isinstance(test, list) or not test:
        raise _field_error('healthcheck.test', 'must be a command string or a list such as [CMD, curl, -f, http://localhost/]')
    words = [str(word) for word in test]
    if words[0] == 'CMD-SHELL':
        return ' '.join(words[1:])
    if words[0] == 'CMD':
        words = words[1:]
    if not words:
        raise _field_error('healthcheck.test', 'names no command')
    return ' '.join(shlex.quote(word) for word in words)


def validate(params):
    """Check and normalise module parameters into a ContainerSpec; SpecError names the option."""
    # Imported here, not at the top: the compose filter loads this file in every controller
    # worker, and the connection layer would pull in module_utils.basic and librouteros there.
    from ansible_collections.routeros_fleet.containers.plugins.module_utils._api.connection import CONNECTION_OPTION_NAMES

    unknown = sorted(key for key in params if key not in CONTAINER_ARGUMENT_SPEC and key not in CONNECTION_OPTION_NAMES)
    if unknown:
        raise _field_error(unknown[0], 'unknown option; container options are %s' % ', '.join(sorted(CONTAINER_ARGUMENT_SPEC)))
    name = check_container_name(params.get('name'), 'name')
    if name.endswith(STAGING_NAME_SUFFIX):
        # `web.next` is the staged replacement of `web` (resources/container.py): a container
        # of that name would be taken for a left-over copy and removed, and the two never converge.
        raise _field_error('name', '%r ends with "%s", which is reserved for the staged copy of a container being '
                           'replaced; choose another name' % (name, STAGING_NAME_SUFFIX))
    state = params.get('state') or 'started'
    if state not in STATES:
        raise _field_error('state', 'must be one of %s' % ', '.join(STATES))

    values = {}
    for option in PLAIN_OPTIONS:
        value = params.get(option)
        if value is None:
            continue
        kind = CONTAINER.field(option).kind
        values[option] = _canonical(option, kind, value)

    if 'image' in values:
        try:
            normalize.normalize_image(values['image'])
        except ValueError as exc:
            raise _field_error('image', str(exc))
    if state != 'absent':
        if bool(values.get('image')) == bool(values.get('file')):
            raise _field_error('image', 'give exactly one of image (a registry reference) and file (a tarball on the router)')

    env = params.get('env')
    if env is not None:
        env = validate_env(env)
    secret_env = list(params.get('secret_env') or [])
    if secret_env and env is None:
        raise _field_error('secret_env', 'lists secret keys of env; give env as well')
    missing = [key for key in secret_env if env is not None and key not in env]
    if missing:
        raise _field_error('secret_env', 'names keys not in env: %s' % ', '.join(missing))

    mounts = params.get('mounts')
    if mounts is not None:
        mounts = parse_mounts(mounts)

    healthcheck = params.get('healthcheck')
    if healthcheck:
        for option, field_name in HEALTHCHECK_FIELDS:
            value = healthcheck.get(option)
            if value is None:
                continue
            if option == 'test':
                values[field_name] = _healthcheck_command(value)
            else:
                values[field_name] = _canonical('healthcheck.' + option, CONTAINER.field(field_name).kind, value)

    restart_interval = params.get('restart_interval')
    if restart_interval is not None:
        restart_interval = _canonical('restart_interval', 'duration', restart_interval)
    restart_retries = params.get('restart_retries')
    if restart_retries is not None and restart_retries < 0:
        raise _field_error('restart_retries', 'must not be negative')
    restart_policy = params.get('restart_policy')
    if restart_policy is None and (restart_retries is not None or restart_interval is not None):
        raise _field_error('restart_policy', 'restart_retries and restart_interval need restart_policy')

    wait_timeout = _canonical('wait_timeout', 'duration', params.get('wait_timeout') or '5m') / 1000.0
    if wait_timeout <= 0:
        raise _field_error('wait_timeout', 'must be longer than zero')

    comment = params.get('comment')
    if comment is not None:
        if '[rfc:' in comment:
            raise _field_error('comment', 'must not contain "[rfc:": the collection keeps its ownership marker there')
        values['comment'] = comment

    return ContainerSpec(
        name=name, state=state, values=values, env=env, secret_env=secret_env, mounts=mounts,
        pull=params.get('pull') or 'missing', recreate=bool(params.get('recreate')),
        restart=bool(params.get('restart')), wait_timeout=wait_timeout,
        rollback=params.get('rollback') is not False,
        healthcheck_emulation=params.get('healthcheck_emulation') or 'fail',
        restart_policy=restart_policy, restart_retries=restart_retries, restart_interval=restart_interval,
    )


def for_version(spec, version, host=None, managed_envlist=None, managed_mountlist=None):
    """The canonical values ``version`` can hold for ``spec``, and warnings.

    ``managed_envlist``/``managed_mountlist`` name the lists the module keeps for ``env`` and
    ``mounts``; they join the lists the user named. Every option the version cannot honour is
    a SpecError naming the option and the version it needs, raised before anything is written.
    """
    resolved = CONTAINER.resolve(version)
    values = dict(spec.values)
    warnings = []

    def require(option, field_name):
        try:
            resolved.require(field_name, host=host)
        except SpecError as exc:
            raise SpecError(exc.message, field=option, host=host)

    healthcheck_fields = [key for key in values if key.startswith('healthcheck_')]
    if healthcheck_fields and not resolved.has('healthcheck_cmd'):
        if spec.healthcheck_emulation != 'ignore':
            first = CONTAINER.field('healthcheck_cmd').first_version()
            raise SpecError('needs RouterOS %s or later; this router runs %s (set healthcheck_emulation=ignore to deploy '
                            'without the health check)' % (first.short, resolved.version), field='healthcheck', host=host)
        warnings.append('%s: RouterOS %s has no container health checks; healthcheck ignored' % (host or 'router', resolved.version))
        for key in healthcheck_fields:
            del values[key]

    warnings.extend(_map_restart_policy(spec, resolved, values, host))

    for list_option, managed in (('envlist', managed_envlist), ('mountlist', managed_mountlist)):
        if managed:
            names = list(values.get(list_option) or [])
            if managed not in names:
                names.append(managed)
            values[list_option] = names
    for option, capability, what in (('envlist', 'container.several_envlists', 'several env lists'),
                                     ('interface', 'container.several_interfaces', 'several interfaces')):
        if len(values.get(option) or []) > 1 and not supports(capability, resolved.version):
            hint = ' (use env, or one envlist)' if option == 'envlist' else ''
            raise SpecError('%s need RouterOS %s or later; this router runs %s%s'
                            % (what, capability_version(capability), resolved.version, hint), field=option, host=host)

    for key in sorted(values):
        require(key, key)
    return values, warnings


def _map_restart_policy(spec, resolved, values, host):
    """Set the restart fields the version has into ``values``; returns warnings."""
    policy = spec.restart_policy
    if policy is None:
        return []
    if resolved.has('restart_policy'):
        values['restart_policy'] = policy
        if spec.restart_interval is not None:
            values['restart_interval'] = spec.restart_interval
        if spec.restart_retries is not None:
            values['restart_max_count'] = spec.restart_retries
        return []
    if policy == 'no':
        # Nothing restarts a container on these versions unless auto-restart-interval says so.
        if resolved.has('auto_restart_interval'):
            values['auto_restart_interval'] = None
        return []
    if not resolved.has('auto_restart_interval'):
        raise SpecError('restart_policy=%s needs RouterOS 7.20 or later; this router runs %s'
                        % (policy, resolved.version), field='restart_policy', host=host)
    if spec.restart_retries is not None:
        raise SpecError('needs RouterOS 7.23 or later; this router runs %s (it restarts without a limit)'
                        % resolved.version, field='restart_retries', host=host)
    # 7.20-7.22 restart any stopped container after the interval: "always" is exactly that.
    values['auto_restart_interval'] = spec.restart_interval or DEFAULT_RESTART_INTERVAL
    if policy == 'on-failure':
        return ['%s: RouterOS %s has no restart policy; on-failure is emulated with auto-restart-interval, '
                'which also restarts a container that exited cleanly' % (host or 'router', resolved.version)]
    return []
