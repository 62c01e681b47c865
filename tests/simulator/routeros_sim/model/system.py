"""/system menus, /system/scheduler, /system/script and /log."""

from __future__ import annotations

from . import values
from .errors import FAILURE, CommandError, Result, no_match
from .menus import Field, Menu, Settings, Table

# What the resource menu reports for each CPU architecture.
BOARDS = {
    'arm64': ('RB5009UG+S+', 'ARM64', 4, 1024 << 20, 1024 << 20),
    'arm': ('hAP ax^2', 'ARM', 4, 1024 << 20, 128 << 20),
    'x86_64': ('CHR', 'x86_64', 2, 2048 << 20, 4096 << 20),
    'mipsbe': ('hAP ac', 'MIPS 74Kc V5.0', 1, 128 << 20, 16 << 20),
}


class Resource(Menu):
    path = '/system/resource'

    def row(self) -> dict[str, str]:
        router = self.router
        board, cpu, cpus, memory, disk = BOARDS.get(router.arch, BOARDS['arm64'])
        used_disk = router.disk_used()
        return {
            'uptime': values.format_duration(int(router.uptime())),
            'version': f'{router.version} (stable)',
            'build-time': '2025-06-01 10:00:00',
            'factory-software': '7.1',
            'free-memory': str(memory - 180 * (1 << 20) - 16 * (1 << 20) * router.running_count()),
            'total-memory': str(memory),
            'cpu': cpu,
            'cpu-count': str(cpus),
            'cpu-load': '3',
            'free-hdd-space': str(max(0, router.disk_total() - used_disk)),
            'total-hdd-space': str(router.disk_total()),
            'architecture-name': router.arch,
            'board-name': board,
            'platform': 'MikroTik',
        }

    def cmd_print(self, attrs):
        return Result(rows=[self.row()])

    def cmd_get(self, attrs):
        row = self.row()
        name = attrs.get('value-name', '')
        if name not in row:
            raise no_match('value-name')
        return Result(ret=row[name])


def board_disk(arch: str) -> int:
    return BOARDS.get(arch, BOARDS['arm64'])[4]


class Identity(Settings):
    path = '/system/identity'
    fields = (Field('name', default='MikroTik'),)


class Package(Table):
    """Installed packages; the simulator only lets you look (and flip `disabled`)."""

    path = '/system/package'
    fields = (
        Field('name', read_only=True),
        Field('version', read_only=True),
        Field('build-time', read_only=True),
        Field('scheduled', read_only=True, default=''),
        Field('disabled', read_only=True, default='false'),
    )

    def cmd_enable(self, attrs):
        for row in self.selected(attrs):
            row['scheduled'] = ''
            row['disabled'] = 'false'
        return Result()

    def cmd_disable(self, attrs):
        for row in self.selected(attrs):
            row['scheduled'] = 'scheduled for disable'
        return Result()

    def installed(self, name: str) -> bool:
        return any(r.get('disabled') != 'true' for r in self.where(name=name))


class DeviceMode(Settings):
    """Device-mode cannot be changed remotely: `update` needs a button press or power cycle."""

    path = '/system/device-mode'
    fields = (
        Field('mode', read_only=True, default='advanced'),
        Field('container', read_only=True, default='yes'),
    )

    def columns(self):
        return list(self.fields)

    def cmd_update(self, attrs):
        raise CommandError('failure: device-mode change requires physical confirmation (press button or cold reboot)',
                           FAILURE)

    def containers_allowed(self) -> bool:
        return self.values.get('container', 'yes') == 'yes'


class Scheduler(Table):
    path = '/system/scheduler'
    unique = 'name'
    fields = (
        Field('name'),
        Field('start-date', default='2025-01-01'),
        Field('start-time', default='startup'),
        Field('interval', kind='duration', default='0s'),
        Field('on-event', default=''),
        Field('owner', read_only=True, default='admin'),
        Field('policy', default='ftp,reboot,read,write,policy,test,password,sniff,sensitive,romon'),
        Field('run-count', read_only=True, default='0'),
        Field('next-run', read_only=True),
        Field('days'),
        Field('disabled', kind='bool', default='false'),
        Field('comment'),
    )

    def check(self, row, old):
        if not row.get('name'):
            raise CommandError('failure: name must be set', FAILURE)
        super().check(row, old)


class Script(Table):
    path = '/system/script'
    unique = 'name'
    fields = (
        Field('name'),
        Field('owner', default='admin'),
        Field('policy', default='ftp,reboot,read,write,policy,test,password,sniff,sensitive,romon'),
        Field('dont-require-permissions', kind='bool', default='false'),
        Field('last-started', read_only=True),
        Field('run-count', read_only=True, default='0'),
        Field('source', default=''),
        Field('invalid', read_only=True, default='false'),
        Field('comment'),
    )

    def check(self, row, old):
        if not row.get('name'):
            raise CommandError('failure: name must be set', FAILURE)
        super().check(row, old)

    def cmd_run(self, attrs):
        row = self.selected(attrs, 'number')[0]
        row['run-count'] = str(int(row.get('run-count', '0')) + 1)
        return Result()


class Log(Table):
    """/log: memory log, newest last; container output arrives with topic `container`."""

    path = '/log'
    limit = 1000
    fields = (
        Field('time', read_only=True),
        Field('topics', read_only=True),
        Field('message', read_only=True),
    )

    def append(self, topics: str, message: str) -> None:
        self.add_row(time=self.router.clock_text(), topics=topics, message=message)
        del self.rows[:-self.limit]
