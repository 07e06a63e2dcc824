"""Which language a CASE package is written in, when it does not say (``CFDocument.language`` absent).

A count of stop words, for the languages partners' packages come in (French, English, German,
Spanish, Dutch, Italian). Why not a statistical detector from PyPI: competency statements are
short, but a package holds dozens to thousands of them, and over that much text the function
words of one language outnumber the others' by far, so counting them is as reliable as a
character n-gram model, deterministic (``langdetect`` is random unless seeded), needs no
dependency or model file, and decides on a 26,000-item package in about 20 ms of CPU (the first
:data:`SAMPLE_WORDS` words are enough). When the text is too short or too mixed to tell,
:func:`detect_language` answers ``None`` and the caller says so instead of guessing.

>>> detect_language(["Communicate with customers and colleagues", "Manage the stock of the shop"])
'en'
>>> detect_language(["Accueillir les clients et les orienter", "Gérer le stock de la boutique"])
'fr'
>>> detect_language(["1.2", "B-4"]) is None
True
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

__all__ = ["MIN_EVIDENCE", "SAMPLE_WORDS", "STOP_WORDS", "detect_language"]

#: Frequent function words of each language. Words shared by several languages (``de``, ``en``,
#: ``la``, ``a``, ``in``, ``die``…) count for each of them; the distinctive ones decide.
STOP_WORDS: dict[str, frozenset[str]] = {
    "fr": frozenset("""le la les un une des du de et ou à au aux en dans sur pour par avec sans son sa ses leur
        leurs ce cette ces qui que dont est sont être avoir selon afin entre vers chez ne pas plus d l
        savoir mettre""".split()),
    "en": frozenset("""the a an and or of to in on for with without by from at as is are be this that these
        those which who its their your into using use able within between""".split()),
    "de": frozenset("""der die das und oder ein eine einer eines den dem des zu im in auf für mit ohne von bei
        aus ist sind nach über unter können sowie durch""".split()),
    "es": frozenset("""el la los las un una unos unas y o de del en con sin por para al es son su sus que
        como entre sobre según""".split()),
    "nl": frozenset("""de het een en of van in op voor met zonder door bij uit is zijn te naar over onder
        kunnen die dat deze""".split()),
    "it": frozenset("""il lo la i gli le un una uno e o di del della dei delle in con senza per da al alla
        è sono su che come tra""".split()),
}

#: Enough words to decide, read from the start of the text: a 50 MB package is not read word by word.
SAMPLE_WORDS = 20_000
#: Fewer stop words than this, or a winner less than 1.5 times ahead of the next language: no answer.
MIN_EVIDENCE = 3

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _words(texts: Iterable[str]) -> Iterable[str]:
    seen = 0
    for value in texts:
        for match in _WORD.finditer(value.lower()):
            word = match.group()
            # French elisions (l'équipe, d'un) are words of their own
            if "'" in word or "’" in word:
                head, _, word = word.replace("’", "'").partition("'")
                yield head
            yield word
            seen += 1
            if seen >= SAMPLE_WORDS:
                return


def detect_language(texts: Iterable[str]) -> str | None:
    """The language code (``fr``, ``en``, ``de``, ``es``, ``nl``, ``it``) most of ``texts`` is written in, or ``None``.

    ``None`` when fewer than :data:`MIN_EVIDENCE` stop words are found, or when the first language
    is not clearly ahead (1.5 times the score of the second): the caller must not guess.
    """
    scores: Counter[str] = Counter()
    for word in _words(texts):
        for lang, words in STOP_WORDS.items():
            if word in words:
                scores[lang] += 1
    ranked = scores.most_common(2)
    if not ranked or ranked[0][1] < MIN_EVIDENCE:
        return None
    if len(ranked) == 2 and ranked[0][1] < 1.5 * ranked[1][1]:
        return None
    return ranked[0][0]
