"""Alignment search over reference sets: French and English, accents and case ignored, typos tolerated.

:class:`AlignmentIndex` is built once over the reference sets (a word index of every label and
alternative label); a query then costs a few milliseconds even over tens of thousands of items:

1. the query's words are folded (``Écouter`` → ``ecouter``) and each is matched against the
   vocabulary exactly, by prefix (``comm`` → ``communiquer``) and with typos (rapidfuzz,
   ``comuniker`` → ``communiquer``);
2. items are scored by the share of the query's words they contain, each word weighted by its
   rarity (IDF) and by how closely it matched;
3. the best candidates are re-ranked with a whole-text fuzzy comparison.

Building the index over a ROME- or ESCO-sized set takes seconds:
:func:`badgeworkbench.interop.indexcache.load_index` builds it once per reference file and keeps it
in ``references/.index/<name>.npz`` beside the file, so ``badgeworkbench align`` answers in well
under a second.

>>> from badgeworkbench.interop.references import clea_reference
>>> index = AlignmentIndex([clea_reference()])
>>> [s.item.code for s in index.search("travail en equipe", limit=2)]
['4.2', '4']
>>> index.search("ecrir", limit=1)[0].item.label("fr")
'Écrire'
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from ..errors import UnknownItem
from .references import ReferenceItem, ReferenceSet

if TYPE_CHECKING:
    from ..model import Alignment, Framework

__all__ = ["AlignmentIndex", "IndexPart", "Suggestion", "align_item", "fold", "index_part", "suggest_alignments"]

_STOPWORDS = frozenset(
    "a au aux avec ce cet cette ces d dans de des du en et l la le les leur leurs par pour sa se ses son sur un une "
    "mon ma mes ton ta tes notre nos votre vos qui que qu dont ne n pas il elle on s "
    "ou y à the of and or to in on for with an by as at from is be its their his her into".split()
)  # fmt: skip
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "’": "'"})


def fold(text: str) -> str:
    """Lower case, without accents, ligatures spelled out, punctuation as spaces.

    >>> fold("Être à l'écoute — « Cœur » de métier")
    'etre a l ecoute coeur de metier'
    """
    text = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _words(text: str) -> list[str]:
    return [w for w in fold(text).split() if w not in _STOPWORDS]


@dataclass(frozen=True)
class Suggestion:
    """A reference item found for a query: how well it matches (0–1) and through which text."""

    reference: str
    framework: str
    item: ReferenceItem
    score: float
    matched: str
    language: str

    def to_alignment(self, lang: str = "fr") -> Alignment:
        from ..model import Alignment

        item = self.item
        return Alignment(framework=self.framework, name=item.label(lang), url=item.uri, code=item.code or item.id,
                         target_type=item.kind, description=item.descriptions.get(lang, ""))  # fmt: skip

    def to_dict(self, lang: str = "fr") -> dict[str, object]:
        return {"reference": self.reference, "framework": self.framework, "id": self.item.id, "code": self.item.code,
                "label": self.item.label(lang), "matched": self.matched, "language": self.language,
                "uri": self.item.uri, "score": round(self.score, 4)}  # fmt: skip


@dataclass
class IndexPart:
    """The index of one reference set, its items and entries numbered from 0 within the set.

    An entry is one text naming an item: the ``rank``-th of :meth:`ReferenceItem.texts` (a label or
    an alternative label), or its code when ``entry_rank`` is -1. ``postings`` maps each folded word
    to the entries holding it, in increasing order.
    """

    reference: ReferenceSet
    entry_item: np.ndarray  # int32: the item of each entry
    entry_rank: np.ndarray  # int32: which of the item's texts, -1 for its code
    postings: dict[str, np.ndarray]  # int32


def index_part(reference: ReferenceSet) -> IndexPart:
    """Index one reference set (the slow part: seconds for 30,000 items, hence :mod:`.indexcache`)."""
    entry_item: list[int] = []
    entry_rank: list[int] = []
    postings: dict[str, list[int]] = {}
    for number, item in enumerate(reference.items):
        for rank, (_, text) in enumerate(item.texts()):
            for word in set(_words(text)):
                postings.setdefault(word, []).append(len(entry_item))
            entry_item.append(number)
            entry_rank.append(rank)
        if item.code:
            postings.setdefault(fold(item.code).replace(" ", ""), []).append(len(entry_item))
            entry_item.append(number)
            entry_rank.append(-1)
    return IndexPart(reference, np.asarray(entry_item, dtype=np.int32), np.asarray(entry_rank, dtype=np.int32),
                     {word: np.asarray(entries, dtype=np.int32) for word, entries in postings.items()})  # fmt: skip


class AlignmentIndex:
    """A search index over reference sets. Build it once; query it many times."""

    def __init__(self, references: Iterable[ReferenceSet]) -> None:
        self._combine([index_part(reference) for reference in references])

    @classmethod
    def from_parts(cls, parts: Sequence[IndexPart]) -> AlignmentIndex:
        """The index over several reference sets, from their parts (built, or read from the cache)."""
        index = cls.__new__(cls)
        index._combine(parts)
        return index

    def _combine(self, parts: Sequence[IndexPart]) -> None:
        # Items and entries are looked up by number when a query needs them (a few dozen per query),
        # not listed up front: a cached index of 30,000 items then opens in a few tens of milliseconds.
        self.references = [part.reference for part in parts]
        self._first_item = [0]
        entry_items, entry_ranks, first_entry = [], [], 0
        # postings as arrays: scoring a query is then a few vectorised operations, not a Python loop
        self.postings: dict[str, np.ndarray] = dict(parts[0].postings) if parts else {}
        for number, part in enumerate(parts):
            entry_items.append(part.entry_item + np.int32(self._first_item[-1]))
            entry_ranks.append(part.entry_rank)
            if number:
                for word, entries in part.postings.items():
                    entries = entries + np.int32(first_entry)
                    self.postings[word] = np.concatenate([self.postings[word], entries]) if word in self.postings else entries
            self._first_item.append(self._first_item[-1] + len(part.reference.items))
            first_entry += len(part.entry_item)
        self.entry_item = np.concatenate(entry_items) if entry_items else np.zeros(0, dtype=np.int32)
        self.entry_rank = np.concatenate(entry_ranks) if entry_ranks else np.zeros(0, dtype=np.int32)
        self.vocabulary = sorted(self.postings)
        self._by_length: dict[int, list[str]] | None = None
        self._cache: dict[str, list[tuple[str, float]]] = {}

    @property
    def by_length(self) -> dict[int, list[str]]:
        """The vocabulary by word length, where near spellings are looked for (made on first use)."""
        if self._by_length is None:
            self._by_length = {}
            for word in self.vocabulary:
                self._by_length.setdefault(len(word), []).append(word)
        return self._by_length

    def idf(self, word: str) -> float:
        """How rare a vocabulary word is (0 for a word the index does not hold)."""
        entries = self.postings.get(word)
        return 0.0 if entries is None else math.log(1 + max(len(self.entry_item), 1) / len(entries))

    def _set_of(self, number: int) -> int:
        part = bisect_right(self._first_item, number) - 1
        if not 0 <= part < len(self.references):
            raise IndexError(number)
        return part

    def item(self, number: int) -> tuple[ReferenceSet, ReferenceItem]:
        """The reference set and the item numbered ``number`` (counted over every set, in order)."""
        part = self._set_of(number)
        reference = self.references[part]
        return reference, reference.items[number - self._first_item[part]]

    def entry(self, entry: int) -> tuple[int, str, str]:
        """Entry number ``entry``: its item number, its language ("" for a code) and its text."""
        number, rank = int(self.entry_item[entry]), int(self.entry_rank[entry])
        item = self.item(number)[1]
        if rank < 0:
            return number, "", item.code
        lang, text = next(itertools.islice(item.texts(), rank, None))
        return number, lang, text

    def _folded(self, entry: int) -> str:
        """An entry's text as the query is compared with it: folded, without stop words (a code: only folded)."""
        text = self.entry(entry)[2]
        return fold(text) if self.entry_rank[entry] < 0 else " ".join(_words(text))

    def __len__(self) -> int:
        return self._first_item[-1]

    def _expansions(self, word: str) -> list[tuple[str, float]]:
        """Vocabulary words standing for a query word: itself, words it begins, and near spellings."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        found: dict[str, float] = {}
        if word in self.postings:
            found[word] = 1.0
        if len(word) >= 3:
            start = bisect_left(self.vocabulary, word)
            for candidate in self.vocabulary[start:start + 30]:
                if not candidate.startswith(word):
                    break
                found.setdefault(candidate, 0.9)
        if len(word) >= 4:
            # one typo in short words, two in longer ones; only words of a near length can be that close
            allowed = 1 if len(word) < 7 else 2
            pool = [w for n in range(len(word) - allowed, len(word) + allowed + 1) for w in self.by_length.get(n, ())]
            for candidate, distance, _ in process.extract(word, pool, scorer=Levenshtein.distance, limit=6,
                                                          score_cutoff=allowed):  # fmt: skip
                found.setdefault(candidate, 0.85 * (1 - distance / (len(word) + 1)))
        result = list(found.items())
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[word] = result
        return result

    def search(self, query: str, *, limit: int = 10, references: Iterable[str] = ()) -> list[Suggestion]:
        """The reference items best matching ``query``, best first (one suggestion per item)."""
        words = list(dict.fromkeys(_words(query)))
        if not words or not len(self.entry_item):
            return []
        wanted = set(references)
        folded_query = " ".join(words)
        expansions = {word: self._expansions(word) for word in words}
        weights = {word: max((self.idf(v) for v, _ in expansions[word]), default=0.0) or 1.0
                   for word in words}  # fmt: skip
        total_weight = sum(weights.values())
        scores = np.zeros(len(self.entry_item), dtype=np.float32)
        for word in words:
            if not expansions[word]:
                continue
            best = np.zeros(len(self.entry_item), dtype=np.float32)
            # weakest first, so that where an entry holds several expansions the closest one wins
            for candidate, similarity in sorted(expansions[word], key=lambda pair: pair[1]):
                best[self.postings[candidate]] = similarity
            scores += weights[word] * best
        hit = np.flatnonzero(scores)
        if hit.size == 0:
            return []
        # keep the best entry of each item, then re-rank the strongest candidates on the whole text
        order = hit[np.argsort(-scores[hit], kind="stable")]
        keep = max(limit * 5, 50)
        candidates: list[int] = []
        seen: set[int] = set()
        for entry in order.tolist():
            number = int(self.entry_item[entry])
            if number in seen:
                continue
            if wanted and self.references[self._set_of(number)].name not in wanted:
                continue
            seen.add(number)
            candidates.append(entry)
            if len(candidates) >= keep:
                break
        ranked = []
        for entry in candidates:
            number, lang, text = self.entry(entry)
            reference, item = self.item(number)
            coverage = float(scores[entry]) / total_weight
            # token_set alone scores 100 for any text containing the query's words; token_sort
            # prefers texts that say just the query, so a long text merely containing it ranks lower
            folded = self._folded(entry)
            closeness = (fuzz.token_set_ratio(folded_query, folded) + fuzz.token_sort_ratio(folded_query, folded)) / 200
            final = 0.6 * min(coverage, 1.0) + 0.4 * closeness
            ranked.append(Suggestion(reference.name, reference.framework, item, max(final, 0.0), text, lang))
        ranked.sort(key=lambda s: (-s.score, s.item.code or s.item.id))
        return ranked[:limit]


def suggest_alignments(framework: Framework, competency_id: str, references: AlignmentIndex | Iterable[ReferenceSet],
                       *, limit: int = 10) -> list[Suggestion]:  # fmt: skip
    """Reference items that a competency (or a badge) could be aligned to, from its text, best first.

    The titles in every language are searched, then the description (whose matches count for
    less); items the competency is already aligned to are left out. Pass an
    :class:`AlignmentIndex` when suggesting for many competencies: building it is the slow part.
    """
    item = framework.competency(competency_id) or framework.badge(competency_id)
    if item is None:
        raise UnknownItem("competency", competency_id)
    index = references if isinstance(references, AlignmentIndex) else AlignmentIndex(references)
    titles = getattr(item, "title", None) or getattr(item, "name", {})
    already = {(a.code, a.url) for a in item.alignments}
    best: dict[tuple[str, str], Suggestion] = {}
    queries = [(text, 1.0) for text in dict.fromkeys(titles.values()) if text]
    queries += [(text, 0.8) for text in dict.fromkeys(item.description.values()) if text]
    for text, weight in queries:
        for suggestion in index.search(text, limit=limit * 2):
            key = (suggestion.reference, suggestion.item.id)
            scored = Suggestion(suggestion.reference, suggestion.framework, suggestion.item, suggestion.score * weight,
                                suggestion.matched, suggestion.language)  # fmt: skip
            if key not in best or scored.score > best[key].score:
                best[key] = scored
    found = [s for s in best.values() if (s.item.code or s.item.id, s.item.uri) not in already]
    found.sort(key=lambda s: (-s.score, s.item.code or s.item.id))
    return found[:limit]


def align_item(framework: Framework, item_id: str, alignment: Alignment | Suggestion, lang: str = "fr") -> Framework:
    """A copy of the framework where the competency (or badge) ``item_id`` carries ``alignment``.

    An alignment to the same target (same code and URL) is not added twice.

    >>> from badgeworkbench.model import Competency, Framework
    >>> from badgeworkbench.interop.references import clea_reference
    >>> fw = Framework(id="f", competencies=[Competency(id="equipe", title={"fr": "Travailler en équipe"})])
    >>> [s] = suggest_alignments(fw, "equipe", [clea_reference()], limit=1)
    >>> fw = align_item(align_item(fw, "equipe", s), "equipe", s)
    >>> [(a.framework, a.code) for a in fw.competency("equipe").alignments]
    [('CléA', '4.2')]
    """
    chosen = alignment.to_alignment(lang) if isinstance(alignment, Suggestion) else alignment
    for attr in ("competencies", "badges"):
        items = list(getattr(framework, attr))
        for position, item in enumerate(items):
            if item.id != item_id:
                continue
            if any((a.code, a.url) == (chosen.code, chosen.url) for a in item.alignments):
                return framework
            items[position] = item.model_copy(update={"alignments": [*item.alignments, chosen]})
            return framework.replace(**{attr: items})
    raise UnknownItem("competency", item_id)
