"""Co-authoring on the bundled example framework (frameworks/parcours-cvl): two territories offline."""

import shutil
from pathlib import Path

import pytest

from badgeworkbench.coauthoring import compare_versions, merge, new_badge_version, read_log, save_with_merge, tag
from badgeworkbench.diff import compare
from badgeworkbench.edit import Author, add_comment, add_item, remove_relation, update_item, vote
from badgeworkbench.files import load_framework, read_framework
from badgeworkbench.model import Competency

EXAMPLE = Path(__file__).resolve().parents[1] / "frameworks" / "parcours-cvl"
TOURS = Author("table-cooperative", "Awa")
BOURGES = Author("mission-locale-berry", "Marc")


@pytest.fixture
def folder(tmp_path):
    if not EXAMPLE.is_dir():
        pytest.skip("frameworks/parcours-cvl is not on this branch yet")
    target = tmp_path / "parcours-cvl"
    shutil.copytree(EXAMPLE, target)
    return target


def test_two_territories_offline_merge_cleanly_and_the_result_saves(folder):
    opened = read_framework(folder)
    base = opened.framework
    tag(folder, "v1", "avant les ateliers de territoire", TOURS)

    tours = base
    for badge in base.badges[:5]:
        tours = update_item(
            tours,
            "badge",
            badge.id,
            author=TOURS,
            criteria=badge.criteria.model_copy(update={"url": f"https://example.org/{badge.id}"}),
        )
    tours = add_comment(tours, "badge", base.badges[0].id, "Vu en atelier à Tours.", author=TOURS)
    tours = vote(tours, "badge", base.badges[1].id, 2)

    bourges = add_item(
        base, Competency(id="lire-un-plan", title={"fr": "Lire un plan", "en": "Reading a plan"}), author=BOURGES
    )
    bourges = add_comment(bourges, "badge", base.badges[0].id, "Vu en atelier à Bourges.", author=BOURGES)
    bourges = vote(bourges, "badge", base.badges[1].id, 1)
    relation = base.relations[0]
    bourges = remove_relation(bourges, relation.source, relation.type, relation.target)
    bourges = new_badge_version(bourges, "accueil-public", "2.0", author=BOURGES)

    result = merge(base, tours, bourges)
    assert result.clean, [c.describe("en") for c in result.conflicts]
    merged = result.framework
    assert [c.text for c in merged.badge(base.badges[0].id).comments][-2:] == [
        "Vu en atelier à Tours.",
        "Vu en atelier à Bourges.",
    ]
    assert merged.badge(base.badges[1].id).votes == base.badges[1].votes + 3
    assert merged.competency("lire-un-plan") is not None and merged.badge("accueil-public-v2") is not None
    assert all(merged.badge(b.id).criteria.url for b in base.badges[:5])
    assert relation not in merged.relations

    # Everything either side changed is in the merge: comparing with each side shows only the other's work.
    only_bourges = {i.label for i in compare(tours, merged).items}
    assert only_bourges == {i.label for i in compare(base, bourges).items} | {f"badge:{base.badges[1].id}"}

    outcome = save_with_merge(folder, merged, opened.snapshot, base, TOURS)
    assert outcome.saved and not compare(load_framework(folder), merged)  # badges load in file order
    assert read_log(folder)[-1].partner == "table-cooperative"
    assert {i.label for i in compare_versions(folder, "v1").items} == {i.label for i in compare(base, merged).items}
