"""The RouterOS API wire format: length-prefixed words, sentences ended by an empty word.

Lengths use 1 to 5 bytes (ROUTEROS.md section 4). `SentenceParser` is incremental and pure
(bytes in, sentences out) so that it can be tested without sockets; the server feeds it
whatever each read returns.
"""

MAX_WORD_BYTES = 16 * 1024 * 1024
MAX_SENTENCE_BYTES = 32 * 1024 * 1024
MAX_SENTENCE_WORDS = 10000
ENCODING = 'utf-8'


class ProtocolError(Exception):
    """The peer broke the framing; the only safe answer is `!fatal` and closing."""


def encode_length(length):
    if length < 0:
        raise ValueError('negative word length')
    if length < 0x80:
        return length.to_bytes(1, 'big')
    if length < 0x4000:
        return (length | 0x8000).to_bytes(2, 'big')
    if length < 0x200000:
        return (length | 0xC00000).to_bytes(3, 'big')
    if length < 0x10000000:
        return (length | 0xE0000000).to_bytes(4, 'big')
    if length < 0x100000000:
        return b'\xf0' + length.to_bytes(4, 'big')
    raise ValueError('word of %d bytes cannot be encoded' % length)


def length_prefix_size(first_byte):
    """Total size of a length prefix from its first byte; ProtocolError for 0xF8-0xFF."""
    if first_byte < 0x80:
        return 1
    if first_byte < 0xC0:
        return 2
    if first_byte < 0xE0:
        return 3
    if first_byte < 0xF0:
        return 4
    if first_byte < 0xF8:
        # 0xF0 announces four length bytes; the low bits of the control byte carry nothing.
        return 5
    raise ProtocolError('bad length control byte 0x%02X' % first_byte)


def decode_length(prefix):
    first = prefix[0]
    size = length_prefix_size(first)
    if len(prefix) != size:
        raise ValueError('length prefix needs %d bytes, got %d' % (size, len(prefix)))
    if size == 1:
        return first
    if size == 5:
        return int.from_bytes(prefix[1:], 'big')
    masks = {2: 0x8000, 3: 0xC00000, 4: 0xE0000000}
    return int.from_bytes(prefix, 'big') ^ masks[size]


def encode_word(word):
    data = word.encode(ENCODING) if isinstance(word, str) else bytes(word)
    return encode_length(len(data)) + data


def encode_sentence(words):
    return b''.join(encode_word(word) for word in words) + b'\x00'


class SentenceParser:
    """Incremental decoder. `feed(data)` returns the sentences completed by `data`.

    Empty sentences (a lone zero byte) are skipped, as a real router does. Limits are
    checked as soon as a length prefix is complete, before the word is buffered.
    """

    def __init__(self, max_word=MAX_WORD_BYTES, max_sentence=MAX_SENTENCE_BYTES, max_words=MAX_SENTENCE_WORDS):
        self.max_word = max_word
        self.max_sentence = max_sentence
        self.max_words = max_words
        self._buffer = bytearray()
        self._words = []
        self._sentence_bytes = 0
        self._offset = 0

    @property
    def in_sentence(self):
        """True while a sentence has started but is not finished (for half-sentence disconnects)."""
        return bool(self._words or len(self._buffer) > self._offset)

    def feed(self, data):
        self._buffer.extend(data)
        sentences = []
        try:
            self._parse_into(sentences)
        finally:
            # Consumed bytes are dropped once per feed, not once per word (long sentences).
            del self._buffer[:self._offset]
            self._offset = 0
        return sentences

    def _parse_into(self, sentences):
        while True:
            word = self._next_word()
            if word is None:
                return
            if word == '':
                if self._words:
                    sentences.append(self._words)
                self._words = []
                self._sentence_bytes = 0
                continue
            self._words.append(word)
            if len(self._words) > self.max_words:
                raise ProtocolError('sentence has more than %d words' % self.max_words)

    def _next_word(self):
        buffer, start = self._buffer, self._offset
        if len(buffer) <= start:
            return None
        size = length_prefix_size(buffer[start])
        if len(buffer) < start + size:
            return None
        length = decode_length(bytes(buffer[start:start + size]))
        if length > self.max_word:
            raise ProtocolError('word of %d bytes exceeds the limit of %d' % (length, self.max_word))
        if self._sentence_bytes + length > self.max_sentence:
            raise ProtocolError('sentence exceeds the limit of %d bytes' % self.max_sentence)
        if len(buffer) < start + size + length:
            return None
        data = bytes(buffer[start + size:start + size + length])
        self._offset = start + size + length
        self._sentence_bytes += length
        return data.decode(ENCODING, errors='replace')
