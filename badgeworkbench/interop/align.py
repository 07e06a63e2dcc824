"""Alignment search over reference sets: word-level relevance (BM25) in the query's own language.

:class:`AlignmentIndex` is built once over the reference sets; a query then costs a few
milliseconds over tens of thousands of items. How an item is ranked for a query:

1. the query's language is detected (:func:`~.textsearch.guess_language`) or given; only the
   labels, alternative labels and descriptions written in that language are searched, so that
   "conduite" never finds "conduct religious missions" in an English set. When the sets hold no
   text in the query's language, :meth:`AlignmentIndex.query` says so instead of guessing;
2. the query becomes terms (:func:`~.textsearch.terms`: folded words, stop words left out,
   French or English Snowball stems); a term not in the index is looked for by prefix (a word
   being typed) and then by the nearest spelling of the word or its stem (rapidfuzz, a swap being
   one slip), those matches counting for less; light words ("être", "faire") count for less too;
3. the query is also searched rewritten through the table of everyday synonyms
   (:mod:`.synonyms`: "mails" → "messagerie électronique", "cariste" → "chariot élévateur"), a
   rewrite counting less than the words typed and finding only texts that hold its synonym; each
   text keeps the best of the query and its rewrites;
4. each text is scored with BM25 (rare words weigh more, short texts that say just the query
   rank above long ones merely containing it), a label counting more than an alternative label,
   and that more than a description; an item keeps its best text;
5. the strongest candidates get a bonus when the query's words follow each other in the text.

Each :class:`Suggestion` says why it was found: the text matched, which field it is, and the
query's words with the words they matched.

Building the index over a ROME- or ESCO-sized set takes a second or two:
:func:`badgeworkbench.interop.indexcache.load_index` builds it once per reference file and keeps it
in ``references/.index/<name>.npz`` beside the file, so ``badgeworkbench align`` answers at once.

>>> from badgeworkbench.interop.references import clea_reference
>>> index = AlignmentIndex([clea_reference()])
>>> [s.item.code for s in index.search("travail en equipe", limit=2)]
['4.2', '4']
>>> index.search("ecrir", limit=1)[0].item.label("fr")
'Écrire'
>>> index.search("Working in a team", limit=1)[0].why
('working', 'team')
"""

from __future__ import annotations

import itertools
import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..errors import UnknownItem
from .references import ReferenceItem, ReferenceSet
from .synonyms import REWRITE_WEIGHT, known_terms, known_words, rewrites
from .textsearch import LIGHT_WORDS, base_language, fold, guess_language, kinship, stem, words

if TYPE_CHECKING:
    from ..model import Alignment, Framework

__all__ = ["FIELDS", "AlignmentIndex", "IndexPart", "Query", "Suggestion", "align_item", "fold", "index_part",
           "suggest_alignments"]  # fmt: skip

#: The texts of an item that are searched, in the order of their numbers in the index.
FIELDS = ("label", "alt", "description", "code")
#: How much a match counts in each field: the name of an item says more than its description.
_FIELD_WEIGHT = np.array([1.0, 0.9, 0.45, 1.0], dtype=np.float32)
_LABEL, _ALT, _DESCRIPTION, _CODE = range(4)
#: BM25's saturation and length normalisation (labels are short: less saturation than for documents).
_K1, _B = 1.2, 0.75
#: How much a word counts when found by prefix or by a stem that begins the other; a near spelling
#: counts for its closeness (0.86 for one slip in seven letters).
_PREFIX, _STEM_PREFIX = 0.8, 0.85
#: A near spelling accepted when nothing else tells the query's language: close enough to be a slip
#: ("comunication"), not another language's word ("conduite" is not "conduct").
_SURE_TYPO = 0.88
#: BM25 of a one-word text holding the word once, relative to the word's IDF: what a score is divided
#: by, so that a text saying just the query scores about 1.
_BEST_BM25 = (_K1 + 1) / (1 + _K1 * (1 - _B))
_CODE_KEY = "#code:"
#: How much a light word of the query counts (:data:`~.textsearch.LIGHT_WORDS`: "être", "faire"):
#: "être patient" is about patience, not about every label that begins with "Être".
_LIGHT = 0.3


