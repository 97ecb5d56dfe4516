from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from learning_city.regions.choices import REGION_GROUPS, Region

PROSE_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]
CHINESE_NUMERALS = "一二三四五六七八九十"
TASK_COUNT = 6


def chinese_numeral(number):
    return CHINESE_NUMERALS[number - 1] if 1 <= number <= len(CHINESE_NUMERALS) else str(number)


def target_groups(targets):
    """The coverage targets as the guide states them, regions that share one target under one figure.

    The guide sets one target over the eastern and central regions together (覆盖东中部地区50%左右):
    when their targets agree (same year, share and "about") they make one group, in the place of the
    first of them; otherwise each region stands alone. Each group is a dict of label, regions,
    target_year, share_percent and approximate.
    """
    targets = list(targets)
    groups, placed = [], set()
    for target in targets:
        if id(target) in placed:
            continue
        members, label = [target], target.get_region_display()
        for group, regions in REGION_GROUPS.items():
            if target.region in regions:
                alike = {other.region: other for other in targets if id(other) not in placed and _alike(other, target)}
                if all(region in alike for region in regions):
                    members, label = [alike[region] for region in regions], group.label
                break
        placed.update(id(member) for member in members)
        groups.append(
            {
                "label": str(label),
                "regions": [member.region for member in members],
                "target_year": target.target_year,
                "share_percent": target.share_percent,
                "approximate": target.approximate,
            }
        )
    return groups


def _alike(one, other):
    def key(target):
        return target.target_year, target.share_percent, target.approximate

    return key(one) == key(other)


class GuidePage(Page):
    """The guide itself: its three parts, with the timeline, targets and steps held as data."""

    issuer = models.CharField(_("issued by"), max_length=100, blank=True)
    summary = models.TextField(_("summary"), max_length=500, blank=True)
    general_requirements = RichTextField(_("general requirements"), features=PROSE_FEATURES)
    key_tasks_intro = RichTextField(_("key tasks introduction"), features=PROSE_FEATURES, blank=True)
    organisation_intro = RichTextField(_("organisation introduction"), features=PROSE_FEATURES)
    provincial_deadline = models.DateField(
        _("provincial submission deadline"),
        null=True,
        blank=True,
        help_text=_("The date by which provinces upload applications and the summary table."),
    )
    closing_notice = RichTextField(_("closing notice"), features=PROSE_FEATURES, blank=True)
    attachments = RichTextField(_("attachments"), features=PROSE_FEATURES, blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["guide.TaskPage"]
    max_count = 1

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("issuer"), FieldPanel("summary")], heading=_("About the guide")),
        MultiFieldPanel(
            [
                FieldPanel("general_requirements"),
                InlinePanel("phases", label=_("timeline phase"), min_num=1),
                InlinePanel("coverage_targets", label=_("coverage target")),
            ],
            heading=_("Part one: general requirements"),
        ),
        FieldPanel("key_tasks_intro"),
        MultiFieldPanel(
            [
                FieldPanel("organisation_intro"),
                InlinePanel("organisation_steps", label=_("organisation step"), min_num=1),
                FieldPanel("provincial_deadline"),
                FieldPanel("closing_notice"),
                FieldPanel("attachments"),
            ],
            heading=_("Part three: organisation and implementation"),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.AutocompleteField("summary"),
        index.SearchField("general_requirements"),
        index.SearchField("key_tasks_intro"),
        index.SearchField("organisation_intro"),
        index.SearchField("closing_notice"),
    ]

    api_fields = [
        APIField("issuer"),
        APIField("summary"),
        APIField("general_requirements"),
        APIField("phases"),
        APIField("coverage_targets"),
        APIField("coverage_groups"),
        APIField("key_tasks_intro"),
        APIField("tasks"),
        APIField("organisation_intro"),
        APIField("organisation_steps"),
        APIField("provincial_deadline"),
        APIField("closing_notice"),
        APIField("attachments"),
    ]

    class Meta:
        verbose_name = _("guide page")
        verbose_name_plural = _("guide pages")

    @cached_property
    def task_pages(self):
        return list(TaskPage.objects.child_of(self).live().order_by("number"))

    @property
    def tasks(self):
        """The six tasks in order, as the API lists them."""
        return [
            {
                "id": task.pk,
                "number": task.number,
                "numeral": task.numeral,
                "title": task.title,
                "summary": task.summary,
                "url": task.url,
            }
            for task in self.task_pages
        ]

    @property
    def coverage_groups(self):
        """The targets in the guide's own words: 东中部地区50%左右、西部地区30%."""
        return target_groups(self.coverage_targets.all())

    def organisation_items(self):
        """Part three's numbered items in order, （一） to （四）, and the steps outside them.

        Each item is led by its first step; later steps with the same number are shown within it
        (直接加入 within （三）确定加入). Returns (items, other_steps); an item is a dict of number,
        numeral, step and parts.
        """
        steps = list(self.organisation_steps.all())
        items = {}
        for step in steps:
            if step.item_number is not None:
                items.setdefault(step.item_number, []).append(step)
        numbered = [
            {"number": number, "numeral": chinese_numeral(number), "step": group[0], "parts": group[1:]}
            for number, group in sorted(items.items())
        ]
        return numbered, [step for step in steps if step.item_number is None]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tasks"] = self.task_pages
        context["organisation_items"], context["other_steps"] = self.organisation_items()
        return context


