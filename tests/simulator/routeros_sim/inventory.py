"""The Ansible inventory of a simulated fleet (docs/design.md, Simulator contract).

Scalars are written as JSON, which YAML reads as is, so no YAML library is needed and
every value is quoted safely.
"""

import json
import os

GROUP = 'routers'


def inventory_text(ready_lines, password, use_tls=False, ca_path=None):
    lines = [
        '# Written by routeros_sim: a simulated fleet on loopback. Regenerated on every start.',
        'all:',
        '  children:',
        '    %s:' % GROUP,
        '      vars:',
        # Modules talk to the router API from the controller; these make that work with or
        # without the collection's action plugin.
        '        ansible_connection: local',
        '        ansible_python_interpreter: %s' % json.dumps('{{ ansible_playbook_python }}'),
        '      hosts:',
    ]
    for router in ready_lines:
        tls = bool(use_tls and router.get('tls_port'))
        host_vars = {
            'ansible_host': router['host'],
            'routeros_port': router['tls_port'] if tls else router['port'],
            'routeros_username': router['user'],
            'routeros_password': password,
            'routeros_tls': tls,
            'routeros_version': router['version'],
        }
        if tls and ca_path:
            host_vars['routeros_ca_path'] = ca_path
        lines.append('        %s:' % router['name'])
        lines.extend('          %s: %s' % (key, json.dumps(value)) for key, value in host_vars.items())
    return '\n'.join(lines) + '\n'


def write_inventory(path, ready_lines, password, use_tls=False, ca_path=None):
    text = inventory_text(ready_lines, password, use_tls, ca_path)
    temporary = path + '.tmp'
    # The file holds the password: readable by its owner only.
    with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), 'w', encoding='utf-8') as handle:
        handle.write(text)
    os.replace(temporary, path)
