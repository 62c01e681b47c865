"""Generic menu behaviour: table menus with `.id`s and single-item settings menus.

A menu's printed columns come from its field declarations; which of them exist on a router
comes from the version's command tree (a settable property exists when `set`/`add` takes it)
or, for read-only columns, from the field's own since/until. An argument the tree accepts but
no field declares is stored and printed as given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from . import values
from .errors import FAILURE, MISSING, CommandError, Result, no_match, no_such_item
from .versions import parse_version

if TYPE_CHECKING:
    from ..router import Router

Row = dict  # property -> printed string; keys starting with '_' are internal and never printed


@dataclass(frozen=True)
class Field:
    """One property of a menu.

    kind: str | bool | int | duration | enum | interface | interface-list | custom
    default: printed when the property is unset (None: not printed at all).
    read_only: printed but not settable; `since`/`until` then say when it exists.
    parse: for kind 'custom', a function (router, name, text) -> stored text.
    """

    name: str
    kind: str = 'str'
    default: str | None = None
    read_only: bool = False
    since: str | None = None
    until: str | None = None
    choices: tuple[str, ...] = ()
    low: int = 0
    high: int = 4294967295
    parse: Callable | None = None

    def exists(self, release: tuple[int, int, int]) -> bool:
        if self.since and release < parse_version(self.since):
            return False
        return not (self.until and release >= parse_version(self.until))


class Menu:
    """Everything a menu shares: dispatch of verbs to `cmd_<verb>` methods."""

    path = ''

    def __init__(self, router: Router):
        self.router = router

    def execute(self, verb: str, attrs: dict[str, str]) -> Result:
        handler = getattr(self, 'cmd_' + verb.replace('-', '_'), None)
        if handler is None:
            # In the tree but not modelled: answer like a command with nothing to say.
            return Result()
        return handler(attrs)

    def dump(self) -> list[dict[str, str]]:
        return self.cmd_print({}).rows

    # persistence: plain JSON-able state
    def state(self) -> dict:
        return {}

    def load(self, state: dict) -> None:
        pass


class Table(Menu):
    """A list of items with `.id`s (`*1`, `*1A`, never reused) and the usual commands."""

    fields: tuple[Field, ...] = ()
    unique: str | None = None             # property whose values must be unique
    duplicate_message = 'failure: already have such entry'
    item_names: tuple[str, ...] = ('name',)   # what `numbers` may name besides ids

    def __init__(self, router: Router):
        super().__init__(router)
        self.rows: list[Row] = []
        self.next_id = 1
        self._field_map = {f.name: f for f in self.fields}
        self._columns: list[Field] | None = None

    # --- columns ---------------------------------------------------------------------

    def settable(self) -> frozenset[str]:
        verbs = self.router.tree.get(self.path, {})
        return verbs.get('set', frozenset()) | verbs.get('add', frozenset())

    def columns(self) -> list[Field]:
        # The tree never changes for a router, so neither do its columns.
        if self._columns is None:
            settable = self.settable()
            release = self.router.release
            self._columns = [f for f in self.fields
                             if (f.name in settable if not f.read_only else f.exists(release))]
        return self._columns

    def field(self, name: str) -> Field:
        return self._field_map.get(name) or Field(name)

    # --- printing --------------------------------------------------------------------

    def printed(self, row: Row) -> dict[str, str]:
        out = {'.id': row['.id']}
        known = set()
        for column in self.columns():
            known.add(column.name)
            value = row.get(column.name, column.default)
            if value is not None:
                out[column.name] = value
        for key, value in row.items():
            if key not in known and key != '.id' and not key.startswith('_'):
                out[key] = value
        return out

    def visible_rows(self) -> list[Row]:
        return self.rows

    def cmd_print(self, attrs: dict[str, str]) -> Result:
        return Result(rows=[self.printed(r) for r in self.visible_rows()])

    # --- finding items ---------------------------------------------------------------

    def find(self, reference: str) -> Row:
        wanted = values.parse_id(reference)
        for row in self.rows:
            if wanted is not None and values.parse_id(row['.id']) == wanted:
                return row
            if wanted is None and any(row.get(k) == reference for k in self.item_names):
                return row
        raise no_such_item()

    def selected(self, attrs: dict[str, str], argument: str = 'numbers') -> list[Row]:
        reference = attrs.get('.id', attrs.get(argument, attrs.get('number')))
        if reference is None or reference == '':
            raise CommandError(f'missing value for {argument}' if argument else 'no such item', MISSING)
        return [self.find(part.strip()) for part in reference.split(',') if part.strip()]

    # --- changing items --------------------------------------------------------------

    def parse_value(self, name: str, text: str) -> str:
        field = self.field(name)
        if field.read_only:
            raise CommandError(f'unknown parameter {name}', MISSING)
        kind = field.kind
        if kind == 'bool':
            return values.parse_bool(name, text)
        if kind == 'int':
            return values.parse_int(name, text, field.low, field.high)
        if kind == 'duration':
            return values.format_duration(values.parse_duration(name, text))
        if kind == 'enum':
            if text not in field.choices:
                raise no_match(name)
            return text
        if kind == 'interface':
            if text not in self.router.interface_names():
                raise no_match(name)
            return text
        if kind == 'interface-list':
            if text not in self.router.interface_list_names():
                raise no_match(name)
            return text
        if kind == 'custom' and field.parse is not None:
            return field.parse(self.router, name, text)
        return text

    def apply(self, row: Row, attrs: dict[str, str]) -> Row:
        """A copy of `row` with `attrs` applied (`!name` unsets); nothing is stored yet."""
        new = dict(row)
        for key, text in attrs.items():
            if key in ('.id', 'numbers', 'number', 'copy-from', 'place-before'):
                continue
            if key.startswith('!'):
                new.pop(key[1:], None)
                continue
            new[key] = self.parse_value(key, text)
        return new

    def check(self, row: Row, old: Row | None) -> None:
        """Refuse an invalid item before it is stored (subclasses add their rules)."""
        if self.unique:
            value = row.get(self.unique)
            if value is not None and any(r.get(self.unique) == value for r in self.rows if r is not old):
                raise CommandError(self.duplicate_message, FAILURE)

    def new_row(self, attrs: dict[str, str]) -> Row:
        if 'copy-from' in attrs:
            base = {k: v for k, v in self.find(attrs['copy-from']).items() if not k.startswith('_')}
            base.pop('.id', None)
            if self.unique:
                base.pop(self.unique, None)
        else:
            base = {}
        return self.apply(base, attrs)

    def allocate_id(self) -> str:
        number = self.next_id
        self.next_id += 1
        return values.format_id(number)

    def insert(self, row: Row, attrs: dict[str, str]) -> None:
        self.rows.append(row)

    def cmd_add(self, attrs: dict[str, str]) -> Result:
        row = self.new_row(attrs)
        self.check(row, None)
        row = {'.id': self.allocate_id(), **row}
        self.insert(row, attrs)
        self.added(row)
        return Result(ret=row['.id'])

    def cmd_set(self, attrs: dict[str, str]) -> Result:
        targets = self.selected(attrs)
        changes = [(row, self.apply(row, attrs)) for row in targets]
        for old, new in changes:
            self.refuse_dynamic(old)
            self.check(new, old)
        for old, new in changes:
            self.replace(old, new)
        return Result()

    def replace(self, old: Row, new: Row) -> None:
        old.clear()
        old.update(new)
        self.changed(old)

    def refuse_dynamic(self, row: Row) -> None:
        if row.get('dynamic') == 'true':
            raise CommandError('failure: can not change dynamic item', FAILURE)

    def cmd_remove(self, attrs: dict[str, str]) -> Result:
        targets = self.selected(attrs)
        for row in targets:
            self.refuse_dynamic(row)
            self.check_remove(row)
        for row in targets:
            self.rows.remove(row)
            self.removed(row)
        return Result()

    def check_remove(self, row: Row) -> None:
        pass

    def cmd_enable(self, attrs: dict[str, str]) -> Result:
        return self.cmd_set({**self._only_selector(attrs), 'disabled': 'no'})

    def cmd_disable(self, attrs: dict[str, str]) -> Result:
        return self.cmd_set({**self._only_selector(attrs), 'disabled': 'yes'})

    def cmd_comment(self, attrs: dict[str, str]) -> Result:
        return self.cmd_set({**self._only_selector(attrs), 'comment': attrs.get('comment', '')})

    def cmd_unset(self, attrs: dict[str, str]) -> Result:
        name = attrs.get('value-name', '')
        if name not in self.settable() or name in ('numbers', 'copy-from', 'place-before'):
            raise no_match('value-name')
        return self.cmd_set({**self._only_selector(attrs), '!' + name: ''})

    def cmd_reset(self, attrs: dict[str, str]) -> Result:
        return self.cmd_set({**self._only_selector(attrs),
                             **{'!' + k: '' for k in attrs if k not in ('.id', 'numbers')}})

    def cmd_get(self, attrs: dict[str, str]) -> Result:
        row = self.printed(self.selected(attrs, 'number')[0])
        name = attrs.get('value-name', '')
        if name not in row and name not in self.settable():
            raise no_match('value-name')
        return Result(ret=row.get(name, ''))

    def cmd_find(self, attrs: dict[str, str]) -> Result:
        return Result(ret=';'.join(r['.id'] for r in self.visible_rows()))

    @staticmethod
    def _only_selector(attrs: dict[str, str]) -> dict[str, str]:
        return {k: v for k, v in attrs.items() if k in ('.id', 'numbers', 'number')}

    # --- hooks -----------------------------------------------------------------------

    def added(self, row: Row) -> None:
        pass

    def changed(self, row: Row) -> None:
        pass

    def removed(self, row: Row) -> None:
        pass

    # --- helpers for subclasses and defaults -----------------------------------------

    def add_row(self, **props: str) -> Row:
        """Store an item directly (factory defaults, dynamic items), bypassing the API."""
        row = {'.id': self.allocate_id(), **props}
        self.rows.append(row)
        return row

    def where(self, **props: str) -> list[Row]:
        return [r for r in self.rows if all(r.get(k) == v for k, v in props.items())]

    def state(self) -> dict:
        return {'rows': self.rows, 'next_id': self.next_id}

    def load(self, state: dict) -> None:
        self.rows = [dict(r) for r in state.get('rows', [])]
        self.next_id = state.get('next_id', len(self.rows) + 1)


class Settings(Menu):
    """A menu with one item and no ids (`/system/identity`, `/container/config`)."""

    fields: tuple[Field, ...] = ()

    def __init__(self, router: Router):
        super().__init__(router)
        self.values: dict[str, str] = {}
        self._table = _SettingsFields(self)

    def columns(self) -> list[Field]:
        return self._table.columns()

    def printed(self) -> dict[str, str]:
        out = {}
        for column in self.columns():
            value = self.values.get(column.name, column.default)
            if value is not None:
                out[column.name] = value
        return out

    def cmd_print(self, attrs: dict[str, str]) -> Result:
        return Result(rows=[self.printed()])

    def cmd_get(self, attrs: dict[str, str]) -> Result:
        row = self.printed()
        name = attrs.get('value-name', '')
        if name not in row:
            raise no_match('value-name')
        return Result(ret=row[name])

    def cmd_set(self, attrs: dict[str, str]) -> Result:
        new = self._table.apply(self.values, attrs)
        self.check(new)
        self.values = new
        return Result()

    def cmd_reset(self, attrs: dict[str, str]) -> Result:
        for key in attrs:
            self.values.pop(key, None)
        return Result()

    def check(self, new: dict[str, str]) -> None:
        pass

    def state(self) -> dict:
        return {'values': self.values}

    def load(self, state: dict) -> None:
        self.values = dict(state.get('values', {}))


class _SettingsFields(Table):
    """Reuses Table's column and value parsing for a Settings menu."""

    def __init__(self, owner: Settings):
        self.path = owner.path
        self.fields = owner.fields
        super().__init__(owner.router)

    def settable(self) -> frozenset[str]:
        return self.router.tree.get(self.path, {}).get('set', frozenset())