class GuidePhase(Orderable):
    """One phase of the guide's timeline (2023, 2024, 2025)."""

    page = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="phases")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=40)
    lead = models.CharField(_("leading cities"), max_length=200, help_text=_("Which cities lead this phase."))
    lead_role = models.CharField(
        _("role of the leading cities"),
        max_length=20,
        help_text=_("The guide's words after the cities, shown as 以…为示范: 为示范, 为引领 or 为主."),
    )
    description = models.TextField(_("description"), max_length=500)

    panels = [
        FieldPanel("year"),
        FieldPanel("title"),
        FieldPanel("lead"),
        FieldPanel("lead_role"),
        FieldPanel("description"),
    ]
    api_fields = [
        APIField("year"),
        APIField("title"),
        APIField("lead"),
        APIField("lead_role"),
        APIField("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("timeline phase")
        verbose_name_plural = _("timeline phases")


class CoverageTarget(Orderable):
    """Share of a region's prefecture-level cities the network should cover by a year."""

    page = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="coverage_targets")
    region = models.CharField(_("region"), max_length=10, choices=Region.choices)
    target_year = models.PositiveSmallIntegerField(
        _("target year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    share_percent = models.PositiveSmallIntegerField(
        _("share of prefecture-level cities (%)"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    approximate = models.BooleanField(
        _("approximate"), default=False, help_text=_("The guide says 'about' this share.")
    )

    panels = [
        FieldPanel("region"),
        FieldPanel("target_year"),
        FieldPanel("share_percent"),
        FieldPanel("approximate"),
    ]
    api_fields = [
        APIField("region"),
        APIField("region_label"),
        APIField("target_year"),
        APIField("share_percent"),
        APIField("approximate"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("coverage target")
        verbose_name_plural = _("coverage targets")
        unique_together = [("page", "region", "target_year")]

    @property
    def region_label(self):
        return str(self.get_region_display())


class OrganisationStep(Orderable):
    """A step of how cities join the network, or an activity that runs alongside it."""

    class Kind(models.TextChoices):
        APPLY = "apply", _("City applies")
        RECOMMEND = "recommend", _("Province recommends")
        CONFIRM = "confirm", _("Ministry confirms")
        DIRECT_JOIN = "direct_join", _("Direct join")
        PROMOTE = "promote", _("Promotion of typical models")
        MONITOR = "monitor", _("Monitoring")

    MAIN_SEQUENCE = (Kind.APPLY, Kind.RECOMMEND, Kind.CONFIRM)

    page = ParentalKey(GuidePage, on_delete=models.CASCADE, related_name="organisation_steps")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    item_number = models.PositiveSmallIntegerField(
        _("item of the guide"),
        choices=[(n, f"（{chinese_numeral(n)}）") for n in range(1, len(CHINESE_NUMERALS) + 1)],
        null=True,
        blank=True,
        help_text=_(
            "The numbered item of part three this step is written under, as the guide numbers it. A step "
            "after the first under the same item is shown within it; leave blank for a step the "
            "introduction describes."
        ),
    )
    title = models.CharField(_("title"), max_length=40)
    actor = models.CharField(_("who acts"), max_length=60)
    body = models.TextField(_("text"), max_length=1000)

    panels = [
        FieldPanel("kind"),
        FieldPanel("item_number"),
        FieldPanel("title"),
        FieldPanel("actor"),
        FieldPanel("body"),
    ]
    api_fields = [
        APIField("kind"),
        APIField("item_number"),
        APIField("in_main_sequence"),
        APIField("title"),
        APIField("actor"),
        APIField("body"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("organisation step")
        verbose_name_plural = _("organisation steps")

    @property
    def in_main_sequence(self):
        return self.kind in self.MAIN_SEQUENCE


class TaskPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        number = cleaned_data.get("number")
        if number and self.parent_page is not None:
            taken = TaskPage.objects.child_of(self.parent_page).filter(number=number).exclude(pk=self.instance.pk)
            if taken.exists():
                self.add_error("number", _("Another task page already has this number."))
        return cleaned_data


class TaskPage(Page):
    """One of the guide's six key tasks."""

    number = models.PositiveSmallIntegerField(
        _("task number"),
        choices=[(n, chinese_numeral(n)) for n in range(1, TASK_COUNT + 1)],
    )
    summary = models.TextField(_("summary"), max_length=300)
    body = RichTextField(_("text"), features=PROSE_FEATURES)

    parent_page_types = ["guide.GuidePage"]
    subpage_types = []
    base_form_class = TaskPageForm

    content_panels = Page.content_panels + [
        FieldPanel("number"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    # Autocomplete fields too: the admin's page search matches on those.
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.AutocompleteField("summary"),
        index.AutocompleteField("body"),
        index.FilterField("number"),
    ]
    api_fields = [
        APIField("number"),
        APIField("numeral"),
        APIField("summary"),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("key task page")
        verbose_name_plural = _("key task pages")

    @property
    def numeral(self):
        return chinese_numeral(self.number)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        siblings = list(TaskPage.objects.sibling_of(self).live().order_by("number"))
        position = next((i for i, page in enumerate(siblings) if page.pk == self.pk), None)
        if position is not None:
            context["previous_task"] = siblings[position - 1] if position > 0 else None
            context["next_task"] = siblings[position + 1] if position + 1 < len(siblings) else None
        return context
