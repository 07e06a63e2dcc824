"""CASE packages written by others come back as they were: identifiers, URIs, item count, language, sibling order.

The packages in ``fixtures/interop/case/`` were written for these tests, after the layouts real
servers publish (OpenSALT's CASE 1.0 with ``CFPackageURI`` and ``CFDocumentURI``, CaSS's data URLs
and missing sequence numbers…).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from badgeworkbench import specdata
from badgeworkbench.files import load_framework, save_framework
from badgeworkbench.interop.case import (
    case_item_uri,
    case_package_to_framework,
    case_uris,
    detect_language,
    framework_to_case_package,
)
from badgeworkbench.interop.merge import merge_framework
from badgeworkbench.model import CaseItem, Competency

from .fixtures.interop.case.compare import identities, without_case
from .fixtures.interop.sample import sample_framework

FIXTURES = Path(__file__).parent / "fixtures" / "interop" / "case"
BASE = "https://badges.example.org/ref"
WHEN = dt.datetime(2026, 4, 1, 12, 0, tzinfo=dt.UTC)

#: fixture → the language every item of it is in (from the document, the items, or the text)
PACKAGES = {
    "opensalt-case-1.0.json": "fr",
    "cass-case-1.1.json": "en",
    "english-without-language.json": "en",
    "language-on-items-only.json": "nl",
    "sequence-not-in-id-order.json": "fr",
}


@pytest.fixture(scope="module")
def case_validator():
    return specdata.case_validator("1.1")


def _package(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _round_trip(source: dict):
    first, report = case_package_to_framework(json.loads(json.dumps(source)), file="source.json")
    package = json.loads(json.dumps(framework_to_case_package(first, BASE, changed=WHEN)))
    again, again_report = case_package_to_framework(package, file="export.json")
    return first, report, package, again, again_report


def _placing(package: dict) -> dict[str, tuple[str, int | None]]:
    """item identifier → (identifier of its parent, sequenceNumber), from the first isChildOf of each item."""
    placing: dict[str, tuple[str, int | None]] = {}
    for a in package["CFAssociations"]:
        if a["associationType"] == "isChildOf":
            placing.setdefault(a["originNodeURI"]["identifier"], (a["destinationNodeURI"]["identifier"],
                                                                  a.get("sequenceNumber")))
    return placing


def _children_in_order(framework) -> dict[str | None, list[str]]:
    """parent CASE identifier → its children's CASE identifiers, in the framework's order."""
    case_of = {c.id: c.case.identifier for c in framework.competencies}
    out: dict[str | None, list[str]] = {}
    for c in framework.competencies:
        out.setdefault(case_of.get(c.parent), []).append(c.case.identifier)
    return out


def _expected_children(source: dict) -> dict[str | None, list[str]]:
    """What CASE says the sibling order is: sequenceNumber, else listEnumeration (numbers as numbers), else as listed."""
    placing = _placing(source)
    enumeration = {i["identifier"]: i.get("listEnumeration", "") for i in source["CFItems"]}
    index = {i["identifier"]: n for n, i in enumerate(source["CFItems"])}
    document = source["CFDocument"]["identifier"]
    translated = {a["originNodeURI"]["identifier"] for a in source["CFAssociations"]
                  if a["associationType"] == "isTranslationOf"}  # fmt: skip
    groups: dict[str | None, list[str]] = {}
    for item in source["CFItems"]:
        if item["identifier"] in translated:
            continue
        parent = placing[item["identifier"]][0]
        groups.setdefault(None if parent == document else parent, []).append(item["identifier"])

    def key(identifier: str):
        sequence, listed = placing[identifier][1], enumeration[identifier]
        if sequence is not None:
            return (0, sequence, 0, index[identifier])
        return (1, 0, int(listed) if listed.isdigit() else 0, index[identifier]) if listed else (2, 0, 0, index[identifier])

    return {parent: sorted(children, key=key) for parent, children in groups.items()}


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_import_export_import_keeps_identifiers_uris_count_language_and_order(name, case_validator):
    source = _package(name)
    first, report, package, again, again_report = _round_trip(source)
    assert report.errors == [] and again_report.errors == []
    assert [e.message for e in case_validator.iter_errors(package)] == []

    # every item, with its identifier and URI, and no other: nothing invented, nothing lost
    assert len(package["CFItems"]) == len(source["CFItems"])
    assert {(i["identifier"], i["uri"]) for i in package["CFItems"]} == {
        (i["identifier"], i["uri"]) for i in source["CFItems"]}
    # the document's identity, and every association's, with what it links
    assert (package["CFDocument"]["identifier"], package["CFDocument"]["uri"]) == (
        source["CFDocument"]["identifier"], source["CFDocument"]["uri"])
    assert {(a["identifier"], a["uri"], a["associationType"], a["originNodeURI"]["identifier"],
             a["destinationNodeURI"]["identifier"]) for a in package["CFAssociations"]} == {
        (a["identifier"], a["uri"], a["associationType"], a["originNodeURI"]["identifier"],
         a["destinationNodeURI"]["identifier"]) for a in source["CFAssociations"]}  # fmt: skip

    # language: the document's, or the items', or the text's; each item keeps its own
    lang = PACKAGES[name]
    assert package["CFDocument"]["language"] == lang and first.languages[0] == lang
    source_language = {i["identifier"]: i.get("language", lang) for i in source["CFItems"]}
    assert {i["identifier"]: i["language"] for i in package["CFItems"]} == source_language

    # sibling order: as the package says, then kept by the export (numbers and enumerations as they were)
    expected = _expected_children(source)
    assert _children_in_order(first) == expected
    assert _children_in_order(again) == expected
    source_placing, placing = _placing(source), _placing(package)
    assert {k: v for k, v in placing.items() if k in source_placing} == source_placing
    assert {i["identifier"]: i.get("listEnumeration") for i in package["CFItems"]} == {
        i["identifier"]: i.get("listEnumeration") for i in source["CFItems"]}

    # the second import is the first one exactly, and exporting it again changes nothing others link to
    assert again.model_dump() == first.model_dump()
    assert identities(framework_to_case_package(again, "https://elsewhere.example", changed=WHEN)) == identities(package)


def test_an_english_package_without_language_is_english_and_keeps_its_16_items():
    source = _package("english-without-language.json")
    framework, report = case_package_to_framework(source, file="kitchen.json")
    assert framework.languages == ["en"]
    assert all(set(c.title) == {"en"} and set(c.description) <= {"en"} for c in framework.competencies)
    [detected] = [p for p in report.problems if p.code == "case-language-detected"]
    assert "'en'" in detected.text("en") and detected.file == "kitchen.json"
    package = framework_to_case_package(framework, BASE, changed=WHEN)
    assert len(package["CFItems"]) == 16 and {i["language"] for i in package["CFItems"]} == {"en"}
    assert not [a for a in package["CFAssociations"] if a["associationType"] == "isTranslationOf"]


def test_an_english_package_merged_into_a_french_framework_is_not_translated_into_itself():
    existing = sample_framework()  # speaks fr, then en
    source = _package("english-without-language.json")
    incoming, _ = case_package_to_framework(source)
    merged, _ = merge_framework(existing, incoming)
    package = framework_to_case_package(merged, BASE, changed=WHEN)
    english = {i["fullStatement"] for i in source["CFItems"]}
    written = [i for i in package["CFItems"] if i["fullStatement"] in english and i["CFItemType"] != "Badge"]
    # each once, not a "fr" item holding the English text plus an "en" translation of it
    assert sorted(i["identifier"] for i in written) == sorted(i["identifier"] for i in source["CFItems"])
    assert {i["language"] for i in written} == {"en"}
    alone = framework_to_case_package(existing, BASE, changed=WHEN)
    assert len(package["CFItems"]) == len(alone["CFItems"]) + 16


def test_a_package_in_no_recognisable_language_is_read_as_french_and_says_so():
    source = _package("english-without-language.json")
    for item in source["CFItems"]:
        item["fullStatement"], item["notes"] = item["humanCodingScheme"], ""
    framework, report = case_package_to_framework(source, file="codes.json")
    assert framework.languages == ["fr"]
    [unknown] = [p for p in report.problems if p.code == "case-language-unknown"]
    assert "CFDocument.language" in unknown.text("en") and "CFDocument.language" in unknown.text("fr")


@pytest.mark.parametrize(("texts", "expected"), [
    (["Accueillir les clients et les orienter vers le bon service"], "fr"),
    (["Welcome the guests and show them to their table"], "en"),
    (["Die Gäste begrüßen und an den Tisch führen", "Mit dem Team über die Bestellungen sprechen"], "de"),
    (["Recibir a los clientes y acompañarlos a la mesa", "Hablar con el equipo sobre los pedidos"], "es"),
    (["De gasten ontvangen en naar hun tafel brengen", "Met het team over de bestellingen praten"], "nl"),
    (["Accogliere gli ospiti e accompagnarli al tavolo", "Parlare con il gruppo degli ordini"], "it"),
    (["K1.2", "HACCP"], None),
])
def test_the_language_of_a_text_is_recognised_or_not_guessed(texts, expected):
    assert detect_language(texts) == expected


def test_sibling_order_survives_saving_the_imported_framework(tmp_path):
    framework, _ = case_package_to_framework(_package("sequence-not-in-id-order.json"))
    order = ["Z", "Z.a", "Z.b", "Z.d", "Z.j", "M", "M.y", "M.x", "M.z", "A", "A.1", "A.2"]
    assert [c.code for c in framework.competencies] == order
    save_framework(framework, tmp_path / "ordre")
    # each top-level competency has its own file, listed alphabetically (a, m, z): the order is not the files'
    loaded = load_framework(tmp_path / "ordre")
    assert [c.code for c in loaded.competencies] == order
    assert loaded.model_dump() == framework.model_dump()


def test_items_created_here_take_the_next_numbers_and_uris_in_case_form(case_validator):
    framework, _ = case_package_to_framework(_package("sequence-not-in-id-order.json"))
    z = next(c for c in framework.competencies if c.code == "Z")
    framework = framework.replace(competencies=[
        *framework.competencies,
        Competency(id="nouvelle", title={"fr": "Tutorer un nouveau bénévole"}, parent=z.id),
        Competency(id="racine", title={"fr": "Communiquer sur les réseaux"}),
    ])
    package = framework_to_case_package(framework, BASE, changed=WHEN)
    assert [e.message for e in case_validator.iter_errors(package)] == []
    items = {i["fullStatement"]: i for i in package["CFItems"]}
    placing = _placing(package)
    new_child, new_root = items["Tutorer un nouveau bénévole"], items["Communiquer sur les réseaux"]
    assert placing[new_child["identifier"]] == (z.case.identifier, 11)  # after Z's 1, 2, 4, 10
    assert new_child["listEnumeration"] == "11"
    assert placing[new_root["identifier"]][1] == 4  # after the three top-level items
    assert new_child["uri"] == case_item_uri(BASE, framework.id, "competency", "nouvelle")
    assert new_child["uri"] == f"{BASE}/uri/{new_child['identifier']}"
    # the imported items are untouched
    source = _package("sequence-not-in-id-order.json")
    assert {(i["identifier"], i["uri"]) for i in source["CFItems"]} <= {
        (i["identifier"], i["uri"]) for i in package["CFItems"]}
    assert case_uris(framework, BASE)[z.id] == z.case.uri and case_uris(framework, BASE)["nouvelle"] == new_child["uri"]


def test_an_imported_item_out_of_order_is_renumbered_after_its_previous_sibling():
    framework, _ = case_package_to_framework(_package("sequence-not-in-id-order.json"))
    z_children = [c for c in framework.competencies if c.code and c.code.startswith("Z.")]
    others = [c for c in framework.competencies if c not in z_children]
    moved = [z_children[-1], *z_children[:-1]]  # Z.j (10) moved first: Z.a (1) can no longer keep 1
    package = framework_to_case_package(framework.replace(competencies=others + moved), BASE, changed=WHEN)
    placing = _placing(package)
    assert [placing[c.case.identifier][1] for c in moved] == [10, 11, 12, 13]
    again, _ = case_package_to_framework(package)
    assert [c.code for c in again.competencies if c.code.startswith("Z.")] == ["Z.j", "Z.a", "Z.b", "Z.d"]


def test_a_copied_item_does_not_share_its_identifier():
    framework, _ = case_package_to_framework(_package("cass-case-1.1.json"))
    original = framework.competencies[1]
    copy = original.model_copy(update={"id": "copie"})
    package = framework_to_case_package(framework.replace(competencies=[*framework.competencies, copy]), BASE,
                                        changed=WHEN)  # fmt: skip
    identifiers = [x["identifier"] for x in (*package["CFItems"], *package["CFAssociations"])]
    assert len(identifiers) == len(set(identifiers))
    assert sum(i["identifier"] == original.case.identifier for i in package["CFItems"]) == 1


def test_what_an_import_keeps_is_written_last_in_the_competency_files(tmp_path):
    framework, _ = case_package_to_framework(_package("cass-case-1.1.json"))
    save_framework(framework, tmp_path / "cass")
    root = "3f0c0001-91d2-4b8e-a6c1-7d5e2f9b0a14"  # CaSS items have no code: the identifier is the id
    text = (tmp_path / "cass" / "competencies" / f"{root}.yaml").read_text(encoding="utf-8")
    first = text.split("\n- ")[0]
    assert first.index("title:") < first.index("case:")
    assert f'identifier: "{root}"' in first
    assert "uri: https://cass.volunteers.example/api/data/schema.cassproject.org.0.4.Competency/" in first


def test_translations_keep_their_items_and_associations():
    framework, _ = case_package_to_framework(_package("language-on-items-only.json"))
    washing = next(c for c in framework.competencies if c.title.get("en"))
    assert washing.title == {"nl": "Een cliënt helpen bij het wassen en aankleden",
                             "en": "Help a client to wash and get dressed"}
    assert isinstance(washing.case, CaseItem) and set(washing.case.translations) == {"en"}
    translated = washing.case.translations["en"]
    assert translated.identifier == "c41a0020-2d7b-4e95-b0c8-5f1a3e7d9b26"
    assert [a.identifier for a in translated.associations.values()] == ["c41a0120-2d7b-4e95-b0c8-5f1a3e7d9b26"]
    assert without_case(framework)["languages"] == ["nl", "en"]