@dataclass(frozen=True)
class Suggestion:
    """A reference item found for a query: how well it matches (0–1) and why.

    ``matched`` is the item's text that matched (in ``language``; ``field`` tells which: ``label``,
    ``alt``, ``description`` or ``code``); ``why`` lists the query's words found in it, written
    ``tableur`` for the same word, ``conduite→conduire`` for the same stem or a near spelling.
    """

    reference: str
    framework: str
    item: ReferenceItem
    score: float
    matched: str
    language: str
    field: str = "label"
    why: tuple[str, ...] = ()

    def to_alignment(self, lang: str = "fr") -> Alignment:
        from ..model import Alignment

        item = self.item
        return Alignment(framework=self.framework, name=item.label(lang), url=item.uri, code=item.code or item.id,
                         target_type=item.kind, description=item.descriptions.get(lang, ""))  # fmt: skip

    def to_dict(self, lang: str = "fr") -> dict[str, object]:
        return {"reference": self.reference, "framework": self.framework, "id": self.item.id, "code": self.item.code,
                "label": self.item.label(lang), "matched": self.matched, "field": self.field,
                "language": self.language, "why": list(self.why), "uri": self.item.uri,
                "score": round(self.score, 4)}  # fmt: skip


@dataclass
class Query:
    """The answer to a query: the suggestions, the language searched, and a notice when nothing could be.

    ``notice`` (French and English) is set when the query's language is not one the sets are
    written in, or when none of its words appears in their texts.
    """

    text: str
    language: str
    detected: bool
    languages: list[str]
    suggestions: list[Suggestion] = field(default_factory=list)
    notice: dict[str, str] = field(default_factory=dict)


@dataclass
class IndexPart:
    """The index of one reference set, its items and entries numbered from 0 within the set.

    An entry is one text of an item: its ``entry_field`` (a number in :data:`FIELDS`), its
    ``entry_rank`` (which of :meth:`ReferenceItem.texts` for a label or an alternative label, which
    description, -1 for the code), its language (``languages[entry_lang]``) and its length in terms.
    ``postings`` maps each ``lang:term`` (and ``#code:<code>``) to the entries holding it, an entry
    listed once per occurrence. ``vocabulary`` maps each language to its folded words and their terms.
    """

    reference: ReferenceSet
    entry_item: np.ndarray  # int32
    entry_field: np.ndarray  # int32
    entry_rank: np.ndarray  # int32
    entry_lang: np.ndarray  # int32
    entry_length: np.ndarray  # int32
    languages: list[str]
    postings: dict[str, np.ndarray]  # int32
    vocabulary: dict[str, dict[str, str]]


def _entries(item: ReferenceItem) -> Iterable[tuple[int, int, str, str]]:
    """(field, rank, language, text) of every searched text of an item."""
    labels = sum(1 for label in item.labels.values() if label)  # texts() gives the labels first
    for rank, (lang, text) in enumerate(item.texts()):
        yield (_LABEL if rank < labels else _ALT), rank, lang, text
    for rank, (lang, text) in enumerate(item.descriptions.items()):
        if text:
            yield _DESCRIPTION, rank, lang, text


def index_part(reference: ReferenceSet) -> IndexPart:
    """Index one reference set (the slow part: a second or two for 15,000 items, hence :mod:`.indexcache`)."""
    columns: dict[str, list[int]] = {"item": [], "field": [], "rank": [], "lang": [], "length": []}
    languages: dict[str, int] = {}
    postings: dict[str, list[int]] = {}
    vocabulary: dict[str, dict[str, str]] = {}
    for number, item in enumerate(reference.items):
        for field_number, rank, lang_tag, text in _entries(item):
            lang = base_language(lang_tag)
            known = vocabulary.setdefault(lang, {})
            entry = len(columns["item"])
            found = words(text, lang)
            for word in found:
                term = known.get(word)
                if term is None:
                    term = known[word] = stem(word, lang)
                postings.setdefault(f"{lang}:{term}", []).append(entry)
            for name, value in (("item", number), ("field", field_number), ("rank", rank),
                                ("lang", languages.setdefault(lang, len(languages))), ("length", len(found))):
                columns[name].append(value)
        if item.code:
            postings.setdefault(_CODE_KEY + fold(item.code).replace(" ", ""), []).append(len(columns["item"]))
            for name, value in (("item", number), ("field", _CODE), ("rank", -1), ("lang", -1), ("length", 1)):
                columns[name].append(value)
    arrays = {name: np.asarray(values, dtype=np.int32) for name, values in columns.items()}
    return IndexPart(reference, arrays["item"], arrays["field"], arrays["rank"], arrays["lang"], arrays["length"],
                     list(languages), {key: np.asarray(v, dtype=np.int32) for key, v in postings.items()},
                     vocabulary)  # fmt: skip


