"""One complete, valid city application for the shipped /apply/ form (``content/application_form.json``):
what a city office types into parts 1 to 5, and the caption and copyright part 4 asks of each photo.

The tests, the browser tests and the scripts that go through /apply/ (``scripts/two_nodes.py``,
``scripts/load_apply.py``) all type these answers, so a change to the shipped form is made here once. The
module imports nothing, Django included, so a script can use it before (or without) setting Django up.

Each step's answers are in the order the page shows its questions: the keyboard test types them in
this order, pressing Tab from one to the next. The optional slogan is left out (every answer here is
one the form requires), and part 3's profile is exactly as long as the form allows.
"""

SUZHOU = "320500"
SUZHOU_NAME = "苏州市"
EMAIL = "zhao@suzhou.example.cn"
APPLY = "申请加入全国学习型城市网络"
PROFILE_LIMIT = 500  # characters, as the shipped form's profile question allows
PHOTO_CAPTIONS = ("全民终身学习活动周开幕式", "社区学习中心一角")


def answers(city=SUZHOU, city_name=SUZHOU_NAME, email=EMAIL, variant=0):
    """{step number: {field: value}} for parts 1, 2, 3 and 5, as the form posts them. ``variant`` (1 and
    up) gives each of many applicants its own telephone numbers; 0 is the one sample city office."""
    office_phone, office_mobile, contact_phone, contact_mobile = _phones(variant)
    return {
        1: {
            "city": city,
            "join_route": APPLY,
            "city_leader_name": "王五",
            "city_leader_post": "副市长",
            "education_leader_name": "王五",
            "education_leader_post": "局长",
            "office_name": "职业教育与社会教育处",
            "office_head_name": "李四",
            "office_head_post": "处长",
            "office_head_phone": office_phone,
            "office_head_mobile": office_mobile,
            "contact_name": "赵六",
            "contact_post": "科员",
            "contact_phone": contact_phone,
            "contact_mobile": contact_mobile,
            "contact_email": email,
        },
        2: {
            "population": "1295.80",
            "population_year": "2023",
            "area": "8657.32",
            "area_year": "2023",
            "gdp_per_capita": "190813",
            "gdp_per_capita_year": "2023",
            "schooling_years": "11.8",
            "schooling_years_year": "2023",
        },
        3: {
            "start_date": "2015-06",
            "start_event": f"召开{city_name}学习型城市建设推进大会。",
            "profile": (f"{city_name}历史悠久，文化底蕴深厚，终身学习氛围浓厚。" * 25)[:PROFILE_LIMIT],
            "coordination": "市政府牵头，多部门协同。",
            "events-0-held_on": "2024-05-20",
            "events-0-organiser": "市教育局",
            "events-0-name": "全民终身学习活动周",
            "events-0-theme": "终身学习",
            "events-0-content": "开幕式及系列活动",
            "events-0-scale": "5000人",
            "policies-0-title": "关于推进学习型城市建设的实施意见",
            "policies-0-issuer": "市政府",
            "policies-0-issued_on": "2021-03-01",
            "policies-0-core_content": "明确目标任务。",
            "goals": "到2027年，基本建成人人皆学、处处能学、时时可学的学习型城市。",
            "featured_cases-0-name": "社区教育云课堂",
            "featured_cases-0-description": "线上线下融合的社区学习平台。",
            "impact": "市民参与度显著提高。",
        },
        5: {"declaration": "on"},
    }


def _phones(variant):
    """The office head's landline and mobile, then the contact's: the sample's, or numbered by ``variant``."""
    if not variant:
        return "0512-65223456", "13912345678", "0512-65223457", "13812345678"
    return f"0512-6522{variant:04d}", f"139{variant:08d}", f"0512-6523{variant:04d}", f"138{variant:08d}"


def photo_note(number=0, city_name=SUZHOU_NAME):
    """What part 4 asks of the ``number``-th photo uploaded (from 0): its caption and its copyright."""
    return {"caption": PHOTO_CAPTIONS[number % len(PHOTO_CAPTIONS)], "copyright": f"© 2024 {city_name}教育局"}


def photo_notes(photo_ids, city_name=SUZHOU_NAME):
    """Part 4's caption and copyright inputs for the uploaded photos, named as the step names them (by each
    photo's id), in upload order."""
    return {
        f"evidence_photos-{photo_id}-{name}": value
        for number, photo_id in enumerate(photo_ids)
        for name, value in photo_note(number, city_name).items()
    }
