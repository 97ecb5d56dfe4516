from django.db import models
from django.utils.translation import gettext_lazy as _
from modelsearch.utils import MAX_QUERY_STRING_LENGTH, normalise_query_string


class HiddenSearchTerm(models.Model):
    """A search term editors keep out of the public "popular searches" list.

    Searches are still counted in Wagtail's search terms report (staff only); a hidden term is
    only never shown to visitors. Terms are stored as searches are counted (lower case, single
    spaces), so one entry hides every spelling that counts as the same search.
    """

    term = models.CharField(
        _("search term"),
        max_length=MAX_QUERY_STRING_LENGTH,
        unique=True,
        help_text=_("Searches for exactly this term (ignoring letter case and extra spaces) are never shown publicly."),
    )
    note = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("hidden on"), auto_now_add=True)

    class Meta:
        ordering = ["term"]
        verbose_name = _("hidden search term")
        verbose_name_plural = _("hidden search terms")

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        self.term = normalise_query_string(self.term)
        super().save(*args, **kwargs)

    def clean(self):
        # Before the uniqueness check, so " Foo " and "foo" are one term.
        self.term = normalise_query_string(self.term)
