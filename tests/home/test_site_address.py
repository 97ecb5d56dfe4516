"""Links in Wagtail's own e-mails lead to the site's address (SITE_URL), never to http://localhost/."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Site

from home import checks
from learning_city.showcases.models import ShowcaseIndexPage
from learning_city.workflows.models import group_for
from tests.factories import UserFactory, make_showcase

SITE_URL = "https://learningcity.example.cn"


def load_content():
    call_command("load_content", stdout=io.StringIO())


@pytest.fixture
def site_at_its_address(db):
    with override_settings(WAGTAILADMIN_BASE_URL=SITE_URL, ALLOWED_HOSTS=["learningcity.example.cn"]):
        load_content()
        yield Site.objects.get(is_default_site=True)


def test_load_content_puts_the_default_site_at_site_url(site_at_its_address):
    assert (site_at_its_address.hostname, site_at_its_address.port) == ("learningcity.example.cn", 443)
    assert site_at_its_address.root_url == SITE_URL


def test_a_new_site_url_moves_the_site_on_the_next_release(site_at_its_address):
    with override_settings(WAGTAILADMIN_BASE_URL="http://10.0.0.5:8080"):
        assert [warning.id for warning in checks.default_site_is_at_site_url(None, databases=["default"])] == [
            "home.W002"
        ]
        load_content()
        assert Site.objects.get(is_default_site=True).root_url == "http://10.0.0.5:8080"
        assert checks.default_site_is_at_site_url(None, databases=["default"]) == []


def test_the_deployment_check_wants_site_url_among_the_allowed_hosts():
    with override_settings(WAGTAILADMIN_BASE_URL="http://127.0.0.1:8000", ALLOWED_HOSTS=["learningcity.example.cn"]):
        assert [warning.id for warning in checks.site_url_is_the_sites_own(None)] == ["home.W001"]
    with override_settings(WAGTAILADMIN_BASE_URL=SITE_URL, ALLOWED_HOSTS=[".example.cn"]):
        assert checks.site_url_is_the_sites_own(None) == []


def test_moderation_e_mails_link_to_the_site_and_say_changes_were_requested(site_at_its_address):
    editor = UserFactory(username="editor", email="editor@example.cn", is_staff=True)
    editor.groups.add(group_for("editors"))
    moderator = UserFactory(username="moderator", email="moderator@example.cn", is_staff=True)
    moderator.groups.add(group_for("moderators"))
    page = make_showcase(ShowcaseIndexPage.objects.get(), "brand", title="社区教育云课堂")
    page.unpublish()

    with override_settings(WAGTAILADMIN_BASE_URL=SITE_URL):
        page.save_revision(user=editor)
        state = page.get_workflow().start(page, editor)
        state.current_task_state.task.specific.on_action(state.current_task_state, moderator, "reject")
        page.save_revision(user=editor)
        state.refresh_from_db()
        state.resume(editor)
        state.refresh_from_db()
        state.current_task_state.task.specific.on_action(state.current_task_state, moderator, "approve")

    to_editor = [message for message in mail.outbox if message.to == ["editor@example.cn"]]
    assert to_editor, [message.subject for message in mail.outbox]
    bodies = "\n".join(message.subject + "\n" + message.body for message in to_editor)
    assert "localhost" not in bodies and "127.0.0.1" not in bodies
    assert f"{SITE_URL}/showcases/" in bodies  # the approved page, at its public address
    assert f"{SITE_URL}/admin/" in bodies
    assert "要求修改" in bodies and "拒绝" not in bodies
