import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from learning_city.forms.models import FormEntry
from learning_city.showcases.models import BrandProjectPage, ShowcaseIndexPage
from learning_city.workflows.models import group_for
from tests.factories import MultiStepFormPageFactory, UserFactory, question


def nomination_steps():
    return json.dumps(
        [
            {
                "type": "step",
                "value": {
                    "title": "推荐",
                    "intro": "",
                    "fields": [
                        question(
                            "single_choice", "kind", "类型", choices=["终身学习品牌项目", "百姓学习之星", "示范城市"]
                        ),
                        question("short_text", "title", "名称", max_characters=60),
                        question("short_text", "organiser", "主办单位", max_characters=100),
                        question("city", "city", "所在城市"),
                        question("year", "year", "认定年份"),
                        question("long_text", "summary", "简介", max_characters=300),
                        question("long_text", "story", "事迹", max_characters=3000),
                        question(
                            "photos", "photos", "照片", max_files=3, max_megabytes=5, min_width=800, min_height=600
                        ),
                    ],
                },
            }
        ]
    )


def photo():
    buffer = io.BytesIO()
    PILImage.new("RGB", (1024, 768), (200, 80, 40)).save(buffer, "JPEG", quality=95)
    return SimpleUploadedFile("云课堂.jpg", buffer.getvalue(), "image/jpeg")


def test_a_nomination_becomes_a_draft_showcase_in_the_workflow(
    client, site_content, django_capture_on_commit_callbacks
):
    form = MultiStepFormPageFactory(
        parent=site_content.get_parent(), slug="nominate", steps=nomination_steps(), purpose="showcase_nomination"
    )
    form.full_clean()
    nominator = UserFactory(username="nominator@example.cn")
    client.force_login(nominator)
    prefix = f"form_{form.pk}-current_step"
    answers = {
        "kind": "终身学习品牌项目",
        "title": "社区学习共同体",
        "organiser": "苏州市社区教育指导中心",
        "city": "320500",
        "year": "2024",
        "summary": "线上线下融合的社区学习平台。",
        "story": "第一段。\n第二段。",
    }
    client.post("/nominate/step/1/", {prefix: "1", "action": "next", **answers, "photos": photo()})
    entry = FormEntry.objects.get(user=nominator)
    (photo_id,) = entry.files.values_list("pk", flat=True)
    response = client.post(
        "/nominate/step/1/",
        {
            prefix: "1",
            "action": "next",
            **answers,
            f"photos-{photo_id}-caption": "云课堂开课",
            f"photos-{photo_id}-copyright": "© 苏州市教育局",
        },
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/nominate/check/")

    page = BrandProjectPage.objects.get(title="社区学习共同体")
    assert not page.live and page.get_parent().specific == ShowcaseIndexPage.objects.get()
    assert page.organiser == "苏州市社区教育指导中心" and page.city.name == "苏州市" and page.year == 2024
    assert page.image is None  # the photo stays private until the showcase is published
    assert page.workflow_in_progress
    assert "第二段" in str(page.body[0].value)

    # A moderator approves it and it is published.

    moderator = UserFactory(username="moderator", is_staff=True)
    moderator.groups.add(group_for("moderators"))
    task_state = page.current_workflow_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    page.refresh_from_db()
    assert page.live
    assert page.image.title == "云课堂开课" and page.image_credit == "© 苏州市教育局"
    assert "社区学习共同体" in client.get("/showcases/").content.decode()
