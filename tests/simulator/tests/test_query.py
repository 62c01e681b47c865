"""The print query language, fed with the exact words librouteros's Query API sends."""

import pytest
from librouteros.query import And, Key, Or

from conftest import PASSWORD, USER

from routeros_sim.query import QueryError, compile_query

ROWS = [
    {'.id': '*1', 'name': 'web', 'port': '80', 'comment': 'front'},
    {'.id': '*2', 'name': 'db', 'port': '5432'},
    {'.id': '*3', 'name': 'cache', 'port': '6379', 'disabled': 'true'},
    {'.id': '*A', 'name': 'dns', 'port': '53', 'comment': ''},
]
name, port, comment = Key('name'), Key('port'), Key('comment')


def ids(*words):
    predicate = compile_query(list(words))
    return [row['.id'] for row in ROWS if predicate(row)]


def test_no_query_matches_everything():
    assert ids() == ['*1', '*2', '*3', '*A']


def test_has_and_lacks_a_property():
    assert ids('?comment') == ['*1', '*A']   # an empty value is still a value
    assert ids('?-comment') == ['*2', '*3']


def test_equality_in_both_spellings():
    assert ids('?name=db') == ['*2']
    assert ids('?=name=db') == ['*2']
    assert ids('?=comment=') == ['*A']
    assert ids('?=name=nothing') == []


def test_less_and_greater_compare_integers_as_numbers():
    assert ids('?<port=100') == ['*1', '*A']
    assert ids('?>port=100') == ['*2', '*3']
    assert ids('?>name=d') == ['*1', '*2', '*A']   # not integers: compared as strings


def test_stack_operations():
    assert ids('?name=web', '?name=db', '?#|') == ['*1', '*2']
    assert ids('?comment', '?<port=60', '?#&') == ['*A']
    assert ids('?comment', '?#!') == ['*2', '*3']
    assert ids('?name=web', '?#.', '?#&') == ['*1']
    # '?#0' copies the first value pushed: (web or db) and again the first, 'web'.
    assert ids('?name=web', '?name=db', '?#|', '?name=web', '?#0&') == ['*1']


def test_values_left_on_the_stack_are_anded():
    assert ids('?comment', '?<port=100') == ['*1', '*A']
    assert ids('?comment', '?>port=100') == []


@pytest.mark.parametrize('words, match', [
    (['?#|'], 'underflow'),
    (['?name=web', '?#&'], 'underflow'),
    (['?#5'], 'underflow'),
    (['?#x'], 'unknown query operation'),
    (['?'], 'invalid query word'),
    (['?<port'], 'invalid query word'),
])
def test_malformed_queries_are_refused_before_any_row(words, match):
    with pytest.raises(QueryError, match=match):
        compile_query(words)


def test_librouteros_key_operators():
    assert ids(*(name == 'web')) == ['*1']
    assert ids(*(name != 'web')) == ['*2', '*3', '*A']
    assert ids(*(port < 100)) == ['*1', '*A']
    assert ids(*(port > 100)) == ['*2', '*3']
    assert ids(*name.In('web', 'dns', 'cache')) == ['*1', '*3', '*A']


def test_librouteros_and_or_nesting():
    assert ids(*And(port > 50, port < 1000)) == ['*1', '*A']
    assert ids(*Or(name == 'web', name == 'db', name == 'dns')) == ['*1', '*2', '*A']
    assert ids(*And(Or(name == 'web', name == 'db'), port > 100)) == ['*2']
    assert ids(*Or(And(port > 50, port < 60), name == 'cache')) == ['*3', '*A']


def test_queries_through_librouteros_against_the_server(running):
    import librouteros  # pylint: disable=import-outside-toplevel
    api = librouteros.connect('127.0.0.1', USER, PASSWORD, port=running.fleet.get('r1').port, timeout=5)
    try:
        envs = api.path('/container/envs')
        for key, value in (('A', '1'), ('B', '22'), ('C', '333'), ('D', '4444')):
            envs.add(list='app', key=key, value=value)
        envs.add(list='other', key='A', value='9')
        key, value, env_list = Key('key'), Key('value'), Key('list')

        def keys(*query):
            return sorted((row['list'], row['key']) for row in envs.select(env_list, key).where(*query))

        assert keys(key == 'A') == [('app', 'A'), ('other', 'A')]
        assert keys(key != 'A') == [('app', 'B'), ('app', 'C'), ('app', 'D')]
        assert keys(value > 100) == [('app', 'C'), ('app', 'D')]
        assert keys(value < 10) == [('app', 'A'), ('other', 'A')]
        assert keys(key.In('B', 'D')) == [('app', 'B'), ('app', 'D')]
        assert keys(And(env_list == 'app', Or(key == 'A', value > 1000))) == [('app', 'A'), ('app', 'D')]
        # .proplist: only the selected properties come back.
        assert all(set(row) == {'key', 'list'} for row in envs.select(env_list, key))
    finally:
        api.close()
