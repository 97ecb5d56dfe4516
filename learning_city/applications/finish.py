"""What happens when a workflow's last task approves (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

This module is imported with ``wagtail.models``, so it imports models only inside the function.
"""


def finish_workflow(workflow_state, user=None):
    # Imported here: this module is loaded while wagtail.models is still being imported.
    from wagtail.workflows import publish_workflow_state

    from learning_city.applications.models import CityApplication
    from learning_city.applications.review import admit

    if isinstance(workflow_state.content_object, CityApplication):
        # Nobody holds publish permission on applications: admission publishes without it.
        admit(workflow_state, user=user)
    else:
        publish_workflow_state(workflow_state, user=user)