class _Language:
    """The words of one language in the index, sorted (for prefixes) and by length (for near spellings)."""

    def __init__(self, vocabulary: dict[str, str]) -> None:
        self.words = vocabulary
        self.terms = frozenset(vocabulary.values())
        self.sorted = sorted(vocabulary)
        self.sorted_terms = sorted(self.terms)
        self._by_length: dict[int, list[str]] | None = None
        self._terms_by_length: dict[int, list[str]] | None = None

    @property
    def by_length(self) -> dict[int, list[str]]:
        if self._by_length is None:
            self._by_length = {}
            for word in self.sorted:
                self._by_length.setdefault(len(word), []).append(word)
        return self._by_length

    @property
    def terms_by_length(self) -> dict[int, list[str]]:
        if self._terms_by_length is None:
            self._terms_by_length = {}
            for term in self.sorted_terms:
                self._terms_by_length.setdefault(len(term), []).append(term)
        return self._terms_by_length


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
        # Items are looked up by number when a query shows them (a few dozen per query), not listed
        # up front: a cached index of 30,000 items then opens in a few tens of milliseconds.
        self.references = [part.reference for part in parts]
        self._first_item = [0]
        languages: dict[str, int] = {}
        columns: dict[str, list[np.ndarray]] = {"item": [], "field": [], "rank": [], "lang": [], "length": []}
        postings: dict[str, list[np.ndarray]] = {}
        vocabulary: dict[str, dict[str, str]] = {}
        first_entry = 0
        self._set_languages: list[list[str]] = []
        for part in parts:
            remap = np.asarray([languages.setdefault(lang, len(languages)) for lang in part.languages] + [-1],
                               dtype=np.int32)  # fmt: skip
            columns["item"].append(part.entry_item + np.int32(self._first_item[-1]))
            columns["field"].append(part.entry_field)
            columns["rank"].append(part.entry_rank)
            columns["lang"].append(remap[part.entry_lang])  # -1 (a code) picks the last, -1
            columns["length"].append(part.entry_length)
            for key, entries in part.postings.items():
                postings.setdefault(key, []).append(entries + np.int32(first_entry))
            for lang, known in part.vocabulary.items():
                vocabulary.setdefault(lang, {}).update(known)
            self._first_item.append(self._first_item[-1] + len(part.reference.items))
            self._set_languages.append(list(part.languages))
            first_entry += len(part.entry_item)

        def joined(name: str) -> np.ndarray:
            return np.concatenate(columns[name]) if columns[name] else np.zeros(0, dtype=np.int32)

        self.entry_item, self.entry_field, self.entry_rank = joined("item"), joined("field"), joined("rank")
        self.entry_lang, self.entry_length = joined("lang"), joined("length").astype(np.float32)
        self.languages = list(languages)
        self.postings = {key: (v[0] if len(v) == 1 else np.concatenate(v)) for key, v in postings.items()}
        self._languages = {lang: _Language(known) for lang, known in vocabulary.items()}
        # BM25's length normalisation, per field: a label is compared with labels, a description with descriptions
        average = np.ones(len(FIELDS), dtype=np.float32)
        for number in range(len(FIELDS)):
            lengths = self.entry_length[self.entry_field == number]
            if lengths.size:
                average[number] = max(float(lengths.mean()), 1.0)
        self._norm = (_K1 * (1 - _B + _B * self.entry_length / average[self.entry_field])).astype(np.float32)
        self._weight = _FIELD_WEIGHT[self.entry_field] if self.entry_field.size else np.zeros(0, dtype=np.float32)
        self._entries_per_language = {lang: int(np.count_nonzero(self.entry_lang == n)) for lang, n in languages.items()}
        self._cache: dict[tuple[str, str, bool], list[tuple[str, float, str]]] = {}
        self._detection: dict[str, tuple[frozenset[str], frozenset[str]]] = {}

    def __len__(self) -> int:
        return self._first_item[-1]

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

    def entry(self, entry: int) -> tuple[int, str, str, str]:
        """Entry number ``entry``: its item number, its field, its language ("" for a code) and its text."""
        number, rank, field_number = int(self.entry_item[entry]), int(self.entry_rank[entry]), int(self.entry_field[entry])
        item = self.item(number)[1]
        if field_number == _CODE:
            return number, "code", "", item.code
        if field_number == _DESCRIPTION:
            lang, text = [pair for pair in item.descriptions.items() if pair[1]][rank]
        else:
            lang, text = list(item.texts())[rank]
        return number, FIELDS[field_number], lang, text

    def idf(self, term: str, lang: str) -> float:
        """How rare a term is among the texts of its language (0 for a term the index does not hold)."""
        entries = self.postings.get(f"{lang}:{term}")
        if entries is None:
            return 0.0
        total, holding = self._entries_per_language.get(lang, 0), len(entries)
        return math.log(1 + (total - holding + 0.5) / (holding + 0.5))

    def _rarest(self, lang: str) -> float:
        """The IDF of a term no text of ``lang`` holds (BM25's, for none among them)."""
        return math.log(1 + (self._entries_per_language.get(lang, 0) + 0.5) / 0.5)

    # ---- the query's words ---------------------------------------------------------------------------

    def _expansions(self, word: str, lang: str, sure: bool) -> list[tuple[str, float, str]]:
        """Terms standing for a query word in ``lang``: (term, how much it counts, how it was found).

        Its own term first; failing that, terms of the words it begins (a word being typed) and
        terms that begin with its own or that it begins (``travail``/``travaill``); failing that,
        near spellings, only very near ones unless the query's language is ``sure``.
        """
        key = (word, lang, sure)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        language = self._languages.get(lang)
        found: dict[str, tuple[float, str]] = {}
        own = stem(word, lang)
        if language is not None and own in language.terms:
            found[own] = (1.0, word if language.words.get(word) == own else f"~{own}")
        elif language is not None:
            if len(word) >= 3:
                start = bisect_left(language.sorted, word)
                for candidate in language.sorted[start:start + 30]:
                    if not candidate.startswith(word):
                        break
                    found.setdefault(language.words[candidate], (_PREFIX, f"{candidate}…"))
            if len(own) >= 5:  # "travail" and "travaill", "soudur" and "soud": one word's stem begins the other's
                start = bisect_left(language.sorted_terms, own[:5])
                for term in language.sorted_terms[start:start + 30]:
                    if not term.startswith(own[:5]):
                        break
                    if term.startswith(own):
                        found.setdefault(term, (_STEM_PREFIX, f"~{term}"))
            begun = bool(found)
            near = {} if begun or len(word) < 4 or own in known_terms(lang) else self._near_spellings(
                word, own, language, sure)  # a known word is no slip  # fmt: skip
            if len(own) >= 5 and not begun:
                # "soudure" is "souder"'s: a stem beginning the word's, unless the word is rather a slip
                # ("acceuil" is not "accès" but "accueil")
                shorter = next((own[:n] for n in range(len(own) - 1, 3, -1) if own[:n] in language.terms), None)
                if shorter and (not near or shorter in near):
                    found[shorter] = (_STEM_PREFIX, f"~{shorter}")
            for term, (weight, how) in near.items():
                if term not in found or found[term][0] < weight:
                    found[term] = (weight, how)
        result = [(term, weight, how) for term, (weight, how) in found.items()]
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[key] = result
        return result

    @staticmethod
    def _near_spellings(word: str, own: str, language: _Language, sure: bool) -> dict[str, tuple[float, str]]:
        """Terms of words spelled nearly like ``word``, or spelled nearly like its stem ``own``
        ("acceuil" is two slips from "accès" but one from the stem of "accueillir"): the nearest only."""
        near: list[tuple[int, float, str, str]] = []  # (slips, closeness, term, word shown)
        for typed, pool, term_of in ((word, language.by_length, language.words),
                                     (own if len(own) >= 5 else "", language.terms_by_length, None)):  # fmt: skip
            if not typed:  # a short stem is too near too many others ("rest", "gest")
                continue
            # one slip in short words, two in longer ones; only words of a near length can be that close
            allowed = 1 if len(typed) < 7 else 2
            candidates = [w for n in range(len(typed) - allowed, len(typed) + allowed + 1) for w in pool.get(n, ())]
            for candidate, distance, _ in process.extract(typed, candidates, scorer=OSA.distance, limit=6,
                                                          score_cutoff=allowed):  # fmt: skip
                closeness = 1 - distance / max(len(typed), len(candidate))
                if sure or closeness >= _SURE_TYPO:
                    term = term_of[candidate] if term_of is not None else candidate
                    near.append((int(distance), closeness, term, candidate if term_of is not None else f"~{candidate}"))
        nearest = min((slips for slips, _, _, _ in near), default=0)
        found: dict[str, tuple[float, str]] = {}
        for slips, closeness, term, shown in near:
            if slips == nearest and (term not in found or found[term][0] < closeness):
                found[term] = (closeness, shown)  # "acceuil" meant "accueil", not also "acces"
        return found

    def _detection_vocabulary(self, lang: str) -> tuple[frozenset[str], frozenset[str]]:
        """The words and terms that tell a query is in ``lang``: the references' and the synonym table's."""
        found = self._detection.get(lang)
        if found is None:
            language, extra = self._languages[lang], known_words(lang)
            found = self._detection[lang] = (frozenset(language.words) | extra,
                                             language.terms | {stem(word, lang) for word in extra})  # fmt: skip
        return found

    # ---- searching -----------------------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 10, references: Iterable[str] = (),
               lang: str | None = None) -> list[Suggestion]:  # fmt: skip
        """The reference items best matching ``query``, best first (one suggestion per item).

        ``lang`` is the query's language; by default it is detected. See :meth:`query` for why
        nothing was found.
        """
        return self.query(query, limit=limit, references=references, lang=lang).suggestions

    def query(self, text: str, *, limit: int = 10, references: Iterable[str] = (), lang: str | None = None) -> Query:
        """Search ``text``: the suggestions, the language searched and, when nothing could be, why."""
        wanted = set(references)
        available = list(dict.fromkeys(lang for reference, languages in zip(self.references, self._set_languages, strict=True)
                                       if not wanted or reference.name in wanted for lang in languages))  # fmt: skip
        vocabularies = {code: self._detection_vocabulary(code) for code in available if code in self._languages}
        if lang:
            language, evidence = base_language(lang), 1.0
        else:
            language, evidence = guess_language(text, vocabularies)
        answer = Query(text, language, not lang, available)
        if not fold(text) or not len(self.entry_item):
            return answer
        code_hits = self.postings.get(_CODE_KEY + fold(text).replace(" ", ""))
        if language not in available and code_hits is None:
            answer.notice = _notice_language(language, available, detected=not lang)
            return answer
        query_words = list(dict.fromkeys(words(text, language)))
        # the query as typed, then its rewrites through the synonym table; each entry keeps its best
        variants: list[tuple[list[str], dict[str, str], float]] = [(query_words, {}, 1.0)]
        variants += [(list(dict.fromkeys(found)), shown, REWRITE_WEIGHT**steps)
                     for found, shown, steps in rewrites(query_words, language)]  # fmt: skip
        expansions: dict[str, list[tuple[str, float, str]]] = {}
        scores = np.zeros(len(self.entry_item), dtype=np.float32)
        winner = np.zeros(len(self.entry_item), dtype=np.int32)
        for number, (variant, shown, weight) in enumerate(variants):
            for word in variant:
                if word not in expansions:  # a synonym is a known word: itself, not its near spellings
                    expansions[word] = self._expansions(word, language, evidence > 0) if not number else [
                        (term, 1.0, word) for term in [stem(word, language)] if f"{language}:{term}" in self.postings]
            raw, ideal, holding = self._bm25(variant, expansions, language, set(shown))
            if number and not np.any(holding):
                continue
            normalised = raw * np.float32(weight / max(ideal, 1e-6))
            if number:  # a rewrite finds the texts holding the synonym, not more of what the query found
                normalised[~holding] = 0.0
            better = normalised > scores
            scores[better], winner[better] = normalised[better], number
        scores *= self._weight
        scores[self.entry_lang != (self.languages.index(language) if language in self.languages else -2)] = 0.0
        if code_hits is not None:
            scores[code_hits] = 2.0  # the code itself: first, whatever the language
            winner[code_hits] = 0
        if not np.any(scores):
            if query_words:
                answer.notice = _notice_nothing(language, detected=not lang)
            return answer
        answer.suggestions = self._ranked(scores, winner, variants, expansions, language, limit, wanted)
        return answer

    def _bm25(self, query_words: list[str], expansions: dict[str, list[tuple[str, float, str]]], language: str,
              required: set[str]) -> tuple[np.ndarray, float, np.ndarray]:  # fmt: skip
        """Each entry's BM25 for the query's words, the score of a text saying just them (to scale by),
        and which entries hold one of the ``required`` words."""
        scores = np.zeros(len(self.entry_item), dtype=np.float32)
        holding = np.zeros(len(self.entry_item), dtype=bool)
        ideal = 0.0
        light = LIGHT_WORDS.get(language, frozenset())
        for word in query_words:
            best = np.zeros(len(self.entry_item), dtype=np.float32)
            lightness = _LIGHT if word in light else 1.0
            weights = [self.idf(term, language) * weight * lightness for term, weight, _ in expansions[word]]
            # a word no text holds is as rare as a word can be: the texts holding the query's other words
            # say only part of it, not (nearly) all of it, when a rewrite finds a text saying all of it
            ideal += max(weights, default=0.0) or self._rarest(language) * lightness
            for (term, _, _), weight in zip(expansions[word], weights, strict=True):
                entries, counts = np.unique(self.postings[f"{language}:{term}"], return_counts=True)
                bm25 = weight * counts * (_K1 + 1) / (counts + self._norm[entries])
                np.maximum.at(best, entries, bm25.astype(np.float32))
            scores += best
            if word in required:
                holding |= best > 0
        return scores, ideal, holding

    def _ranked(self, scores: np.ndarray, winner: np.ndarray, variants: list[tuple[list[str], dict[str, str], float]],
                expansions: dict[str, list[tuple[str, float, str]]], language: str, limit: int,
                wanted: set[str]) -> list[Suggestion]:  # fmt: skip
        """The best entry of each of the best items, with the phrase bonus, as suggestions."""
        hit = np.flatnonzero(scores)
        order = hit[np.argsort(-scores[hit], kind="stable")]
        keep = max(limit * 4, 40)
        ranked: list[Suggestion] = []
        seen: set[int] = set()
        for entry in order.tolist():
            number = int(self.entry_item[entry])
            if number in seen:
                continue
            reference, item = self.item(number)
            if wanted and reference.name not in wanted:
                continue
            seen.add(number)
            _, field_name, lang, text = self.entry(entry)
            query_words, shown, _ = variants[int(winner[entry])]
            why, bonus, sureness = ((), 0.0, 1.0) if field_name == "code" else _explain(
                text, lang or language, query_words, expansions, shown)  # fmt: skip
            score = min(float(scores[entry]) / _BEST_BM25, 1.0) * (0.9 + 0.1 * bonus) * sureness
            ranked.append(Suggestion(reference.name, reference.framework, item, score, text, lang, field_name,
                                     why or (fold(text),)))  # fmt: skip
            if len(ranked) >= keep:
                break
        ranked.sort(key=lambda s: (-s.score, s.item.code or s.item.id))
        return ranked[:limit]


