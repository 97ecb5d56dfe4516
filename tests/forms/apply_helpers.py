"""Filling the whole /apply/ form as a city does, for the tests that need a complete application."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from learning_city.forms.models import FormEntry, MultiStepFormPage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def photo(size=(1600, 1000)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, "JPEG", quality=95)
    return SimpleUploadedFile("活动现场.jpg", buffer.getvalue(), "image/jpeg")


def fill_all_parts(client, user):
    """Parts 1 to 5 of /apply/ for 苏州市, every step accepted (the client is signed in as ``user``)."""
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
            "start_date": "2015-06",
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
