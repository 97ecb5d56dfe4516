"""The city application form of attachment 1, as `make run` publishes it at /apply/."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from learning_city.forms.blocks import field_key, questions
from learning_city.forms.models import FormEntry, MultiStepFormPage
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def photo():
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1000), (30, 120, 200)).save(buffer, "JPEG", quality=95)
    return SimpleUploadedFile("活动现场.jpg", buffer.getvalue(), "image/jpeg")


def test_parts_one_to_five_with_the_official_limits(site_content):
    page = MultiStepFormPage.objects.get(slug="apply")
    assert page.url == "/apply/" and page.login_required
    assert [step["title"] for step in page.step_list] == [
        "一、相关工作负责人及联系人",
        "二、申请城市基本资料",
        "三、本市学习型城市建设的总体战略",
        "四、佐证材料",
        "五、申请声明",
    ]
    questions_by_key = {field_key(child): child.value for step in page.step_list for child in questions(step)}
    limits = {key: value.get("max_characters") for key, value in questions_by_key.items()}
    assert (limits["profile"], limits["slogan"], limits["coordination"], limits["goals"], limits["impact"]) == (
        500,
        20,
        300,
        400,
        300,
    )
    assert questions_by_key["slogan"]["required"] is False
    assert questions_by_key["events"]["max_entries"] == 5
    assert questions_by_key["policies"]["max_entries"] == 5
    assert questions_by_key["featured_cases"]["max_entries"] == 3
    assert {"population_year", "area_year", "gdp_per_capita_year", "schooling_years_year"} <= set(questions_by_key)
    assert "相关负责单位意见" not in str(page.steps.raw_data)  # part 6 is the province's, during review


def test_a_city_fills_all_five_parts_and_submits_once(client, site_content, django_capture_on_commit_callbacks):
    from learning_city.applications.models import ProvinceReviewer
    from learning_city.regions.models import Province

    reviewer = UserFactory(username="jiangsu", email="review@jyt.jiangsu.example.cn")
    ProvinceReviewer.objects.create(user=reviewer, province=Province.objects.get(code="320000"))
    user = UserFactory(username="suzhou@example.cn", email="suzhou@example.cn")
    client.force_login(user)
    page = MultiStepFormPage.objects.get(slug="apply")
    prefix = f"form_{page.pk}-current_step"

    def post(number, data):
        response = client.post(f"/apply/step/{number}/", {prefix: str(number), "action": "next", **data})
        assert response.status_code == 302, response.content.decode()[-3000:]
        return response

    person = {"_name": "王五", "_post": "副市长"}
    post(
        1,
        {
            "city": "320500",
            "join_route": "申请加入全国学习型城市网络",
            **{f"city_leader{k}": v for k, v in person.items()},
            **{f"education_leader{k}": v for k, v in person.items()},
            "office_name": "职业教育与社会教育处",
            "office_head_name": "李四",
            "office_head_post": "处长",
            "office_head_phone": "0512-65223456",
            "office_head_mobile": "13912345678",
            "contact_name": "赵六",
            "contact_post": "科员",
            "contact_phone": "0512-65223457",
            "contact_mobile": "13812345678",
            "contact_email": "zhao@suzhou.example.cn",
        },
    )
    post(
        2,
        {
            "population": "1295.80",
            "population_year": "2023",
            "area": "8657.32",
            "area_year": "2023",
            "gdp_per_capita": "190813",
            "gdp_per_capita_year": "2023",
            "schooling_years": "11.8",
            "schooling_years_year": "2023",
        },
    )
    post(
        3,
        {
            "start_date": "2015-06-01",
            "start_event": "召开全市学习型城市建设推进大会。",
            "profile": "苏" * 500,
            "coordination": "市政府牵头，多部门协同。",
            "goals": "到2027年……",
            "impact": "市民参与度显著提高。",
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
            "featured_cases-0-name": "社区教育云课堂",
            "featured_cases-0-description": "线上线下融合的社区学习平台。",
        },
    )
    client.post(
        "/apply/step/4/",
        {
            prefix: "4",
            "action": "next",
            "evidence_documents": SimpleUploadedFile("实施意见.pdf", PDF, "application/pdf"),
            "evidence_photos": photo(),
        },
    )
    (photo_id,) = (
        FormEntry.objects.get(user=user).files.filter(field_key="evidence_photos").values_list("pk", flat=True)
    )
    post(
        4,
        {
            f"evidence_photos-{photo_id}-caption": "全民终身学习活动周开幕式",
            f"evidence_photos-{photo_id}-copyright": "© 2024 苏州市教育局",
        },
    )
    post(5, {"declaration": "on"})

    check = client.get("/apply/check/").content.decode()
    assert "江苏省 苏州市" in check and "1295.80 万人" in check and "实施意见.pdf" in check
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post("/apply/check/")
        again = client.post("/apply/check/")
    assert first["Location"] == again["Location"]
    entry = FormEntry.objects.get(user=user)
    assert entry.status == "submitted"
    assert entry.reference in client.get("/accounts/applications/").content.decode()
    # The applicant is told, and so are the reviewers of the city's province.
    from django.core import mail

    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert entry.reference in subjects["suzhou@example.cn"]
    assert subjects[reviewer.email] == f"江苏省苏州市的入网申请待您审核（{entry.reference}）"


def test_every_step_page_has_unique_element_ids(client, site_content):
    import re
    from collections import Counter

    client.force_login(UserFactory(username="ids@example.cn"))
    for number in range(1, 6):
        html = client.get(f"/apply/step/{number}/").content.decode()
        repeated = [name for name, count in Counter(re.findall(r'\sid="([^"]+)"', html)).items() if count > 1]
        assert repeated == [], (number, repeated)


def test_the_application_form_has_every_field_its_purpose_needs(site_content):
    from learning_city.applications.purpose import REQUIRED_KEYS

    page = MultiStepFormPage.objects.get(slug="apply")
    assert page.purpose == "city_network_application"
    page.clean()  # the admin's own check: required keys present, no duplicates
    assert set(REQUIRED_KEYS) <= set(page.question_keys())