def _explain(text: str, lang: str, query_words: list[str], expansions: dict[str, list[tuple[str, float, str]]],
             shown: dict[str, str] | None = None) -> tuple[tuple[str, ...], float, float]:  # fmt: skip
    """Which query words a text holds (``word``, or ``query word→text word``); how much of the query it
    says in order (0–1: the share of the query's consecutive word pairs that are consecutive in it);
    and how surely its words are the query's (1, less when a stem joins words a person would not).
    ``shown`` maps a word put in by a synonym to the query's words it stands for (``mails→messagerie``)."""
    shown = shown or {}
    text_words = words(text, lang)
    text_terms = [stem(word, lang) for word in text_words]
    why: list[str] = []
    positions: list[int | None] = []
    sureness = 1.0
    for word in query_words:
        wanted = {term for term, _, _ in expansions.get(word, ())}
        place = next((n for n, term in enumerate(text_terms) if term in wanted), None)
        positions.append(place)
        if place is not None:
            typed = shown.get(word, word)
            why.append(typed if text_words[place] == typed else f"{typed}→{text_words[place]}")
            if text_terms[place] == stem(word, lang):  # the same stem: the same word, or only its stem?
                sureness *= kinship(word, text_words[place], lang)
    if len(query_words) < 2:
        return tuple(why), 1.0 if why else 0.0, sureness
    in_order = sum(1 for a, b in itertools.pairwise(positions) if a is not None and b is not None and b == a + 1)
    return tuple(why), in_order / (len(query_words) - 1), sureness


