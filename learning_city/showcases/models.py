from django import forms
from django.db import models
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index

from learning_city.pagination import only, paginate
from learning_city.regions.models import City, NetworkMembership
from learning_city.showcases import network
from learning_city.showcases.admin_forms import LearningStarPageForm
from learning_city.showcases.filters import MemberFilter, ShowcaseFilter
from learning_city.showcases.panels import NominatedPhotosPanel

CARD_RENDITION = "fill-480x320"
STORY_BLOCKS = [
    ("paragraph", blocks.RichTextBlock(features=["h3", "bold", "italic", "link", "ol", "ul"], label=_("Paragraph"))),
    (
        "image",
        blocks.StructBlock(
            [
                ("image", ImageChooserBlock(label=_("Image"))),
                ("caption", blocks.CharBlock(required=False, label=_("Caption"))),
            ],
            icon="image",
            label=_("Image"),
        ),
    ),
    ("video", EmbedBlock(help_text=_("A video address from a site Wagtail can embed."), label=_("Video"))),
]


class ShowcasePage(Page):
    """What every showcase shares, so one listing can filter all types by the same fields."""

    summary = models.TextField(_("summary"), max_length=300)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="+", verbose_name=_("city"))
    tasks = ParentalManyToManyField(
        "guide.TaskPage", blank=True, related_name="showcases", verbose_name=_("key tasks served")
    )
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    image_credit = models.CharField(_("image copyright and consent"), max_length=200, blank=True)
    body = StreamField(STORY_BLOCKS, verbose_name=_("story"), blank=True)
    is_demo = models.BooleanField(_("demonstration content"), default=False)

    is_creatable = False
    parent_page_types = ["showcases.ShowcaseIndexPage"]
    subpage_types = []

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("city"), FieldPanel("year")]),
        FieldPanel("tasks", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_credit")], heading=_("Image")),
        NominatedPhotosPanel(heading=_("Nominated photos")),
        FieldPanel("body"),
        FieldPanel("is_demo"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("year"),
        index.FilterField("city"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("city_name"),
        APIField("province_name"),
        APIField("region"),
        APIField("year"),
        APIField("task_numbers"),
        APIField("image_credit"),
        APIField("body"),
    ]

    class Meta:
        verbose_name = _("showcase")
        verbose_name_plural = _("showcases")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The place line needs the city and its province, the profile link the membership: two queries.
        self.city = City.objects.select_related("province").get(pk=self.city_id)
        context["membership"] = NetworkMembership.objects.filter(city_id=self.city_id).first()
        return context

    @property
    def city_name(self):
        return self.city.name

    @property
    def province_name(self):
        return self.city.province.name

    @property
    def region(self):
        return self.city.province.region

    @property
    def place_name(self):
        """Province and city, short: 江苏苏州市."""
        return f"{self.city.province.short_name}{self.city.name}"

    @property
    def type_key(self):
        """This showcase's ``?type=`` value (a key of ``SHOWCASE_TYPES``)."""
        model = self.content_type.model_class()
        return next((key for key, each in SHOWCASE_TYPES.items() if each is model), None)

    @property
    def type_label(self):
        return self.content_type.model_class()._meta.verbose_name

    @classmethod
    def of_city(cls, city):
        """The live, public showcases of ``city``, newest first."""
        return ShowcasePage.objects.live().public().filter(city=city).select_related("content_type").order_by("-year")

    @property
    def task_numbers(self):
        return sorted(task.number for task in self.tasks.all())


class BrandProjectPage(ShowcasePage):
    organiser = models.CharField(_("organising body"), max_length=120)
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact page"),
    )

    is_creatable = True
    content_panels = ShowcasePage.content_panels + [FieldPanel("organiser"), FieldPanel("contact_page")]
    api_fields = ShowcasePage.api_fields + [APIField("organiser")]

    class Meta:
        verbose_name = _("lifelong-learning brand project")
        verbose_name_plural = _("lifelong-learning brand projects")


class LearningStarPage(ShowcasePage):
    person_name = models.CharField(_("name"), max_length=60)
    consent_obtained = models.BooleanField(
        _("the person agreed to publication of their photo and story"), default=False
    )

    is_creatable = True
    base_form_class = LearningStarPageForm
    content_panels = ShowcasePage.content_panels + [FieldPanel("person_name"), FieldPanel("consent_obtained")]
    api_fields = ShowcasePage.api_fields + [APIField("person_name")]

    class Meta:
        verbose_name = _("learning star")
        verbose_name_plural = _("learning stars")


class ExemplaryCityPage(ShowcasePage):
    highlights = RichTextField(_("highlights"), features=["bold", "italic", "link", "ul"], blank=True)
    population = models.DecimalField(
        _("resident population (10k persons)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    area = models.DecimalField(_("area (km²)"), max_digits=10, decimal_places=2, null=True, blank=True)
    gdp_per_capita = models.PositiveIntegerField(_("GDP per capita (yuan)"), null=True, blank=True)
    schooling_years = models.DecimalField(
        _("average years of schooling, ages 16–59"), max_digits=4, decimal_places=2, null=True, blank=True
    )

    is_creatable = True
    content_panels = ShowcasePage.content_panels + [
        FieldPanel("highlights"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("population"), FieldPanel("area")]),
                FieldRowPanel([FieldPanel("gdp_per_capita"), FieldPanel("schooling_years")]),
            ],
            heading=_("Figures"),
        ),
    ]
    api_fields = ShowcasePage.api_fields + [
        APIField("highlights"),
        APIField("population"),
        APIField("area"),
        APIField("gdp_per_capita"),
        APIField("schooling_years"),
    ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related"] = ShowcasePage.of_city(self.city).exclude(pk=self.pk)
        return context

    class Meta:
        verbose_name = _("exemplary city")
        verbose_name_plural = _("exemplary cities")


SHOWCASE_TYPES = {"brand": BrandProjectPage, "star": LearningStarPage, "city": ExemplaryCityPage}


class ShowcaseNomination(models.Model):
    """The nomination a draft showcase was made from.

    Its photos stay the nominator's private files (reviewers see them through the forms app's
    permission-checked view) until the showcase is first published: only then do cleaned copies
    become public Wagtail images (``learning_city.showcases.photos``).
    """

    page = models.OneToOneField(
        ShowcasePage, on_delete=models.CASCADE, related_name="nomination", verbose_name=_("showcase")
    )
    entry = models.OneToOneField(
        "lc_forms.FormEntry", on_delete=models.CASCADE, related_name="+", verbose_name=_("nomination")
    )
    photos_published_at = models.DateTimeField(_("photos published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("showcase nomination")
        verbose_name_plural = _("showcase nominations")

    def __str__(self):
        return self.entry.reference or str(self.entry_id)

    def photos(self):
        return self.entry.files.filter(field_key="photos").order_by("position", "pk")


class ShowcaseIndexPage(Page):
    """All showcases, filtered by type, task, province, region and year, kept in the URL."""

    intro = RichTextField(_("introduction"), blank=True)
    per_page = 12

    parent_page_types = ["home.HomePage"]
    subpage_types = ["showcases.BrandProjectPage", "showcases.LearningStarPage", "showcases.ExemplaryCityPage"]
    max_count = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("showcase index")

    def showcases(self):
        """The live, public showcases under this index, newest first, each once whatever the filters join."""
        return (
            ShowcasePage.objects.live().public().descendant_of(self).distinct().order_by("-year", "-first_published_at")
        )

    def filter_showcases(self, params, request=None):
        return ShowcaseFilter(params, self.showcases(), types=SHOWCASE_TYPES, request=request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filters = self.filter_showcases(request.GET, request)
        pagination = paginate(request, filters.qs, self.per_page, only(request.GET, filters.filters))
        images = get_image_model().objects.prefetch_renditions(CARD_RENDITION)
        # Cards need only the shared fields: no per-type queries, renditions fetched with the images.
        cards = (
            ShowcasePage.objects.filter(pk__in=[page.pk for page in pagination.page.object_list])
            .select_related("city__province", "content_type")
            .prefetch_related(Prefetch("image", queryset=images), "tasks")
            .order_by("-year", "-first_published_at")
        )
        context.update(cards=list(cards), page_obj=pagination.page, pagination=pagination, filters=filters)
        return context


class NetworkPage(RoutablePageMixin, Page):
    """/network/: member cities, coverage against the 2025 targets, and a profile per member."""

    intro = RichTextField(_("introduction"), blank=True)
    per_page = 60

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("network page")

    @path("")
    def directory(self, request):
        # The members and the figures are made in get_context, which a kept content block skips
        # (config.cache.content).
        return self.render(request, directory=True)

    def get_context(self, request, *args, directory=False, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if directory:
            context.update(self.directory_context(request))
        return context

    def directory_context(self, request):
        filters = MemberFilter(request.GET, request=request)
        pagination = paginate(request, filters.qs, self.per_page, only(request.GET, filters.filters))
        by_target = network.targets()
        figures = network.region_figures(by_target)
        return {
            "page_obj": pagination.page,
            "pagination": pagination,
            "filters": filters,
            "regions": figures["regions"],
            "coverage_chart": figures["chart"],
            "target_groups": figures["targets"],
            "provinces": network.province_rows(by_target),
            "demo": network.has_demo_members(),
        }

    @path("city/<str:code>/")
    def city_profile(self, request, code):
        membership = get_object_or_404(NetworkMembership.objects.select_related("city__province"), city__code=code)
        context = self.get_context(request)
        context.update(
            membership=membership, city=membership.city, showcases=list(ShowcasePage.of_city(membership.city))
        )
        return self.render(request, context_overrides=context, template="showcases/city_profile.html")
