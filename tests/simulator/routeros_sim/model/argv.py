"""How a container's `entrypoint` and `cmd` strings become the argv of its process.

RouterOS takes both as one string each. No source found states how it splits them
(MODEL.md, "cmd and entrypoint"); the simulator assumes the plainest rule that lets a word
hold a space, and every part of the simulator that needs an argv uses this one function:

* words are separated by runs of spaces and tabs; leading and trailing ones are ignored;
* a double-quoted ("a b") or single-quoted ('a b') stretch, anywhere in a word, belongs to
  that word without its quotes; inside it the other kind of quote is an ordinary character;
* a backslash is an ordinary character: there are no escapes;
* an unclosed quote runs to the end of the text;
* an empty quoted stretch ("") makes an empty word.
"""

from __future__ import annotations

WHITESPACE = ' \t'
QUOTES = '"\''


def split_command(text: str | None) -> list[str]:
    """`nginx -g "daemon off;"` -> ['nginx', '-g', 'daemon off;']."""
    words: list[str] = []
    current: list[str] = []
    in_word = False
    quote = None
    for char in text or '':
        if quote is not None:
            if char == quote:
                quote = None
            else:
                current.append(char)
        elif char in QUOTES:
            quote = char
            in_word = True
        elif char in WHITESPACE:
            if in_word:
                words.append(''.join(current))
                current, in_word = [], False
        else:
            current.append(char)
            in_word = True
    if in_word:
        words.append(''.join(current))
    return words
