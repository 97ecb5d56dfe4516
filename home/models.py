from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from learning_city.forms.blocks import FormEmbedBlock
from learning_city.guide.models import GuidePage, target_groups


class HomePage(Page):
    """The site root: what the network is, the guide at a glance, and where to go next."""

    lead = models.TextField(_("lead"), max_length=300, blank=True)
    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    body = StreamField(
        [
            (
                "paragraph",
                blocks.RichTextBlock(features=["h2", "h3", "bold", "italic", "link", "ol", "ul"], label=_("Paragraph")),
            ),
            ("form", FormEmbedBlock()),
        ],
        verbose_name=_("body"),
        blank=True,
    )

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "guide.GuidePage",
        "lc_forms.MultiStepFormPage",
        "showcases.ShowcaseIndexPage",
        "showcases.NetworkPage",
    ]
    max_count = 1

    content_panels = Page.content_panels + [FieldPanel("lead"), FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("lead"), index.SearchField("intro")]
    api_fields = [APIField("lead"), APIField("intro"), APIField("body")]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        guide = GuidePage.objects.live().descendant_of(self).first()
        context["guide"] = guide
        if guide is not None:
            context["tasks"] = guide.task_pages
            context["phases"] = list(guide.phases.all())
            context["coverage_targets"] = list(guide.coverage_targets.all())
            context["coverage_groups"] = target_groups(context["coverage_targets"])
        return context


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What the header and footer say about who runs the site and how to reach them."""

    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    tagline = models.CharField(_("tagline"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    icp_record = models.CharField(
        _("ICP record number"), max_length=60, blank=True, help_text=_("For example 京ICP备…号")
    )
    footer_note = models.TextField(_("footer note"), max_length=500, blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("organisation"), FieldPanel("tagline")], heading=_("Site")),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("address")],
            heading=_("Contact"),
        ),
        MultiFieldPanel([FieldPanel("icp_record"), FieldPanel("footer_note")], heading=_("Footer")),
    ]

    class Meta:
        verbose_name = _("site settings")
