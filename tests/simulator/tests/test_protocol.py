"""Word and sentence framing, checked against both client libraries' own encoders."""

import pytest
from hypothesis import given, settings, strategies as st
from librouteros import protocol as librouteros_protocol
from routeros_api import base_api as routeros_api_framing

from routeros_sim.protocol import (ProtocolError, SentenceParser, decode_length, encode_length, encode_sentence,
                                   length_prefix_size)

# (length, prefix size): both sides of every boundary between the five length classes.
LENGTH_CLASSES = [
    (0, 1), (0x7F, 1),
    (0x80, 2), (0x3FFF, 2),
    (0x4000, 3), (0x1FFFFF, 3),
    (0x200000, 4), (0xFFFFFFF, 4),
    (0x10000000, 5), (0xFFFFFFFF, 5),
]


@pytest.mark.parametrize('length, size', LENGTH_CLASSES)
def test_every_length_class_round_trips(length, size):
    prefix = encode_length(length)
    assert len(prefix) == size
    assert length_prefix_size(prefix[0]) == size
    assert decode_length(prefix) == length


@pytest.mark.parametrize('length, size', LENGTH_CLASSES)
def test_prefixes_match_routeros_api(length, size):
    assert encode_length(length) == routeros_api_framing.encode_length(length)
    remaining = iter(encode_length(length))
    assert routeros_api_framing.decode_length(lambda _count: bytes([next(remaining)])) == length


@pytest.mark.parametrize('length, size', [(length, size) for length, size in LENGTH_CLASSES if size < 5])
def test_prefixes_match_librouteros(length, size):
    # librouteros stops at four-byte lengths (it cannot send words of 256 MiB).
    prefix = librouteros_protocol.encode_length(length)
    assert prefix == encode_length(length)
    assert librouteros_protocol.decode_length(prefix) == length


@given(st.integers(min_value=0, max_value=0xFFFFFFFF))
def test_any_length_round_trips(length):
    assert decode_length(encode_length(length)) == length


def test_lengths_beyond_five_bytes_are_refused():
    with pytest.raises(ValueError):
        encode_length(0x100000000)


@pytest.mark.parametrize('control_byte', range(0xF8, 0x100))
def test_reserved_control_bytes_are_protocol_errors(control_byte):
    with pytest.raises(ProtocolError, match='control byte'):
        SentenceParser().feed(bytes([control_byte, 0, 0, 0, 0]))


def test_the_sentence_encoding_matches_librouteros():
    words = ['/container/envs/add', '=list=app', '=value=' + 'x' * 300, '.tag=7']
    assert encode_sentence(words) == librouteros_protocol.encode_sentence(*words, encoding='utf-8')


def test_empty_sentences_are_skipped():
    parser = SentenceParser()
    assert parser.feed(b'\x00\x00' + encode_sentence(['/quit']) + b'\x00') == [['/quit']]
    assert not parser.in_sentence


def test_a_sentence_split_at_every_byte_is_reassembled():
    data = encode_sentence(['/login', '=name=admin', '=password=' + 'p' * 200])
    parser = SentenceParser()
    sentences = []
    for index in range(len(data)):
        sentences += parser.feed(data[index:index + 1])
        assert parser.in_sentence == (index < len(data) - 1)
    assert sentences == [['/login', '=name=admin', '=password=' + 'p' * 200]]


def test_an_oversized_word_is_refused_from_its_prefix_alone():
    parser = SentenceParser(max_word=1024)
    with pytest.raises(ProtocolError, match='exceeds'):
        parser.feed(encode_length(1025))


def test_an_oversized_sentence_is_refused():
    parser = SentenceParser(max_word=100, max_sentence=250)
    word = encode_length(100) + b'w' * 100
    with pytest.raises(ProtocolError, match='sentence exceeds'):
        parser.feed(word * 3)


def test_too_many_words_are_refused():
    parser = SentenceParser(max_words=3)
    with pytest.raises(ProtocolError, match='more than 3 words'):
        parser.feed(b''.join(encode_length(1) + b'a' for _word in range(4)))


words = st.text(alphabet=st.characters(blacklist_categories=('Cs',)), min_size=1, max_size=40) | \
    st.binary(min_size=1, max_size=300).map(lambda data: data.hex())
sentences = st.lists(st.lists(words, min_size=1, max_size=8), max_size=6)


@settings(max_examples=200, deadline=None)
@given(sentences, st.lists(st.integers(min_value=1, max_value=64), min_size=1, max_size=20))
def test_any_stream_of_sentences_survives_any_chunking(sentence_list, chunk_sizes):
    data = b''.join(encode_sentence(sentence) for sentence in sentence_list)
    parser = SentenceParser()
    decoded, offset, index = [], 0, 0
    while offset < len(data):
        size = chunk_sizes[index % len(chunk_sizes)]
        decoded += parser.feed(data[offset:offset + size])
        offset, index = offset + size, index + 1
    assert decoded == sentence_list
    assert not parser.in_sentence


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=0x3FFFF), min_size=1, max_size=4))
def test_long_words_in_every_class_round_trip(sizes):
    sentence = ['w' * size if size else 'x' for size in sizes]
    assert SentenceParser().feed(encode_sentence(sentence)) == [sentence]
