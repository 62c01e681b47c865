"""How RouterOS reads and writes values: booleans, durations, ids, addresses."""

from __future__ import annotations

import ipaddress
import re

from .errors import BAD_VALUE, CommandError, no_match

TRUE_WORDS = ('yes', 'true')
FALSE_WORDS = ('no', 'false')


def parse_bool(name: str, text: str) -> str:
    """Accept yes/no/true/false, answer the printed form `true`/`false`."""
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return 'true'
    if word in FALSE_WORDS:
        return 'false'
    raise no_match(name)


def is_true(text: str | None) -> bool:
    return (text or '').lower() in TRUE_WORDS


def format_bool(value: bool) -> str:
    return 'true' if value else 'false'


_UNITS = (('w', 7 * 86400.0), ('d', 86400.0), ('h', 3600.0), ('m', 60.0), ('s', 1.0), ('ms', 0.001))
_DURATION_PART = re.compile(r'(\d+(?:\.\d+)?)(ms|w|d|h|m|s)')


def parse_duration(name: str, text: str) -> float:
    """'1m30s', '90', '90s', '00:01:30', '1d02:00:00' -> seconds."""
    raw = text.strip().lower()
    if not raw:
        raise CommandError(f'value of {name} must be a time interval', BAD_VALUE)
    clock = re.fullmatch(r'(?:(\d+)d)?(\d+):(\d{1,2}):(\d{1,2}(?:\.\d+)?)', raw)
    if clock:
        days, hours, minutes, seconds = clock.groups()
        return int(days or 0) * 86400 + int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    if re.fullmatch(r'\d+(?:\.\d+)?', raw):
        return float(raw)
    total, position = 0.0, 0
    for match in _DURATION_PART.finditer(raw):
        if match.start() != position:
            break
        total += float(match.group(1)) * dict(_UNITS)[match.group(2)]
        position = match.end()
    if position != len(raw):
        raise CommandError(f'value of {name} must be a time interval', BAD_VALUE)
    return total


def format_duration(seconds: float) -> str:
    """Seconds -> '1w2d3h4m5s' as RouterOS prints it; zero is '0s'."""
    millis = int(round(seconds * 1000))
    if millis == 0:
        return '0s'
    out = []
    for unit, size in _UNITS:
        size_ms = int(size * 1000)
        count, millis = divmod(millis, size_ms)
        if count:
            out.append(f'{count}{unit}')
    return ''.join(out)


def format_id(number: int) -> str:
    return f'*{number:X}'


def parse_id(text: str) -> int | None:
    if text.startswith('*'):
        try:
            return int(text[1:], 16)
        except ValueError:
            return None
    return None


def parse_int(name: str, text: str, low: int, high: int) -> str:
    try:
        number = int(text.strip(), 0)
    except ValueError:
        raise CommandError(f'value of {name} must be a number', BAD_VALUE) from None
    if not low <= number <= high:
        raise CommandError(f'value of {name} out of range ({low}..{high})', BAD_VALUE)
    return str(number)


def parse_interface_address(name: str, text: str) -> ipaddress.IPv4Interface | ipaddress.IPv6Interface:
    """'192.168.88.1/24' (a bare address means /32 or /128)."""
    try:
        return ipaddress.ip_interface(text.strip())
    except ValueError:
        raise CommandError(f'invalid value for argument {name}', BAD_VALUE) from None


def parse_address_list(name: str, text: str, *, allow_v6: bool, require_prefix: bool = False) -> str:
    """A comma list of addresses; printed back normalised, in the given order."""
    parts = [p.strip() for p in text.split(',') if p.strip()]
    out = []
    for part in parts:
        if require_prefix and '/' not in part:
            raise CommandError(f'invalid value for argument {name}', BAD_VALUE)
        address = parse_interface_address(name, part)
        if address.version == 6 and not allow_v6:
            raise CommandError(f'invalid value for argument {name}', BAD_VALUE)
        out.append(str(address))
    return ','.join(out)


def parse_ip(name: str, text: str, *, allow_v6: bool = True) -> str:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        raise CommandError(f'invalid value for argument {name}', BAD_VALUE) from None
    if address.version == 6 and not allow_v6:
        raise CommandError(f'invalid value for argument {name}', BAD_VALUE)
    return str(address)
