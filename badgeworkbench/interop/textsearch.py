"""How alignment search reads a text: folded words, stop words and stems per language, and the query's language.

A text becomes *terms*: its words folded (lower case, accents and ligatures removed), the stop
words of its language left out, and each word reduced to its Snowball stem (PyStemmer) in that
language, so that ``tableurs``/``tableur`` or ``managing``/``manage`` are the same term. A few
French nouns whose stem differs from their verb's (``gestion``/``gérer``, ``conduite``/``conduire``)
are given the verb's stem: a person searching "gestion du stress" means "gérer son stress".

>>> terms("Conduire des chariots élévateurs", "fr")
['conduir', 'chariot', 'elev']
>>> terms("Conduite de chariot élévateur", "fr")
['conduir', 'chariot', 'elev']
>>> terms("Managing spreadsheets", "en")
['manag', 'spreadsheet']
>>> guess_language("gestion du stress", {"fr": ((), ()), "en": ((), ())})[0]
'fr'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Mapping
from functools import lru_cache

import Stemmer

__all__ = ["LIGHT_WORDS", "STOP_WORDS", "base_language", "fold", "guess_language", "kinship", "stem", "terms", "words"]

_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "’": "'"})

#: Words that say nothing about a competence, per language (our own lists: articles, pronouns,
#: prepositions, conjunctions and auxiliaries, folded).
STOP_WORDS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        "a au aux avec ce ces cet cette chez d dans de des du elle elles en entre et etc eux il ils je l la le les "
        "leur leurs lui m ma mais me mes moi mon n ne ni nos notre nous on ou par pas pour qu que qui s sa sans se "
        "ses si son sur t ta te tes toi ton tu un une vers vos votre vous y afin lors selon sous est sont".split()),
    "en": frozenset(
        "a an and any are as at be been being but by can do does for from had has have he her his how i if in into "
        "is it its me my of on one or our own she so such than that the their them then there these they this "
        "those to too us was we were what when where which while who whom will with within without you your "
        "etc".split()),
}  # fmt: skip

#: Words that say little on their own in a query, but are not stop words: "être ponctuel", "faire
#: preuve de patience", "savoir s'adapter", "make sales". A query's light words count for less.
LIGHT_WORDS: dict[str, frozenset[str]] = {
    "fr": frozenset("etre avoir faire savoir bien bon bonne preuve capable".split()),
    "en": frozenset("make get good well able show".split()),
}

#: Snowball algorithm for each language code (others are searched unstemmed).
_ALGORITHMS = {"fr": "french", "en": "english", "de": "german", "nl": "dutch", "es": "spanish", "it": "italian",
               "pt": "portuguese", "ca": "catalan", "da": "danish", "fi": "finnish", "sv": "swedish",
               "no": "norwegian", "ro": "romanian", "hu": "hungarian", "el": "greek", "lt": "lithuanian"}  # fmt: skip

#: French nouns (and adjectives) whose Snowball stem is not that of their verb (or noun): given the
#: latter, so that "gestion" meets "gérer" and "rigoureux" meets "rigueur". Folded stems.
_SAME_AS = {"fr": {"gestion": "ger", "conduit": "conduir", "conduis": "conduir", "vent": "vendr",
                   "travaill": "travail", "ponctualit": "ponctuel", "soin": "soign", "entretien": "entreten",
                   "protect": "proteg", "rigour": "rigueur", "curieux": "curios", "creatif": "creativ",
                   "reactif": "reactiv", "livraison": "livr", "nettoyag": "nettoi", "format": "form"}}
#: American -ize/-yze spellings, written the British way before stemming ("organized", "analyze" are
#: "organised", "analyse"): ESCO and many English frameworks spell them so, partners often not.
_BRITISH = re.compile(r"^(\w{3,}[iy])z(e|ed|es|ing|ation|ations|er|ers)$")
#: Letters that English words do not carry: a strong sign of French.
_FRENCH_LETTERS = re.compile("[éèêàâçùûôîïëœ]")


def fold(text: str) -> str:
    """Lower case, without accents, ligatures spelled out, punctuation as spaces.

    >>> fold("Être à l'écoute — « Cœur » de métier")
    'etre a l ecoute coeur de metier'
    """
    text = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def base_language(lang: str) -> str:
    """``fr-FR`` → ``fr``: stemmers and stop words go by the language, not the region."""
    return lang.split("-")[0].split("_")[0].lower()


@lru_cache(maxsize=32)
def _stemmer(lang: str) -> Stemmer.Stemmer | None:
    algorithm = _ALGORITHMS.get(lang)
    return Stemmer.Stemmer(algorithm) if algorithm else None


def stem(word: str, lang: str) -> str:
    """The term a folded word stands for in ``lang`` (its stem, or the word where no stemmer exists).

    >>> stem("gestion", "fr"), stem("gerer", "fr"), stem("punctuality", "en")
    ('ger', 'ger', 'punctual')
    """
    stemmer = _stemmer(lang)
    if stemmer is None:
        return word
    if lang == "en":
        word = _BRITISH.sub(r"\1s\2", word)
    stemmed = stemmer.stemWord(word)
    return _SAME_AS.get(lang, {}).get(stemmed, stemmed)


def words(text: str, lang: str) -> list[str]:
    """The folded words of ``text`` that are not stop words in ``lang`` (in order)."""
    stop = STOP_WORDS.get(lang, frozenset())
    return [w for w in fold(text).split() if w not in stop and (len(w) > 1 or w.isdigit())]


def terms(text: str, lang: str) -> list[str]:
    """The terms of ``text`` in ``lang``, in order (a word repeated gives its term twice)."""
    return [stem(w, lang) for w in words(text, lang)]


def kinship(query_word: str, text_word: str, lang: str) -> float:
    """How surely two words of the same term are the same word (1, or 0.75).

    Snowball gives "élévateur" and "élèves" the same stem; a person would not take one for the
    other. Words of one term are kin when equal, when close in spelling (``conduite``/``conduire``),
    or when brought together on purpose (``gestion``/``gérer``).

    >>> kinship("conduite", "conduire", "fr"), kinship("gestion", "gerer", "fr"), kinship("elevateur", "eleves", "fr")
    (1.0, 1.0, 0.75)
    """
    if query_word == text_word:
        return 1.0
    stemmer, table = _stemmer(lang), _SAME_AS.get(lang, {})
    if stemmer is not None and (stemmer.stemWord(query_word) in table or stemmer.stemWord(text_word) in table):
        return 1.0
    shared = next((n for n, (a, b) in enumerate(zip(query_word, text_word, strict=False)) if a != b),
                  min(len(query_word), len(text_word)))  # the letters both words begin with
    return 1.0 if shared >= 0.5 * max(len(query_word), len(text_word)) else 0.75


def guess_language(query: str, vocabularies: Mapping[str, tuple[Container[str], Container[str]]]) -> tuple[str, float]:
    """The language a query is most likely written in, and how much evidence there is (0: none).

    ``vocabularies`` maps each language of the reference sets to its folded words and its terms.
    Evidence: stop words of one language only (``de``, ``du`` / ``the``, ``of``: the surest sign),
    French accented letters, and the query's other words found in one language's labels (exactly,
    or by their stem). With no evidence at all, the only language of the sets, else French.
    """
    scores: dict[str, float] = dict.fromkeys([*vocabularies, "fr", "en"], 0.0)
    folded = fold(query).split()
    stop_words = set().union(*STOP_WORDS.values())
    for word in folded:
        owners = [lang for lang, stop in STOP_WORDS.items() if word in stop]
        if len(owners) == 1:
            scores[owners[0]] += 2.0
    if _FRENCH_LETTERS.search(query.lower()):
        scores["fr"] += 1.0
    content = [word for word in folded if word not in stop_words and len(word) > 2]
    for lang, (vocabulary, known_terms) in vocabularies.items():
        for word in content:
            if word in vocabulary:
                scores[lang] += 1.0
            elif stem(word, lang) in known_terms:
                scores[lang] += 0.5
    best = max(scores.values())
    if best == 0:
        return (next(iter(vocabularies)) if len(vocabularies) == 1 else "fr"), 0.0
    # ties go to a language the sets have, then French
    leaders = [lang for lang, score in scores.items() if score == best]
    leaders.sort(key=lambda lang: (lang not in vocabularies, lang != "fr"))
    return leaders[0], best
