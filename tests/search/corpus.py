"""Queries a visitor would type, each with the page that must be among the first three results.

Shared by the corpus test (SQLite and PostgreSQL) and scripts/benchmark_search.py.
"""

T1 = "推进各类教育融通发展"
T2 = "加快发展社区教育和老年教育"
T3 = "加强面向各类群体的职业技能培训"
T4 = "共建共享优质数字化教育资源"
T5 = "高质量推进全民阅读"
T6 = "营造全民终身学习浓厚氛围"
GUIDE = "新时代学习型城市建设指南"

CORPUS = [
    # the guide's own terms
    ("社区教育", T2),
    ("老年大学", T2),
    ("学分银行", T1),
    ("职业技能培训", T3),
    ("全民阅读", T5),
    ("读书节", T5),
    ("留守儿童", T5),
    ("博物馆", T6),
    ("产教融合", T1),
    ("互联互通", T4),
    # fragments of compounds, and words combined with fragments
    ("品牌项目", T6),
    ("学习活动周", T6),
    ("终身学习活动", T6),
    ("公共服务平台", T4),
    ("老年教育资源", T2),
    ("终身学习品牌", T6),
    ("数智化服务", T4),
    ("家长学校", T1),
    ("学习成果", T1),
    ("社区学习共同体", T2),
    ("教育学院", T2),
    ("品牌阅读", T5),
    # two or more words
    ("社区教育 老年大学", T2),
    ("退役军人 就业创业", T3),
    ("乡村振兴 职业培训", T3),
    ("数字化 阅读", T5),
    ("人工智能 学习场景", T6),
    # synonyms editors keep (shipped as data)
    ("老年开放大学", T2),
    ("社区学院", T2),
    ("学习成果认证", T1),
    # mixed Chinese and ASCII, full width, stray spaces and punctuation
    ("5G 学习", T6),
    ("５Ｇ学习场景", T6),
    ("VR 虚拟现实", T6),
    ("互联网+技能", T3),
    ("“全民阅读”！", T5),
    ("  社区  教育 ", T2),
    ("老年大学？", T2),
    ("职普融通，产教融合", T1),
    # pinyin, for a phone without a Chinese keyboard
    ("shequ jiaoyu", T2),
    ("sqjy", T2),
    ("quanmin yuedu", T5),
    ("xuefen yinhang", T1),
    # words not all found: the best partial match
    ("老年大学 火星", T2),
    ("全民阅读 周末集市", T5),
]
