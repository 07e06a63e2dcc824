"""The model: literal field values match the enums, texts fall back, requirements evaluate."""

from __future__ import annotations

from typing import get_args

import pytest
from pydantic import ValidationError

from badgeworkbench import model
from badgeworkbench.model import RELATION_MEANINGS, Badge, Requirement, text


@pytest.mark.parametrize(("enum", "literal"), [
    (model.PartnerRole, model.PartnerRoleName), (model.CompetencyKind, model.CompetencyKindName),
    (model.BadgeCategory, model.BadgeCategoryName), (model.Status, model.StatusName),
    (model.RelationType, model.RelationTypeName),
])
def test_field_literals_and_enums_name_the_same_values(enum, literal):
    assert {e.value for e in enum} == set(get_args(literal))


def test_every_relation_type_has_a_meaning_in_french_and_english():
    for relation in model.RelationType:
        meaning = RELATION_MEANINGS[relation.value]
        assert meaning["fr"] and meaning["en"] and meaning["fr"] != meaning["en"]
    # The CASE 1.1 association types, all of them.
    assert {"isChildOf", "isPartOf", "precedes", "exactMatchOf", "isRelatedTo", "replacedBy", "exemplar",
            "hasSkillLevel", "isTranslationOf"} <= set(RELATION_MEANINGS)


def test_text_falls_back_to_french_then_any_language():
    assert text({"fr": "Écouter", "en": "Listen"}, "en") == "Listen"
    assert text({"fr": "Écouter"}, "en") == "Écouter"
    assert text({"es": "Escuchar"}, "en") == "Escuchar"
    assert text(None) == "" and text({}) == ""


def test_nested_any_n_of_m():
    req = Requirement(of=["a", Requirement(count=2, of=["b", "c", Requirement(of=["d", "e"])])])
    assert req.badge_ids() == ["a", "b", "c", "d", "e"]
    assert req.is_satisfied_by({"a", "b", "d", "e"})
    assert not req.is_satisfied_by({"a", "b", "d"})
    assert not req.is_satisfied_by({"b", "c", "d", "e"})


def test_items_are_immutable_and_strict():
    badge = Badge(id="b")
    with pytest.raises(ValidationError):
        badge.id = "c"  # type: ignore[misc]
    with pytest.raises(ValidationError, match="alignments"):
        Badge(id="b", alignments_typo=[])  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Badge(id="b", category="unknown")


def test_equality_ignores_the_lookup_caches():
    a = model.Framework(id="f", badges=[Badge(id="b")])
    b = model.Framework(id="f", badges=[Badge(id="b")])
    assert a.badge("b") is not None  # builds a's cache only
    assert a == b and b == a
    assert a != model.Framework(id="f")
