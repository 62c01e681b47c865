"""The API query language of `print` (ROUTEROS.md section 4).

Query words push booleans on a stack, `?#` words combine them; whatever is left on the
stack at the end is ANDed (an empty query matches every row). What librouteros's
`Key ==, !=, <, >, In` and `And`/`Or` send is exactly this language.

Choices where no source settles the detail: `?<` and `?>` compare as integers when both
sides are integers, otherwise as strings; a digit run in `?#` is one index counted from
the bottom of the stack (0 = the first value pushed).
"""


class QueryError(Exception):
    """A malformed query word; the message is what the trap says."""


def compile_query(words):
    """Turn the `?...` words of one print into a predicate over a row dict."""
    steps = [_compile_word(word) for word in words]

    def matches(row):
        stack = []
        for step in steps:
            step(stack, row)
        return all(stack)

    # Run the steps once on an empty row so that stack underflows are reported up front
    # as a trap instead of failing midway through the rows.
    matches({})
    return matches


def _compile_word(word):
    if not word.startswith('?'):
        raise QueryError('unknown query word %s' % word)
    body = word[1:]
    if body.startswith('#'):
        return _compile_operations(body[1:])
    if body.startswith('='):
        return _comparison(body[1:], lambda have, want: have == want, word)
    if body.startswith('<'):
        return _comparison(body[1:], lambda have, want: _ordered(have, want) < 0, word)
    if body.startswith('>'):
        return _comparison(body[1:], lambda have, want: _ordered(have, want) > 0, word)
    if body.startswith('-'):
        name = body[1:]
        _require_name(name, word)
        return lambda stack, row: stack.append(name not in row)
    if '=' in body:
        return _comparison(body, lambda have, want: have == want, word)
    _require_name(body, word)
    return lambda stack, row: stack.append(body in row)


def _require_name(name, word):
    if not name:
        raise QueryError('invalid query word %s' % word)


def _comparison(name_value, test, word):
    name, separator, value = name_value.partition('=')
    _require_name(name, word)
    if not separator:
        raise QueryError('invalid query word %s' % word)

    def step(stack, row):
        have = row.get(name)
        stack.append(have is not None and test(have, value))
    return step


def _ordered(have, want):
    try:
        left, right = int(have), int(want)
    except ValueError:
        left, right = have, want
    return (left > right) - (left < right)


def _compile_operations(operations):
    ops = []
    index = 0
    while index < len(operations):
        char = operations[index]
        if char.isdigit():
            end = index
            while end < len(operations) and operations[end].isdigit():
                end += 1
            ops.append(('copy', int(operations[index:end])))
            index = end
            continue
        if char not in '|&!.':
            raise QueryError('unknown query operation %s in ?#%s' % (char, operations))
        ops.append((char, None))
        index += 1

    def step(stack, row):
        for op, argument in ops:
            _apply(op, argument, stack, operations)
    return step


def _apply(op, argument, stack, operations):
    needed = {'|': 2, '&': 2, '!': 1, '.': 1, 'copy': argument + 1 if argument is not None else 0}[op]
    if len(stack) < needed:
        raise QueryError('query stack underflow in ?#%s' % operations)
    if op == '|':
        right = stack.pop()
        stack.append(stack.pop() or right)
    elif op == '&':
        right = stack.pop()
        stack.append(stack.pop() and right)
    elif op == '!':
        stack.append(not stack.pop())
    elif op == '.':
        stack.append(stack[-1])
    else:
        stack.append(stack[argument])
