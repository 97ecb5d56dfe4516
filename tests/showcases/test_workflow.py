from wagtail.models import WorkflowPage

from learning_city.showcases.models import BrandProjectPage, ShowcaseIndexPage
from learning_city.showcases.workflow import WORKFLOW_NAME
from learning_city.workflows.models import group_for
from tests.factories import UserFactory, make_showcase


def test_the_workflow_exists_and_moderates_showcases(site_content):
    index = ShowcaseIndexPage.objects.get()
    assert index.url == "/showcases/"
    assert WorkflowPage.objects.get(page=index).workflow.name == WORKFLOW_NAME


def test_editor_submits_moderator_approves_and_it_is_published(site_content):
    index = ShowcaseIndexPage.objects.get()
    editor = UserFactory(username="editor", is_staff=True)
    editor.groups.add(group_for("editors"))
    moderator = UserFactory(username="moderator", is_staff=True)
    moderator.groups.add(group_for("moderators"))

    page = make_showcase(index, "brand", "320500", 2024, title="苏州社区教育云课堂")
    page.unpublish()
    page.save_revision(user=editor)
    workflow = page.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    state = workflow.start(page, editor)
    task_state = state.current_task_state
    assert [
        action[0] for action in task_state.task.specific.get_actions(page, editor)
    ] == []  # an editor cannot approve
    assert "approve" in [action[0] for action in task_state.task.specific.get_actions(page, moderator)]
    task_state.task.specific.on_action(task_state, moderator, "approve")
    page.refresh_from_db()
    assert page.live
    assert BrandProjectPage.objects.live().filter(title="苏州社区教育云课堂").exists()
