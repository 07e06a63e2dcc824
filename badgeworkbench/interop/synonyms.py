"""Everyday words for the words of the references: the query rewrites of alignment search.

Partners type "envoyer des mails", "cariste" or "bosser en équipe"; the references say "messagerie
électronique", "conduire un chariot élévateur" and "travailler en équipe". Stems cannot join
these, so a small table of our own (``data/synonyms.txt``: one group of same-meaning phrases per
line, French and English) does. A query holding one phrase of a group (compared by stem, stop
words aside, its words next to each other) is also searched with each other phrase of the group in
its place; :class:`~.align.AlignmentIndex` keeps, for each item, the best of the query and its
rewrites, a rewrite's match counting a little less (:data:`REWRITE_WEIGHT`) than the words typed.

>>> [" ".join(words) for words, _, _ in rewrites(["envoyer", "mails"], "fr")]
['envoyer courriel', 'envoyer email', 'envoyer messagerie electronique']
>>> rewrites(["bosser", "equipe"], "fr")[0]
(('travailler', 'equipe'), {'travailler': 'bosser'}, 1)
>>> [(" ".join(words), shown, steps) for words, shown, steps in rewrites(["bosser", "equipe"], "fr")][2]
('esprit equipe', {'esprit': 'bosser equipe', 'equipe': 'bosser equipe'}, 2)
>>> rewrites(["tableur"], "de")
[]
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from .textsearch import stem, words

__all__ = ["MAX_REWRITES", "REWRITE_WEIGHT", "SynonymGroup", "known_terms", "known_words", "rewrites", "synonym_groups"]

#: How much a match through a synonym counts, relative to the words the person typed.
REWRITE_WEIGHT = 0.8
#: At most this many rewrites of one query are searched (a long query could hold many phrases).
MAX_REWRITES = 24

#: A group: its phrases, each as (folded words, their terms) in the group's language.
SynonymGroup = tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]


@lru_cache(maxsize=1)
def _table() -> dict[str, list[list[str]]]:
    """The groups of ``data/synonyms.txt`` by language, each as its phrases (as written)."""
    text = resources.files("badgeworkbench.interop").joinpath("data/synonyms.txt").read_text(encoding="utf-8")
    table: dict[str, list[list[str]]] = {}
    lang = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            lang = line[1:-1].strip()
            continue
        if not lang:
            raise ValueError(f"synonyms.txt: the group {line!r} comes before any [language] heading")
        table.setdefault(lang, []).append([phrase.strip() for phrase in line.split("|") if phrase.strip()])
    return table


@lru_cache(maxsize=16)
def synonym_groups(lang: str) -> tuple[SynonymGroup, ...]:
    """The groups of ``lang`` (none for a language the table does not have), phrases as words and terms."""
    groups = []
    for phrases in _table().get(lang, []):
        group = []
        for phrase in phrases:
            found = tuple(words(phrase, lang))
            if found:
                group.append((found, tuple(stem(word, lang) for word in found)))
        if len(group) > 1:
            groups.append(tuple(group))
    return tuple(groups)


@lru_cache(maxsize=16)
def known_words(lang: str) -> frozenset[str]:
    """The folded words of the table in ``lang`` only: evidence of a query's language beside the references' words.

    A word the table also has in another language ("excel", "zoom") tells nothing.
    """
    def table_words(code: str) -> set[str]:
        return {word for group in synonym_groups(code) for found, _ in group for word in found}

    others = set().union(*(table_words(code) for code in _table() if code != lang))
    return frozenset(table_words(lang) - others)


@lru_cache(maxsize=16)
def known_terms(lang: str) -> frozenset[str]:
    """The terms of every phrase of the table in ``lang``: a query word holding one is no slip of the keyboard."""
    return frozenset(term for group in synonym_groups(lang) for _, found in group for term in found)


def _find(terms: tuple[str, ...], wanted: tuple[str, ...]) -> int:
    """Where ``wanted`` begins in ``terms`` (its terms next to each other), or -1."""
    size = len(wanted)
    return next((start for start in range(len(terms) - size + 1) if terms[start:start + size] == wanted), -1)


def _rewrite_once(query_words: tuple[str, ...], shown: dict[str, str], lang: str,
                  seen: set[tuple[str, ...]]) -> list[tuple[tuple[str, ...], dict[str, str]]]:  # fmt: skip
    terms = tuple(stem(word, lang) for word in query_words)
    found = []
    for group in synonym_groups(lang):
        for _, phrase_terms in group:
            start = _find(terms, phrase_terms)
            if start < 0:
                continue
            span = query_words[start:start + len(phrase_terms)]
            replaced = " ".join(dict.fromkeys(shown.get(word, word) for word in span))  # as the person typed it
            for other_words, other_terms in group:
                new_terms = terms[:start] + other_terms + terms[start + len(phrase_terms):]
                if new_terms in seen:
                    continue
                seen.add(new_terms)
                kept = {word: typed for word, typed in shown.items() if word not in span}
                found.append((query_words[:start] + other_words + query_words[start + len(phrase_terms):],
                              kept | dict.fromkeys(other_words, replaced)))  # fmt: skip
    return found


def rewrites(query_words: list[str], lang: str) -> list[tuple[tuple[str, ...], dict[str, str], int]]:
    """The query's rewrites in ``lang``: (its words, each new word → the query's words it stands for, steps).

    One phrase is replaced at a time, then one more in each rewrite ("bosser en équipe" →
    "travailler en équipe" → "esprit d'équipe": 2 steps, each counting :data:`REWRITE_WEIGHT`);
    rewrites with the same terms as the query, or as an earlier rewrite, are left out.
    """
    seen = {tuple(stem(word, lang) for word in query_words)}
    first = _rewrite_once(tuple(query_words), {}, lang, seen)
    found = [(rewritten, shown, 1) for rewritten, shown in first][:MAX_REWRITES]
    for rewritten, shown in first:
        found += [(more, more_shown, 2) for more, more_shown in _rewrite_once(rewritten, shown, lang, seen)]
        if len(found) >= MAX_REWRITES:
            break
    return found[:MAX_REWRITES]
