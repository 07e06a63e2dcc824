"""CASE 1.1 export (and, further down, import) of a framework."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import pytest

from badgeworkbench import specdata
from badgeworkbench.interop.case import case_identifier, case_item_uri, framework_to_case_package

from .fixtures.interop.case.compare import identities, without_case
from .fixtures.interop.sample import RELATION_TYPES, sample_framework

BASE = "https://example.org/restauration"
WHEN = dt.datetime(2026, 4, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def case_validator():
    """The official CASE 1.1 package schema, as the package ships it (badgeworkbench/specdata/case)."""
    return specdata.case_validator("1.1")


def _errors(validator, package):
    return [f"{e.json_path}: {e.message[:200]}" for e in validator.iter_errors(package)]


def test_export_is_valid_against_the_official_case_1_1_schema(case_validator):
    package = framework_to_case_package(sample_framework(), BASE, changed=WHEN)
    assert _errors(case_validator, package) == []
    # the validator really checks formats: a date-time without a zone is refused
    broken = copy.deepcopy(package)
    broken["CFItems"][0]["lastChangeDateTime"] = "2017-05-25T18:05:33"
    assert _errors(case_validator, broken)


def test_export_is_deterministic_and_identifiers_are_uuid5_of_base_and_ids():
    fw = sample_framework()
    first = framework_to_case_package(fw, BASE, changed=WHEN)
    second = framework_to_case_package(fw, BASE + "/", changed=WHEN)
    assert json.dumps(first, sort_keys=True) == json.dumps(second, sort_keys=True)
    identifiers = [x["identifier"] for x in (*first["CFItems"], *first["CFAssociations"])]
    assert len(identifiers) == len(set(identifiers))
    item = next(i for i in first["CFItems"] if i["fullStatement"] == "Accueillir du public")
    assert item["identifier"] == case_identifier(BASE, "restauration", "competency", "accueillir")
    assert item["uri"] == case_item_uri(BASE, "restauration", "competency", "accueillir")
    assert item["uri"] == f"{BASE}/uri/{item['identifier']}"  # CASE's own form
    other = framework_to_case_package(fw, "https://other.example/x", changed=WHEN)
    assert other["CFItems"][0]["identifier"] != first["CFItems"][0]["identifier"]


def _by_type(package, kind):
    titles = {i["identifier"]: i["fullStatement"] for i in package["CFItems"]}
    titles[package["CFDocument"]["identifier"]] = "DOCUMENT"
    return sorted(
        (titles.get(a["originNodeURI"]["identifier"], "?"), titles.get(a["destinationNodeURI"]["identifier"], "?"))
        for a in package["CFAssociations"]
        if a["associationType"] == kind
    )


def test_hierarchy_relations_levels_badges_and_translations_are_mapped():
    package = framework_to_case_package(sample_framework(), BASE, changed=WHEN)
    children = _by_type(package, "isChildOf")
    assert ("Accueillir du public", "Communiquer") in children
    assert ("Communiquer", "DOCUMENT") in children
    assert ("Équipier polyvalent", "DOCUMENT") in children  # badges hang under the document, in their grouping
    for kind in RELATION_TYPES:
        assert ("Accueillir du public", f"Relation {kind}") in _by_type(package, kind), kind
    # levels: hasSkillLevel items and a rubric
    assert ("Accueillir du public", "Débutant") in _by_type(package, "hasSkillLevel")
    [rubric] = package["CFRubrics"]
    [criterion] = rubric["CFRubricCriteria"]
    assert [lv["quality"] for lv in criterion["CFRubricCriterionLevels"]] == ["Débutant", "Autonome"]
    assert criterion["CFItemURI"]["identifier"] == case_identifier(BASE, "restauration", "competency", "accueillir")
    # badges: recognised competencies are part of the badge, required badges precede it, with the group logic
    assert ("Cuisiner", "Cuisine") in _by_type(package, "isPartOf")
    precedes = [a for a in package["CFAssociations"] if a["associationType"] == "precedes"
                and a.get("CFAssociationGroupingURI", {}).get("title") == "Badges"]
    assert sorted(a["originNodeURI"]["title"] for a in precedes) == ["Accueil", "Cuisine", "Service", "Écoute"]
    two_of = next(a for a in precedes if a["originNodeURI"]["title"] == "Cuisine")
    assert two_of["extensions"]["badgeworkbench"] == {"requirementGroup": "requires.of[1]", "needed": 2, "of": 3}
    assert "2 parmi" in two_of["notes"]
    # languages: the document speaks French, English items are translations
    assert package["CFDocument"]["language"] == "fr"
    assert ("Welcoming people", "Accueillir du public") in _by_type(package, "isTranslationOf")
    english = next(i for i in package["CFItems"] if i["fullStatement"] == "Welcoming people")
    assert english["language"] == "en" and english["notes"] == "Greet people"


def test_every_date_time_has_a_zone_even_from_naive_provenance():
    package = framework_to_case_package(sample_framework(), BASE)
    item = next(i for i in package["CFItems"] if i["fullStatement"] == "Accueillir du public")
    assert item["lastChangeDateTime"] == "2026-03-01T10:00:00Z"
    assert package["CFDocument"]["lastChangeDateTime"].endswith("Z")


def test_badges_and_translations_can_be_left_out():
    package = framework_to_case_package(sample_framework(), BASE, changed=WHEN, include_badges=False,
                                        translations=False)
    assert {i["CFItemType"] for i in package["CFItems"]} <= {"Domain", "Skill", "Knowledge", "Attitude", "Skill Level"}
    assert not [a for a in package["CFAssociations"] if "CFAssociationGroupingURI" in a]


# ---- import ------------------------------------------------------------------------------------------

from badgeworkbench.interop.case import CasePackageError, case_package_to_framework, read_case_file  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "interop"


def _strip_extensions(value):
    if isinstance(value, dict):
        return {k: _strip_extensions(v) for k, v in value.items() if k != "extensions"}
    if isinstance(value, list):
        return [_strip_extensions(v) for v in value]
    return value


def test_our_package_comes_back_as_the_same_framework():
    fw = sample_framework()
    package = framework_to_case_package(fw, BASE, changed=WHEN)
    back, report = case_package_to_framework(package)
    assert report.problems == []
    assert without_case(back) == without_case(fw)
    # and with the identities it had: exported again, anywhere, its document, items and associations are the same
    again = framework_to_case_package(back, "https://elsewhere.example/x", changed=WHEN)
    assert identities(again) == identities(package)


def test_a_plain_case_package_keeps_every_item_and_association_without_our_extensions():
    fw = sample_framework()
    package = framework_to_case_package(fw, BASE, changed=WHEN)
    # another tool kept the associations' extensions (the requirement groups) but not the items' ones
    plain = {**_strip_extensions({k: v for k, v in package.items() if k != "CFAssociations"}),
             "CFAssociations": package["CFAssociations"]}
    back, report = case_package_to_framework(plain)
    assert report.errors == []
    assert {c.title["fr"] for c in back.competencies} == {c.title["fr"] for c in fw.competencies}
    assert {b.name["fr"] for b in back.badges} == {b.name["fr"] for b in fw.badges}
    parents = {c.title["fr"]: back.competency(c.parent).title["fr"] for c in back.competencies if c.parent}
    assert parents == {c.title["fr"]: fw.competency(c.parent).title["fr"] for c in fw.competencies if c.parent}
    title = {c.id: c.title["fr"] for c in back.competencies}
    original = {c.id: c.title["fr"] for c in fw.competencies}
    assert sorted((title[r.source], r.type, title[r.target]) for r in back.relations) == sorted(
        (original[r.source], r.type, original[r.target]) for r in fw.relations)
    welcome = next(c for c in back.competencies if c.title["fr"] == "Accueillir du public")
    assert welcome.title["en"] == "Welcoming people"  # folded back from the isTranslationOf item
    assert [lv.name for lv in welcome.levels] == [{"fr": "Débutant", "en": "Beginner"}, {"fr": "Autonome", "en": "Independent"}]
    team = next(b for b in back.badges if b.name["fr"] == "Équipier polyvalent")
    names = {b.id: b.name["fr"] for b in back.badges}
    first, group = team.requires.of
    assert names[first] == "Accueil"
    assert group.count == 2 and sorted(names[i] for i in group.of) == ["Cuisine", "Service", "Écoute"]
    cooking = next(b for b in back.badges if b.name["fr"] == "Cuisine")
    assert sorted(title[rc.competency] for rc in cooking.competencies) == ["Cuisiner", "Règles d'hygiène"]
    # without any extension, the groups are lost: every required badge is needed (the stricter reading)
    bare, _ = case_package_to_framework(_strip_extensions(package))
    bare_team = next(b for b in bare.badges if b.name["fr"] == "Équipier polyvalent")
    assert bare_team.requires.count is None and len(bare_team.requires.of) == 4
    # and once more through CASE: nothing is lost
    again, _ = case_package_to_framework(framework_to_case_package(back, BASE, changed=WHEN))
    assert without_case(again) == without_case(back)


def test_case_1_0_package_with_naive_dates_and_missing_fields_is_read_with_warnings(case_validator):
    fw, report = read_case_file(FIXTURES / "case-1.0-opensalt-style.json")
    assert report.ok
    assert {"case-version", "case-date-without-zone", "case-missing-statement", "case-association-skipped"} <= set(
        report.codes())
    assert all("case-1.0-opensalt-style.json" in p.file for p in report.problems)
    by_code = {c.code: c for c in fw.competencies}
    assert by_code["1"].kind == "domain" and by_code["1.1"].parent == by_code["1"].id
    assert by_code["1.1"].title["fr"] == "Mener une recherche"  # long full statement → abbreviated title + description
    assert by_code["1.1"].description["fr"].startswith("Mener une recherche et une veille")
    assert [lv.name["fr"] for lv in by_code["1.1"].levels] == ["Niveau 1", "Niveau 2"]  # from the rubric, in order
    assert by_code["1.2"].title == {"fr": "Gérer des données", "en": "Managing data"}
    assert by_code["1.3"].title["fr"] == "1.3"
    [exact] = by_code["1.2"].alignments
    assert exact.url.startswith("https://digcomp.example/") and exact.target_type == "CFItem"
    assert [(r.source, r.type, r.target) for r in fw.relations] == [(by_code["1.1"].id, "precedes", by_code["1.2"].id)]
    # import → export → import keeps every item and association, and the export is valid CASE 1.1
    package = framework_to_case_package(fw, "https://x.example", changed=WHEN)
    assert _errors(case_validator, package) == []
    again, report2 = case_package_to_framework(package)
    assert report2.problems == []
    assert without_case(again) == without_case(fw)
    # the levels, read from a rubric, became CFItems of their own: from then on re-exports are identical
    assert framework_to_case_package(again, "https://x.example", changed=WHEN) == package
    assert sum(a["associationType"] == "exactMatchOf" for a in package["CFAssociations"]) == 1


@pytest.mark.parametrize(
    ("mutate", "where"),
    [
        (lambda p: p.pop("CFDocument"), "$.CFDocument"),
        (lambda p: p["CFItems"][2].pop("identifier"), "$.CFItems[2].identifier"),
        (lambda p: p["CFAssociations"].__setitem__(1, "oops"), "$.CFAssociations[1]"),
        (lambda p: p["CFAssociations"][3].pop("destinationNodeURI"), "$.CFAssociations[3].destinationNodeURI"),
        (lambda p: p.__setitem__("CFItems", {"a": 1}), "$.CFItems"),
    ],
)
def test_structurally_broken_packages_are_refused_naming_file_and_json_path(mutate, where):
    package = framework_to_case_package(sample_framework(), BASE, changed=WHEN)
    mutate(package)
    with pytest.raises(CasePackageError) as caught:
        case_package_to_framework(package, file="broken.json")
    assert str(caught.value).startswith(f"broken.json, {where}:")


def test_broken_json_names_the_file_line_and_column(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text('{"CFDocument": {"identifier": "x",\n  "title": ', encoding="utf-8")
    with pytest.raises(CasePackageError, match=r"cut\.json, line 2, column \d+: is not valid JSON"):
        read_case_file(path)
    bom = tmp_path / "bom.json"
    bom.write_bytes(b"\xef\xbb\xbf" + json.dumps(framework_to_case_package(sample_framework(), BASE)).encode())
    assert read_case_file(bom)[0].id == "restauration"


def test_html_statements_become_markdown_and_huge_texts_are_cut_with_a_warning():
    package = framework_to_case_package(sample_framework(), BASE, changed=WHEN, translations=False)
    items = {i["fullStatement"]: i for i in package["CFItems"]}
    items["Cuisiner"]["notes"] = "<p>Préparer des <b>plats</b> simples</p><script>alert(1)</script>"
    items["Écouter"]["notes"] = "x" * 50_000
    fw, report = case_package_to_framework(_strip_extensions(package), file="serveur.json")
    cooking = next(c for c in fw.competencies if c.title["fr"] == "Cuisiner")
    assert cooking.description["fr"] == "Préparer des **plats** simples"
    listening = next(c for c in fw.competencies if c.title["fr"] == "Écouter")
    from badgeworkbench.interop.tabular import MAX_CELL_CHARS

    assert len(listening.description["fr"]) == MAX_CELL_CHARS
    cut = next(p for p in report.problems if p.code == "case-text-too-long")
    assert cut.file == "serveur.json" and "$.CFItems[" in cut.text("en")
    assert "case-html-converted" in report.codes()


def test_a_package_file_larger_than_the_limit_is_refused_unread(tmp_path, monkeypatch):
    from badgeworkbench.interop.case import reading as case

    path = tmp_path / "huge.json"
    path.write_text(json.dumps(framework_to_case_package(sample_framework(), BASE)), encoding="utf-8")
    monkeypatch.setattr(case, "MAX_PACKAGE_BYTES", 100)
    with pytest.raises(CasePackageError, match=r"huge\.json: is 0 MB, more than the 0 MB"):
        read_case_file(path)


def test_a_package_valid_against_the_case_1_0_schema_is_imported():
    data = json.loads((FIXTURES / "case-1.0-opensalt-style.json").read_text(encoding="utf-8"))
    # keep only what CASE 1.0 allows (the fixture also holds what real servers publish beyond it)
    dropped = data["CFItems"][3]["identifier"]
    data["CFItems"] = [i for i in data["CFItems"] if i["identifier"] != dropped]
    data["CFAssociations"] = [a for a in data["CFAssociations"] if a["associationType"] in (
        "isChildOf", "precedes", "exactMatchOf") and a["originNodeURI"]["identifier"] != dropped]
    assert list(specdata.case_validator("1.0", formats=False).iter_errors(data)) == []
    fw, report = case_package_to_framework(data, file="opensalt.json")
    assert report.ok and len(fw.competencies) == 4
    assert {p.code for p in report.problems} == {"case-version", "case-date-without-zone"}


# --- deep and circular packages, through the real command ------------------------------------------


def _node(identifier: str) -> dict[str, str]:
    return {"identifier": identifier, "uri": f"https://example.org/case/{identifier}", "title": identifier}


def _chain_package(depth: int, *, cycle_back: int | None = None) -> dict:
    """Items i0 … i{depth-1}, each isChildOf the one before (i0 of the document); ``cycle_back``: i0 isChildOf it."""
    stamp = "2026-04-01T12:00:00Z"
    items = [{**_node(f"i{k}"), "fullStatement": f"Compétence {k}", "lastChangeDateTime": stamp} for k in range(depth)]
    parents = [_node("doc") if cycle_back is None else _node(f"i{cycle_back}")] + [_node(f"i{k}") for k in range(depth - 1)]
    associations = [{**_node(f"a{k}"), "associationType": "isChildOf", "originNodeURI": _node(f"i{k}"),
                     "destinationNodeURI": parent, "lastChangeDateTime": stamp} for k, parent in enumerate(parents)]  # fmt: skip
    document = {**_node("doc"), "creator": "Test", "lastChangeDateTime": stamp, "caseVersion": "1.1", "language": "fr"}
    return {"CFDocument": document, "CFItems": items, "CFAssociations": associations}


def _run_import(package_file: Path, into: Path):
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    return subprocess.run([sys.executable, "-m", "badgeworkbench", "import", "case", str(package_file), "--into",
                           str(into), "--lang", "en"], capture_output=True, text=True, cwd=root, timeout=600)  # fmt: skip


def test_a_10000_deep_hierarchy_is_imported_without_recursion(tmp_path):
    from badgeworkbench.files import load_framework

    package = tmp_path / "deep.json"
    package.write_text(json.dumps(_chain_package(10_000)), encoding="utf-8")
    done = _run_import(package, tmp_path / "deep")
    assert done.returncode == 0, done.stderr
    framework = load_framework(tmp_path / "deep")
    assert len(framework.competencies) == 10_000 and framework.competency("i9999").parent == "i9998"


def test_json_nested_10000_deep_is_refused_in_one_sentence(tmp_path):
    package = tmp_path / "nested.json"
    base = json.dumps(_chain_package(1))
    package.write_text(base.replace('"CFItems"', '"x": ' + "[" * 10_000 + "]" * 10_000 + ', "CFItems"'), "utf-8")
    done = _run_import(package, tmp_path / "nested")
    assert done.returncode == 2 and "Traceback" not in done.stderr and "RecursionError" not in done.stderr
    assert done.stderr.strip().count("\n") == 0 and "nested.json: nests arrays or objects deeper" in done.stderr
    assert not (tmp_path / "nested").exists()


def test_a_cycle_of_is_child_of_is_refused_naming_its_items_and_nothing_is_written(tmp_path):
    package = tmp_path / "cycle.json"
    package.write_text(json.dumps(_chain_package(6, cycle_back=3)), encoding="utf-8")
    done = _run_import(package, tmp_path / "cycle")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "the isChildOf associations form a cycle: i0 → i3 → i2 → i1 → i0." in done.stderr
    assert not (tmp_path / "cycle").exists()
    existing = tmp_path / "existing"
    (existing / "x").mkdir(parents=True)
    assert _run_import(package, existing).returncode != 0 and [p.name for p in existing.iterdir()] == ["x"]


def test_requirement_groups_nested_10000_deep_are_read_as_every_badge_needed():
    fw = sample_framework()
    package = framework_to_case_package(fw, BASE, changed=WHEN)
    precedes = [a for a in package["CFAssociations"] if a["associationType"] == "precedes" and "extensions" in a]
    target = precedes[0]["destinationNodeURI"]["identifier"]
    for association in precedes:
        if association["destinationNodeURI"]["identifier"] == target:
            association["extensions"]["badgeworkbench"]["requirementGroup"] = "requires" + ".of[0]" * 10_000
    for item in package["CFItems"]:
        if item["identifier"] == target:
            del item["extensions"]["badgeworkbench"]["requires"]
    imported, report = case_package_to_framework(package)
    [problem] = [p for p in report.problems if p.code == "case-requirement-too-deep"]
    badge = imported.badge(problem.item.removeprefix("badge:"))
    assert badge.requires is not None and badge.requires.count is None
    assert sorted(badge.requires.of) == sorted(fw.badge(badge.id).requires.badge_ids())
