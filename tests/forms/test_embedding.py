import pytest
from django.core.exceptions import ValidationError

from learning_city.forms.models import MultiStepFormPage
from tests.headers import csp_directives


def test_home_page_embeds_the_application_form(client, site_content):
    html = client.get("/").content.decode()
    assert "申请加入全国学习型城市网络" in html
    assert 'href="/apply/"' in html and "共 5 步" in html


def test_iframe_mode_has_minimal_chrome_and_is_framed_only_by_listed_sites(client, form_page, applicant):
    form_page.frame_ancestors = "https://jyt.example.gov.cn\nhttps://www.example.edu.cn"
    form_page.save_revision().publish()
    client.force_login(applicant)
    response = client.get(f"{form_page.url}?embed=1")
    html = response.content.decode()
    assert 'class="site-header"' not in html and "在新窗口中打开" in html
    policy = csp_directives(response)
    assert policy["frame-ancestors"] == "'self' https://jyt.example.gov.cn https://www.example.edu.cn"
    assert policy["script-src"].startswith("'self'")  # the site's own policy, this one directive changed
    assert "X-Frame-Options" not in response
    step = client.get(f"{form_page.url}step/1/")  # the mode lasts through the steps
    assert 'class="site-header"' not in step.content.decode()
    back = client.get(f"{form_page.url}?embed=0").content.decode()
    assert 'class="site-header"' in back


def test_other_pages_still_refuse_to_be_framed(client, site_content):
    response = client.get("/guide/")
    assert response["X-Frame-Options"] == "DENY"
    form = client.get("/apply/")
    assert csp_directives(form)["frame-ancestors"] == "'self'"
    assert csp_directives(response)["frame-ancestors"] == "'none'"


def test_the_admin_refuses_a_framing_site_that_is_not_an_origin(db):
    page = MultiStepFormPage(
        title="表单",
        slug="f",
        steps="[]",
        frame_ancestors="https://ok.example.cn\njavascript:alert(1)\nhttps://x.cn/path",
    )
    with pytest.raises(ValidationError, match="javascript:alert"):
        page.clean()
