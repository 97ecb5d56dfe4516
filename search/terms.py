"""What a visitor's query looks for: its terms, and for each the ways a page may hold it.

Each term is matched, best first, as a whole word (or an editor's synonym of it), as a
contiguous run of characters inside a longer word (a phrase of character pairs), and, for a
word of plain letters, as the pinyin of a Chinese word. A branch is a list of phrases that
must all be found; a phrase is a list of index tokens that must follow each other.
"""

from dataclasses import dataclass

from search.segmentation import CJK_RUN, NON_WORD, PINYIN_MARK, character_pairs, normalise, query_words
from search.synonyms import synonym_map

# Bounds the work of one search: each term is a few full-text matches.
MAX_TERMS = 8

WHOLE_WORD = 1.0
SYNONYM = 0.8
RUN = 0.5  # the words of a run typed together (学习活动周), found together
FRAGMENT = 0.25
PINYIN = 0.1


@dataclass(frozen=True)
class Branch:
    term: int
    phrases: tuple
    weight: float


@dataclass(frozen=True)
class Term:
    word: str
    synonyms: tuple = ()
    run: str = ""  # the run of Chinese typed together that this word is part of


def _phrases(text):
    """A synonym as phrases of index tokens: its Chinese as runs of pairs, other words as they are."""
    phrases = []
    for word in query_words(text):
        pairs = character_pairs(word) if CJK_RUN.fullmatch(word) else []
        phrases.append(tuple(pairs) if pairs else (word,))
    return tuple(phrases)


def query_terms(text):
    """The query's terms: editors' synonym terms first (kept whole), then its longest words."""
    rest = normalise(text)
    mapping = synonym_map()
    terms = []
    for term in sorted(mapping, key=len, reverse=True):
        if term in rest:
            terms.append(Term(term, mapping[term]))
            rest = rest.replace(term, " ")
    for run in NON_WORD.split(rest):
        words = query_words(run)
        together = run if len(words) > 1 and CJK_RUN.fullmatch(run) else ""
        terms += [Term(word, mapping.get(word, ()), together) for word in words]
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def branches(terms):
    """Every way each term may be found, with the weight of a match found that way."""
    found = []
    for number, term in enumerate(terms):
        # A synonym term may be several words (老年开放大学): each is then looked for.
        single = query_words(term.word) == [term.word]
        found.append(Branch(number, ((term.word,),) if single else _phrases(term.word), WHOLE_WORD))
        found += [Branch(number, _phrases(synonym), SYNONYM) for synonym in term.synonyms]
        if term.run:
            found.append(Branch(number, (tuple(character_pairs(term.run)),), RUN))
        if CJK_RUN.fullmatch(term.word) and len(term.word) > 1:
            found.append(Branch(number, (tuple(character_pairs(term.word)),), FRAGMENT))
        if term.word.isascii() and term.word.isalpha():
            found.append(Branch(number, ((PINYIN_MARK + term.word,),), PINYIN))
    return [branch for branch in found if branch.phrases]


def highlighted_words(terms):
    """The words to mark in titles and snippets."""
    return [word for term in terms for word in (term.word, *term.synonyms)]
