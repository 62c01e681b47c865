"""/user and /user/group: who may log in, and who may write."""

from __future__ import annotations

from .errors import FAILURE, CommandError, no_match
from .menus import Field, Table

BUILTIN_GROUPS = {
    'read': 'local,telnet,ssh,reboot,read,test,winbox,password,web,sniff,sensitive,api,romon,rest-api',
    'write': 'local,telnet,ssh,reboot,read,write,test,winbox,password,web,sniff,sensitive,api,romon,rest-api',
    'full': 'local,telnet,ssh,ftp,reboot,read,write,policy,test,winbox,password,web,sniff,sensitive,api,romon,rest-api',
}

NOT_ENOUGH_PERMISSIONS = 'not enough permissions (9)'


class UserGroups(Table):
    path = '/user/group'
    unique = 'name'
    fields = (
        Field('name'),
        Field('policy'),
        Field('skin', default='default'),
        Field('comment'),
    )

    def check_remove(self, row):
        if row.get('name') in BUILTIN_GROUPS:
            raise CommandError('failure: can not remove builtin group', FAILURE)
        if self.router.menus['/user'].where(group=row['name']):
            raise CommandError('failure: group is used by a user', FAILURE)

    def policy(self, group: str) -> set[str]:
        for row in self.where(name=group):
            return {p for p in row.get('policy', '').split(',') if p and not p.startswith('!')}
        return set()


def _parse_group(router, name, text):
    if not router.menus['/user/group'].where(name=text):
        raise no_match(name)
    return text


class Users(Table):
    path = '/user'
    unique = 'name'
    duplicate_message = 'failure: user with the same name already exists'
    fields = (
        Field('name'),
        Field('group', kind='custom', parse=_parse_group),
        Field('address', default=''),
        Field('last-logged-in', read_only=True),
        Field('inactivity-timeout', kind='duration', default='10m'),
        Field('inactivity-policy', kind='enum', choices=('none', 'lockscreen', 'logout'), default='none'),
        Field('disabled', kind='bool', default='false'),
        Field('comment'),
    )

    def printed(self, row):
        # The password is write-only: a real router never prints it.
        out = super().printed(row)
        out.pop('password', None)
        return out

    def check(self, row, old):
        if not row.get('name'):
            raise CommandError('failure: name must be set', FAILURE)
        if not row.get('group'):
            raise CommandError('failure: group must be set', FAILURE)
        super().check(row, old)

    def authenticate(self, user: str, password: str) -> str | None:
        for row in self.where(name=user):
            if row.get('disabled') != 'true' and row.get('password', '') == password:
                return row.get('group')
        return None

    def may_write(self, user: str | None) -> bool:
        if user is None:
            return True
        for row in self.where(name=user):
            return 'write' in self.router.menus['/user/group'].policy(row.get('group', ''))
        return False
