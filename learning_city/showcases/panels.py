"""The editor panel that shows reviewers a nominated showcase's photos before it is published.

The photos are the nominator's private files: the panel links to them through the forms app's
permission-checked view (``form_file``), never through a public media URL.
"""

from django.core.exceptions import ObjectDoesNotExist
from wagtail.admin.panels import Panel


class NominatedPhotosPanel(Panel):
    class BoundPanel(Panel.BoundPanel):
        template_name = "showcases/admin/nominated_photos_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.photos = self._unpublished_photos()

        def _unpublished_photos(self):
            if self.instance is None or self.instance.pk is None:
                return []
            try:
                nomination = self.instance.nomination
            except ObjectDoesNotExist:
                return []
            if nomination.photos_published_at is not None:
                return []  # published: they are the page's images now
            return list(nomination.photos())

        def is_shown(self):
            return bool(self.photos)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["photos"] = self.photos
            context["has_cover"] = bool(self.instance.image_id)
            return context
