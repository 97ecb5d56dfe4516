import json

from django.test import Client

from learning_city.forms.models import FormEntry

STEP_ONE = {
    "contact_name": "张三",
    "contact_mobile": "13800138000",
    "contact_email": "zhang@city.example.cn",
    "city": "320500",
}
STEP_TWO = {
    "population": "1295.80",
    "profile": "苏州历史悠久。",
    "meetings": [{"held_on": "2024-05-20", "name": "推进会"}],
    "declaration": True,
}


def post_json(client, url, payload):
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_schema_describes_every_question_with_its_rules(client, form_page):
    data = client.get(f"/api/forms/{form_page.pk}/").json()
    assert data["title"] == "测试申请表" and data["login_required"] is True
    items = {item.get("key"): item for step in data["steps"] for item in step["items"]}
    assert items["contact_name"]["max_characters"] == 20
    assert items["population"]["unit"] == "万人" and items["population"]["max_value"] == "5000"
    assert [field["key"] for field in items["meetings"]["fields"]] == ["held_on", "name"]
    assert data["steps"][0]["items"][0] == {"type": "heading", "text": "工作联系人"}


def test_steps_save_validate_and_submit_through_json(
    signed_in, applicant, form_page, django_capture_on_commit_callbacks
):
    base = f"/api/forms/{form_page.pk}"
    bad = post_json(signed_in, f"{base}/steps/1/", {**STEP_ONE, "contact_mobile": "123"})
    assert bad.status_code == 422
    assert "11 位" in bad.json()["errors"]["contact_mobile"][0]
    assert post_json(signed_in, f"{base}/steps/1/", STEP_ONE).json()["valid"] is True
    incomplete = signed_in.post(f"{base}/submit/")
    assert incomplete.status_code == 422 and incomplete.json()["step"] == 2
    saved = post_json(signed_in, f"{base}/steps/2/", STEP_TWO).json()
    assert saved["completed_steps"] == [1, 2]
    assert saved["answers"]["meetings"] == [{"held_on": "2024-05-20", "name": "推进会"}]
    with django_capture_on_commit_callbacks(execute=True):
        first = signed_in.post(f"{base}/submit/").json()
    second = signed_in.post(f"{base}/submit/").json()
    assert first["reference"] == second["reference"] and first["status"] == "submitted"
    assert FormEntry.objects.filter(user=applicant).count() == 1
    # What the API submitted is what the pages show.
    assert first["reference"] in signed_in.get(f"{form_page.url}submitted/{first['reference']}/").content.decode()
    assert first["reference"] in signed_in.get("/accounts/applications/").content.decode()
    assert signed_in.get(f"{base}/draft/").json()["status"] is None


def test_writes_need_sign_in_and_a_csrf_token(client, applicant, form_page):
    base = f"/api/forms/{form_page.pk}"
    assert post_json(client, f"{base}/steps/1/", STEP_ONE).status_code == 401
    assert client.get(f"{base}/draft/").status_code == 401
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(applicant)
    assert post_json(strict, f"{base}/steps/1/", STEP_ONE).status_code == 403
    assert not FormEntry.objects.exists()


def test_malformed_json_and_unknown_steps_are_refused(signed_in, form_page):
    base = f"/api/forms/{form_page.pk}"
    assert signed_in.post(f"{base}/steps/1/", "{not json", content_type="application/json").status_code == 400
    assert post_json(signed_in, f"{base}/steps/9/", STEP_ONE).status_code == 404


def test_one_applicant_cannot_read_another_applicants_draft(client, signed_in, form_page):
    from tests.factories import UserFactory

    post_json(signed_in, f"/api/forms/{form_page.pk}/steps/1/", STEP_ONE)
    client.force_login(UserFactory(username="other"))
    assert client.get(f"/api/forms/{form_page.pk}/draft/").json()["answers"] == {}
