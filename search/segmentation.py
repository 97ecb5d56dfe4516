"""Chinese word segmentation shared by indexing and querying.

Wagtail's database backends treat a run of Chinese characters between punctuation as one
word, so a page is only found by its whole run. Both the indexed text and the query go
through jieba with the guide's own terms in its dictionary and come out as space-separated
words that every backend tokenises alike. A query keeps its longest words (社区教育); the
index also holds every dictionary word inside a longer one, so both 学习型城市 and 学习 find
全国学习型城市网络.
"""

import logging
import re
import threading
import unicodedata
from pathlib import Path

import jieba
from django.conf import settings

DICTIONARY_FILE = Path(__file__).with_name("dictionary.txt")
# Punctuation inside a token ("互联网+") would be query syntax to some backends.
NON_WORD = re.compile(r"\W+")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

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


def index_words(text):
    """What a page is found by: each word, and every dictionary word inside it."""
    text = normalise(text)
    instance = tokenizer() if CJK.search(text) else None
    found = []
    for token in _tokens(text, lambda t: instance.cut(t)):
        found.append(token)
        if instance is not None and len(token) > 2:
            found.extend(_dictionary_words_inside(token, instance.FREQ))
    return found


def query_words(text):
    """The words a visitor asked for, each once: the longest dictionary words, not their parts."""
    return list(dict.fromkeys(_tokens(normalise(text), lambda t: tokenizer().cut(t))))


def segment(text):
    return " ".join(index_words(text))


def warm_up():
    """Load the dictionary now rather than on a visitor's first search."""
    segment("学习型城市")
