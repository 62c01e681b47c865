"""What a command answers: rows and `ret`, or a trap with RouterOS's own text."""

from __future__ import annotations

from dataclasses import dataclass, field

# Trap categories of the API (ROUTEROS.md section 4).
MISSING = 0          # missing item or command
BAD_VALUE = 1        # argument value failure
INTERRUPTED = 2
SCRIPT = 3
FAILURE = 4          # general failure
API = 5


class CommandError(Exception):
    """A command the router refuses. `message` is the exact text a real router traps with."""

    def __init__(self, message: str, category: int | None = None, more: tuple[str, ...] = ()):
        super().__init__(message)
        self.message = message
        self.category = category
        self.more = tuple(more)      # further traps of the same reply (an unknown menu has two)


@dataclass
class Result:
    rows: list[dict[str, str]] = field(default_factory=list)
    ret: str | None = None


def no_such_item() -> CommandError:
    return CommandError('no such item', MISSING)


def no_match(name: str) -> CommandError:
    return CommandError(f'input does not match any value of {name}', BAD_VALUE)
