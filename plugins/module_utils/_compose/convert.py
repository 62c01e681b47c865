# -*- coding: utf-8 -*-
# Copyright (c) routeros_fleet.containers contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""A docker-compose file as the stack's container list: one pure function for the filter
(``compose_to_containers``) and for the stack module's ``compose`` option (which knows the
router's own version only once connected).

Every service key is handled one of four ways (docs/compose.md has the table):
mapped to a container option; accepted with a note saying why it does not matter on a
router (``HARMLESS``); refused naming service and key because RouterOS cannot honour it
(``LOSSY``), unless the user lists it in ``ignore`` and so accepts the loss (a note says
so); or refused outright (``build`` without ``image``, unknown keys). Options the target
RouterOS version lacks are found through the ``_schema`` tables, never ``if version``.
"""

from __future__ import annotations

from ansible_collections.routeros_fleet.containers.plugins.module_utils._compose.argv import (
    ArgvError, compose_words, routeros_string,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._compose.services import (
    ComposeError, Context, service_to_container,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._compose.variables import (
    Interpolator, VariableError, parse_env_file,
)
from ansible_collections.routeros_fleet.containers.plugins.module_utils._compose.yaml12 import (
    ComposeYAMLError, load_compose_text,
)

__all__ = ('ArgvError', 'ComposeError', 'ComposeResult', 'convert_compose', 'compose_words', 'routeros_string',
           'COMPOSE_OPTIONS')

# Top-level keys and what becomes of them.
_TOP_LEVEL_NOTES = {
    'version': 'the version key is obsolete; docker compose ignores it too',
    'name': 'the project name has no router equivalent; the stack owner names the deployment',
    'networks': 'the stack has one container network (a bridge); services join it',
}

# The stack module's `compose` option and the role's `routeros_containers_compose`.
COMPOSE_OPTIONS = dict(
    text=dict(type='str', required=True),
    volume_root=dict(type='str'),
    ignore=dict(type='list', elements='str', default=[]),
    variables=dict(type='dict', default={}),
    env_files=dict(type='dict', default={}),
    secrets=dict(type='list', elements='str', default=[], no_log=False),
)


class ComposeResult(object):
    """``containers`` (stack entries, in start order), ``notes`` (what was ignored and why),
    ``secret_values`` (to mask in every output)."""

    def __init__(self, containers, notes, secret_values):
        self.containers = containers
        self.notes = notes
        self.secret_values = secret_values


def _dependency_order(services):
    """Services sorted so that each comes after what it depends on; file order otherwise."""
    ordered, visiting, done = [], set(), set()

    def depends_of(name):
        definition = services[name] if isinstance(services[name], dict) else {}
        depends = definition.get('depends_on') or []
        if isinstance(depends, dict):
            return list(depends)
        if isinstance(depends, list):
            return depends
        raise ComposeError(name, 'depends_on', 'expected a list or a mapping of services')

    def visit(name, path):
        if name in done:
            return
        if name in visiting:
            raise ComposeError(name, 'depends_on', 'dependency cycle: %s' % ' -> '.join(path + [name]))
        visiting.add(name)
        for other in depends_of(name):
            if other not in services:
                raise ComposeError(name, 'depends_on', 'no service named %s' % other)
            visit(other, path + [name])
        visiting.discard(name)
        done.add(name)
        ordered.append(name)

    for name in services:
        visit(name, [])
    return ordered


def _dotenv(env_files, variables):
    """The project's variables: the user's first, then the ``.env`` file's (compose's precedence)."""
    merged = dict((str(key), value) for key, value in (variables or {}).items())
    if env_files and '.env' in env_files:
        interpolate = Interpolator(merged)
        try:
            entries = parse_env_file(env_files['.env'], '.env')
            for key, value, quote in entries:
                if key in merged:
                    continue
                if value is None:
                    continue
                merged[key] = value if quote == "'" else interpolate(value)
                interpolate.variables[key] = merged[key]
        except VariableError as exc:
            raise ComposeError('(project)', '.env', str(exc))
    return merged


def _interpolate_tree(value, interpolate, secret_names, path, secrets_found):
    """Every string of the file interpolated; keys stay as written (compose does the same)."""
    if isinstance(value, dict):
        return dict((key, _interpolate_tree(item, interpolate, secret_names, path + [str(key)], secrets_found))
                    for key, item in value.items())
    if isinstance(value, list):
        return [_interpolate_tree(item, interpolate, secret_names, path + ['[%d]' % index], secrets_found)
                for index, item in enumerate(value)]
    if isinstance(value, str) and '$' in value:
        interpolate.used.clear()
        try:
            result = interpolate(value)
        except VariableError as exc:
            service = path[1] if len(path) > 1 and path[0] == 'services' else '(project)'
            key = '.'.join(path[2:]) if service != '(project)' else '.'.join(path)
            raise ComposeError(service, key, str(exc))
        if interpolate.used & secret_names:
            secrets_found.add(tuple(path))
        return result
    return value


def convert_compose(compose, volume_root=None, routeros_version=None, ignore=(), variables=None, env_files=None,
                    secrets=(), architecture=None):
    """The stack entries for a compose file (text, or data already parsed); ComposeError naming
    the service and key for anything that cannot be deployed as written."""
    from_text = isinstance(compose, (str, bytes))
    if from_text:
        try:
            compose = load_compose_text(compose.decode('utf-8') if isinstance(compose, bytes) else compose)
        except ComposeYAMLError as exc:
            raise ComposeError('(file)', '(text)', str(exc))
    if not isinstance(compose, dict) or not isinstance(compose.get('services'), dict) or not compose['services']:
        raise ComposeError('(file)', 'services', 'expected a compose file with a services: mapping')
    ignore = set(str(item) for item in ignore or ())
    secret_names = set(str(item) for item in secrets or ())
    notes = []
    for key in compose:
        key = str(key)
        if key in ('services', 'volumes', 'secrets', 'configs') or key.startswith('x-'):
            continue
        if key == 'include':
            raise ComposeError('(project)', 'include', 'include: needs files this importer is not given; merge them first '
                               '(docker compose config > merged.yml) and import the result')
        if key not in _TOP_LEVEL_NOTES:
            raise ComposeError('(project)', key, 'not a compose top-level key this importer knows')
        notes.append('%s: ignored, because %s' % (key, _TOP_LEVEL_NOTES[key]))

    project_variables = _dotenv(env_files, variables)
    interpolate = Interpolator(project_variables)
    secret_paths = set()
    compose = _interpolate_tree(compose, interpolate, secret_names, [], secret_paths)
    for name in sorted(interpolate.missing):
        notes.append('variable %s is not set: an empty string was substituted, as docker compose does' % name)

    context = Context(volume_root=volume_root, routeros_version=routeros_version, ignore=ignore,
                      variables=project_variables, env_files=env_files or {}, secret_names=secret_names,
                      secret_paths=secret_paths, volumes=compose.get('volumes') or {}, from_text=from_text, notes=notes,
                      architecture=architecture)
    services = compose['services']
    containers = [service_to_container(str(name), services[name], context) for name in _dependency_order(services)]
    names = {}
    for container, service in zip(containers, _dependency_order(services)):
        if container['name'] in names:
            raise ComposeError(service, 'container_name', '%s is also the name of service %s'
                               % (container['name'], names[container['name']]))
        names[container['name']] = service
    secret_values = set()
    for container in containers:
        for key in container.get('secret_env') or []:
            if container['env'].get(key):
                secret_values.add(container['env'][key])
    for name in secret_names:
        if project_variables.get(name):
            secret_values.add(str(project_variables[name]))
    return ComposeResult(containers, notes, secret_values)


def compose_secret_values(params):
    """The values a ``compose`` option marks secret, from raw parameters (before validation),
    so that AnsibleModule masks them in the invocation it logs."""
    values = set()
    if not isinstance(params, dict):
        return values
    names = set(str(name) for name in params.get('secrets') or [])
    for name, value in (params.get('variables') or {}).items():
        if name in names and value not in (None, ''):
            values.add(str(value))
    for file_name, text in (params.get('env_files') or {}).items():
        try:
            entries = parse_env_file(text or '', file_name)
        except VariableError:
            continue
        for key, value, _quote in entries:
            if key in names and value:
                values.add(value)
    return values


def compose_containers(options, routeros_version=None, architecture=None):
    """The stack module's ``compose`` option (COMPOSE_OPTIONS) converted: a ComposeResult."""
    if not isinstance(options, dict) or not options.get('text'):
        raise ComposeError('(file)', 'text', 'compose needs text: the compose file\'s content', field='compose.text')
    return convert_compose(options['text'], volume_root=options.get('volume_root'), routeros_version=routeros_version,
                           ignore=options.get('ignore') or (), variables=options.get('variables'),
                           env_files=options.get('env_files'), secrets=options.get('secrets') or (),
                           architecture=architecture)
