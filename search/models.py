from django.core.exceptions import ValidationError
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


class SearchSynonym(models.Model):
    """Two terms a search treats as one: a search for either also finds pages holding the other."""

    term = models.CharField(_("term"), max_length=50)
    synonym = models.CharField(_("synonym"), max_length=50)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["term", "synonym"]
        constraints = [models.UniqueConstraint(fields=["term", "synonym"], name="search_synonym_unique_pair")]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")

    def __str__(self):
        return f"{self.term} ↔ {self.synonym}"

    def save(self, *args, **kwargs):
        self.term = normalise_query_string(self.term)
        self.synonym = normalise_query_string(self.synonym)
        super().save(*args, **kwargs)

    def clean(self):
        self.term = normalise_query_string(self.term)
        self.synonym = normalise_query_string(self.synonym)
        if self.term == self.synonym:
            raise ValidationError(_("A term cannot be its own synonym."))


class ZeroResultSearch(models.Model):
    """How often a day a search found nothing: editors read the top ones to add synonyms."""

    query_string = models.CharField(_("search term"), max_length=MAX_QUERY_STRING_LENGTH)
    date = models.DateField(_("date"))
    hits = models.PositiveIntegerField(_("searches"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["query_string", "date"], name="search_zero_result_per_day")]
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")

    def __str__(self):
        return self.query_string
