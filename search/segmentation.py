"""Chinese word segmentation shared by indexing and querying.

Wagtail's database backends treat a run of Chinese characters between punctuation as one
word, so a page is only found by its whole run. Both the indexed text and the query go
through jieba with the guide's own terms in its dictionary and come out as space-separated
words that every backend tokenises alike. A query keeps its longest words (社区教育); the
index also holds every dictionary word inside a longer one, so both 学习型城市 and 学习 find
全国学习型城市网络.

Beside the words, the index holds two kinds of marked tokens that no visitor types:

- every pair of adjacent characters of a run of Chinese (``x品牌 x牌项 x项目``), in order, so a
  phrase of pairs finds any contiguous run inside a compound (品牌项目 inside 终身学习品牌项目);
- the pinyin of each Chinese word, in full and as initials (``pyshequ``, ``pysq``), so a visitor
  without a Chinese keyboard finds 社区教育 by ``shequ jiaoyu`` or ``sqjy``.

The marks keep them apart from real words, so the ranking can weigh a fragment or a pinyin
match below a whole word.
"""

import functools
import logging
import re
import threading
import unicodedata
from pathlib import Path

import jieba
from django.conf import settings
from pypinyin import Style, lazy_pinyin

DICTIONARY_FILE = Path(__file__).with_name("dictionary.txt")
# Punctuation inside a token ("互联网+") would be query syntax to some backends.
NON_WORD = re.compile(r"\W+")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# Quotation marks and brackets inside a compound (宣传推介“终身学习品牌”项目) do not break it.
QUOTES = re.compile(r"[\"'“”‘’《》「」『』〈〉【】()]")
FRAGMENT_MARK = "x"
PINYIN_MARK = "py"

_tokenizer = None
_lock = threading.Lock()


def tokenizer():
    """The process's one jieba tokenizer, loaded on first use (about 1.5 s)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                cache_dir = Path(settings.DATA_DIR) / "jieba"
                cache_dir.mkdir(parents=True, exist_ok=True)
                jieba.setLogLevel(logging.WARNING)
                instance = jieba.Tokenizer()
                instance.tmp_dir = str(cache_dir)
                instance.initialize()
                instance.load_userdict(str(DICTIONARY_FILE))
                _tokenizer = instance
    return _tokenizer


def normalise(text):
    """Full-width letters, digits and punctuation become their ASCII forms; case is folded."""
    return unicodedata.normalize("NFKC", text).casefold()


def _tokens(text, cut):
    """Words of already-normalised ``text``: jieba's cut where there is Chinese."""
    tokens = cut(text) if CJK.search(text) else NON_WORD.split(text)
    cleaned = (NON_WORD.sub("", token) for token in tokens)
    return [token for token in cleaned if token]


def _dictionary_words_inside(token, frequencies):
    """Every dictionary word inside a longer word: 学习型城市 inside 全国学习型城市网络."""
    for length in range(2, len(token)):
        for start in range(len(token) - length + 1):
            part = token[start : start + length]
            if frequencies.get(part):
                yield part


def character_pairs(word):
    """The marked pairs of adjacent characters of a run of Chinese, in order."""
    return [f"{FRAGMENT_MARK}{word[i : i + 2]}" for i in range(len(word) - 1)]


@functools.lru_cache(maxsize=20_000)
def pinyin_tokens(word):
    """A Chinese word's marked pinyin: in full (pyshequ) and as initials (pysq)."""
    full = "".join(lazy_pinyin(word))
    initials = "".join(lazy_pinyin(word, style=Style.FIRST_LETTER))
    return (f"{PINYIN_MARK}{full}", f"{PINYIN_MARK}{initials}")


def index_words(text):
    """What a page is found by: each word, every dictionary word inside it, pairs and pinyin."""
    text = normalise(text)
    instance = tokenizer() if CJK.search(text) else None
    found = []
    for token in _tokens(text, lambda t: instance.cut(t)):
        found.append(token)
        if instance is not None and len(token) > 2:
            found.extend(_dictionary_words_inside(token, instance.FREQ))
    if instance is None:
        return found
    chinese_words = [word for word in dict.fromkeys(found) if len(word) > 1 and CJK_RUN.fullmatch(word)]
    for run in CJK_RUN.findall(QUOTES.sub("", text)):
        found.extend(character_pairs(run))
    for word in chinese_words:
        found.extend(pinyin_tokens(word))
    return found


def query_words(text):
    """The words a visitor asked for, each once: the longest dictionary words, not their parts."""
    return list(dict.fromkeys(_tokens(normalise(text), lambda t: tokenizer().cut(t))))


def segment(text):
    return " ".join(index_words(text))


def warm_up():
    """Load the dictionary now rather than on a visitor's first search."""
    segment("学习型城市")
