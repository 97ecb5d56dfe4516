"""Panels of the form page's editor that tell a newcomer what the form does and where it lives."""

from wagtail.admin.panels import Panel

from learning_city.forms import builder, purposes


class PurposeQuestionsPanel(Panel):
    """The form's purpose in plain words and the questions it needs, marked as such: they can be
    relabelled and moved, not deleted (``MultiStepFormPage.clean`` refuses a form without them)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "forms/admin/purpose_questions_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(
                purpose=purposes.get(self.instance.purpose), questions=builder.required_questions(self.instance)
            )
            return context


class PublicAddressPanel(Panel):
    """Where a published form is: its public address with a copy button, and how to place it in
    the navigation or inside another page."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "forms/admin/public_address_panel.html"

        class Media:
            js = ["js/admin_copy_url.js"]

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            context["public_url"] = page.full_url if page.pk and page.live else ""
            return context
