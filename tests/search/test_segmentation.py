from hypothesis import given, settings
from hypothesis import strategies as st

from search.backends import MAX_QUERY_WORDS, segment_query
from search.segmentation import index_words, query_words


def test_guide_terms_are_single_words_in_a_sentence():
    words = index_words("加快发展社区教育和老年教育，办好国家老年大学，探索建立学分银行制度")
    for term in ("社区教育", "老年教育", "老年大学", "学分银行"):
        assert term in words


def test_dictionary_words_inside_longer_words_are_indexed():
    words = index_words("全国学习型城市网络")
    assert {"全国学习型城市网络", "学习型城市", "学习型", "学习", "城市"} <= set(words)


def test_query_keeps_its_longest_words_once():
    assert query_words("社区教育 社区教育 老年大学") == ["社区教育", "老年大学"]


def test_full_width_and_punctuation_are_normalised():
    assert query_words("５Ｇ，人工智能！") == ["5g", "人工智能"]
    assert query_words("“互联网+”") == ["互联网"]
    assert query_words("！！？。") == []


def test_mixed_chinese_and_english():
    assert query_words("VR 虚拟现实 learning city") == ["vr", "虚拟现实", "learning", "city"]


def test_a_pasted_paragraph_becomes_a_bounded_query():
    query = "学习型城市建设需要各方协同推进，" * 70
    assert len(query) > 1000
    assert len(segment_query(query).split()) <= MAX_QUERY_WORDS


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_segments_into_clean_words(text):
    for word in index_words(text) + query_words(text):
        assert word and not any(ch.isspace() for ch in word)
        assert word.isalnum() or all(ch.isalnum() or ch == "_" for ch in word)