def _notice_language(language: str, available: list[str], *, detected: bool) -> dict[str, str]:
    shown = ", ".join(available) or "—"
    how_fr, how_en = ("semble écrite", "seems to be written") if detected else ("est écrite", "is written")
    return {"fr": f"La requête {how_fr} en « {language} », mais les référentiels n'ont de libellés qu'en {shown} : "
                  "écrivez la requête dans l'une de ces langues (ou indiquez sa langue avec --lang).",
            "en": f"The query {how_en} in '{language}', but the reference sets only have labels in {shown}: "
                  "write the query in one of these languages (or give its language with --lang)."}  # fmt: skip


def _notice_nothing(language: str, *, detected: bool) -> dict[str, str]:
    hint_fr = " (langue détectée ; indiquez-la avec --lang si elle est fausse)" if detected else ""
    hint_en = " (detected; give it with --lang if that is wrong)" if detected else ""
    return {"fr": f"Aucun mot de la requête ne figure dans les libellés en « {language} »{hint_fr}.",
            "en": f"None of the query's words appears in the '{language}' labels{hint_en}."}  # fmt: skip


def suggest_alignments(framework: Framework, competency_id: str, references: AlignmentIndex | Iterable[ReferenceSet],
                       *, limit: int = 10) -> list[Suggestion]:  # fmt: skip
    """Reference items that a competency (or a badge) could be aligned to, from its text, best first.

    The title in each language is searched in that language, then the description (whose matches
    count for less); items the competency is already aligned to are left out. Pass an
    :class:`AlignmentIndex` when suggesting for many competencies: building it is the slow part.
    """
    item = framework.competency(competency_id) or framework.badge(competency_id)
    if item is None:
        raise UnknownItem("competency", competency_id)
    index = references if isinstance(references, AlignmentIndex) else AlignmentIndex(references)
    titles = getattr(item, "title", None) or getattr(item, "name", {})
    already = {(a.code, a.url) for a in item.alignments}
    best: dict[tuple[str, str], Suggestion] = {}
    queries = [(text, lang, 1.0) for lang, text in titles.items() if text]
    queries += [(text, lang, 0.8) for lang, text in item.description.items() if text]
    for text, lang, weight in queries:
        for suggestion in index.search(text, limit=limit * 2, lang=lang):
            key = (suggestion.reference, suggestion.item.id)
            scored = Suggestion(suggestion.reference, suggestion.framework, suggestion.item, suggestion.score * weight,
                                suggestion.matched, suggestion.language, suggestion.field, suggestion.why)  # fmt: skip
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
