"""Canonical YAML: any value round-trips, the same data always gives the same bytes."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from badgeworkbench.yamlfile import YamlSyntaxError, dump, load

scalars = st.one_of(st.text(), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))
values = st.recursive(scalars, lambda c: st.one_of(st.lists(c, max_size=4),
                                                  st.dictionaries(st.text(min_size=1), c, max_size=4)),
                      max_leaves=25)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(st.dictionaries(st.text(min_size=1), values, max_size=6), st.lists(values, max_size=5)))
def test_any_value_round_trips_and_dumps_canonically(value):
    text = dump(value)
    assert load(text, "x.yaml") == value
    assert dump(load(text, "x.yaml")) == text


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "null", "~", "true", "1.0", "0x1F", "_0", "1_000",
                                  "2024-05-01", "- a", "a: b", "#x", "a #b", "@x", "=A1", "", " lead", "trail "])
def test_strings_a_reader_could_misread_are_quoted(word):
    assert load(dump({"k": word}), "x.yaml") == {"k": word}


def test_french_text_stays_readable():
    text = dump({"fr": "Écouter « activement »\u202f! Œuvre, €, ’"})
    assert text == "fr: Écouter « activement »\u202f! Œuvre, €, ’\n"


def test_multiline_text_is_a_literal_block():
    assert dump({"narrative": "Ligne 1\nLigne 2\n"}) == "narrative: |\n  Ligne 1\n  Ligne 2\n"
    assert dump({"narrative": "Ligne 1\n\nLigne 3"}) == "narrative: |-\n  Ligne 1\n\n  Ligne 3\n"


def test_small_records_sit_on_one_line_and_records_with_ids_do_not():
    assert dump([{"source": "a", "type": "precedes", "target": "b"}]) == "- {source: a, type: precedes, target: b}\n"
    assert dump([{"id": "a", "x": 1}]) == "- id: a\n  x: 1\n"


def test_syntax_errors_name_file_and_line():
    with pytest.raises(YamlSyntaxError) as error:
        load("a: 1\nb: [2,\nc: 3\n", "badges/b.yaml")
    assert error.value.file == "badges/b.yaml" and error.value.line == 3
    with pytest.raises(YamlSyntaxError, match="duplicate"):
        load("a: 1\na: 2\n", "x.yaml")


def test_alias_bombs_are_refused():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8))
    with pytest.raises(YamlSyntaxError):
        load(bomb, "bomb.yaml")


# Text made to sit near the edges of the shortcut in yamlfile._string: letters first, then the
# characters its rules are about (colons, hashes, spaces, tabs, controls, separators, the BOM).
_EDGY = st.text(alphabet=st.sampled_from(list("aZéß1:# -,[]{}\t\n\x85\u2028\ufeff\u00a0yYnN")), max_size=8)


@settings(max_examples=2000)
@example("\n 1")
@example("a #")
@example("a: b")
@example("ab:")
@example("ab ")
@example("a\tb")
@example("a\u2028b")
@example("a\ufeff")
@example("é\x85")
@example("Yes")
@example("Off")
@example("")
@example("a,b")
@given(st.one_of(_EDGY, st.text(), st.sampled_from(["yes", "No", "null", "off", "ON", "y", "Yes:", "n a", "nan"])))
def test_the_quick_path_for_plain_text_agrees_with_the_full_rules(s):
    from badgeworkbench import yamlfile

    expected = s if yamlfile._is_plain(s) else yamlfile._quoted(s)
    assert yamlfile._string(s) == expected
    assert load(dump({"k": s}), "x.yaml") == {"k": s}
