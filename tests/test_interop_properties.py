"""Round-trip properties (hypothesis): whatever the text, our writers and readers give it back."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from badgeworkbench.interop.case import case_package_to_framework, framework_to_case_package
from badgeworkbench.interop.moodle import framework_to_moodle_csv, read_moodle_csv
from badgeworkbench.interop.references import ReferenceItem, ReferenceSet, read_reference_set, reference_set_csv
from badgeworkbench.interop.tabular import neutralise, restore
from badgeworkbench.model import Competency, Framework, Relation

from .fixtures.interop.case.compare import without_case
from .strategies import frameworks as shared_frameworks

# Text as partners type it: accents, « », narrow no-break spaces, quotes, separators, line breaks,
# and the characters that start a spreadsheet formula.
_ALPHABET = string.ascii_letters + string.digits + " éèêàçôœÉÀ«»\u202f'\",;|\t\n=+-@#%&<>/"
texts = st.text(alphabet=_ALPHABET, min_size=1, max_size=40).map(str.strip).filter(bool)
ids = st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9]", fullmatch=True)


@st.composite
def frameworks(draw):
    identifiers = draw(st.lists(ids, min_size=1, max_size=8, unique=True))
    competencies = []
    for i, cid in enumerate(identifiers):
        parent = draw(st.sampled_from([None, *identifiers[:i]]))
        description = draw(st.one_of(st.just({}), texts.map(lambda t: {"fr": t})))
        competencies.append(Competency(id=cid, title={"fr": draw(texts)}, description=description, parent=parent))
    relations = []
    if len(identifiers) > 1:
        for _ in range(draw(st.integers(0, 3))):
            a, b = draw(st.lists(st.sampled_from(identifiers), min_size=2, max_size=2, unique=True))
            relations.append(Relation(source=a, type=draw(st.sampled_from(["precedes", "isRelatedTo", "exemplar"])),
                                      target=b))
    return Framework(id="f", title={"fr": draw(texts)}, competencies=competencies, relations=relations)


@given(texts)
def test_neutralise_then_restore_is_the_identity(text):
    assert restore(neutralise(text)) == text
    assert not neutralise(text).startswith(("=", "+", "-", "@"))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks())
def test_moodle_csv_round_trip_keeps_ids_hierarchy_and_texts(fw):
    back, report = read_moodle_csv(framework_to_moodle_csv(fw).encode("utf-8"))
    assert report.errors == []
    assert [(c.id, c.parent, c.title["fr"], c.description.get("fr", "")) for c in back.competencies] == [
        (c.id, c.parent, c.title["fr"], c.description.get("fr", "")) for c in fw.competencies]


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(frameworks())
def test_case_round_trip_is_lossless(fw):
    back, report = case_package_to_framework(framework_to_case_package(fw, "https://example.org/p"))
    assert report.problems == []
    assert without_case(back) == without_case(fw)  # and what the import kept of the package, in ``case``


@settings(max_examples=60)
@given(st.lists(st.tuples(ids, texts, st.lists(texts.filter(lambda t: "|" not in t), max_size=3)), max_size=6,
                unique_by=lambda t: t[0]))
def test_reference_set_csv_round_trip(rows):
    items = [ReferenceItem(id=i, labels={"fr": label}, alt_labels={"fr": tuple(alt)} if alt else {})
             for i, label, alt in rows]
    reference = ReferenceSet("s", "S", items)
    if not items:
        return
    again = read_reference_set(reference_set_csv(reference).encode("utf-8"), name="s")
    assert again.items == items


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shared_frameworks())
def test_case_round_trip_is_lossless_with_awkward_frameworks(fw):
    back, report = case_package_to_framework(framework_to_case_package(fw, "https://example.org/p"))
    assert report.errors == []
    assert without_case(back) == without_case(fw)
