import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Q
from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from home.models import HomePage, SiteSettings
from learning_city.forms.models import MultiStepFormPage
from learning_city.guide.loaders import load_guide, shipped_content
from learning_city.guide.models import TaskPage
from learning_city.regions.models import City, NetworkMembership
from learning_city.showcases.models import SHOWCASE_TYPES, NetworkPage, ShowcaseIndexPage
from learning_city.showcases.workflow import assign_to as assign_showcase_workflow

APPLICATION_FORM = Path(__file__).resolve().parents[2] / "content" / "application_form.json"


class Command(BaseCommand):
    help = "Build the page tree with the guide's full text. Safe to run again: nothing is duplicated."

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Put the shipped text back on pages that already exist (editors' changes are lost).",
        )

    @transaction.atomic
    def handle(self, *args, overwrite=False, **options):
        content = shipped_content()
        home, home_created = self._home_page(content["home"])
        site = self._default_site(home, content["home"]["site_name"])
        self._site_settings(site, content["site_settings"])
        changed = load_guide(home, overwrite=overwrite) + int(home_created)
        changed += self._application_form(home, overwrite)
        changed += self._showcase_index(home, content["showcases"])
        changed += self._network(home, content["network"])
        self.stdout.write(f"Content ready: {changed} page(s) created or overwritten, site root {home.url_path}")

    def _home_page(self, data):
        home = HomePage.objects.first()
        if home is not None:
            return home, False
        root = Page.get_first_root_node()
        # Wagtail's initial migration leaves a placeholder "Welcome" page where ours belongs.
        for placeholder in root.get_children().filter(slug=data["slug"]).exact_type(Page):
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(title=data["title"], slug=data["slug"], lead=data["lead"], intro=data["intro"])
        )
        home.save_revision(log_action=True).publish()
        return home, True

    def _application_form(self, home, overwrite):
        """The city application form of attachment 1 (parts 1-5) at /apply/."""
        data = json.loads(APPLICATION_FORM.read_text(encoding="utf-8"))
        page = MultiStepFormPage.objects.child_of(home).filter(slug=data["slug"]).first()
        if page is not None and not overwrite:
            return 0
        if page is None:
            page = MultiStepFormPage(slug=data["slug"], show_in_menus=True, login_required=True)
            self._fill_form(page, data)
            home.add_child(instance=page)
        else:
            self._fill_form(page, data)
        page.save_revision(log_action=True).publish()
        if not home.body:  # point visitors at the form from the home page, once
            home.body = [("form", {"form": page, "heading": "申请加入全国学习型城市网络", "text": data["invitation"]})]
            home.save_revision(log_action=True).publish()
        return 1

    @staticmethod
    def _fill_form(page, data):
        page.title = data["title"]
        page.intro = data["intro"]
        page.confirmation_text = data["confirmation_text"]
        page.steps = json.dumps(data["steps"])
        page.purpose = data["purpose"]

    def _showcase_index(self, home, data):
        """/showcases/, moderated by the showcase workflow; never overwritten."""
        if ShowcaseIndexPage.objects.child_of(home).exists():
            return 0
        index = home.add_child(
            instance=ShowcaseIndexPage(title=data["title"], slug=data["slug"], intro=data["intro"], show_in_menus=True)
        )
        index.save_revision(log_action=True).publish()
        assign_showcase_workflow(index)
        for item in data["demo"]:
            self._demo_showcase(index, item)
        return 1

    @staticmethod
    def _demo_showcase(index, item):
        """An example showcase, marked as demonstration content wherever it is shown."""
        model = SHOWCASE_TYPES[item["kind"]]
        page = model(
            title=item["title"],
            slug=item["slug"],
            summary=item["summary"],
            year=item["year"],
            is_demo=True,
            city=City.objects.get(code=item["city"]),
            body=[("paragraph", RichText(f"<p>{item['story']}</p>"))],
        )
        for field in ("organiser", "person_name"):
            if field in item:
                setattr(page, field, item[field])
        index.add_child(instance=page)
        page.tasks.set(TaskPage.objects.filter(number__in=item["tasks"]))
        page.save_revision(log_action=True).publish()

    def _network(self, home, data):
        """/network/, and demonstration members while the network has no real ones."""
        created = 0
        if not NetworkPage.objects.child_of(home).exists():
            page = home.add_child(
                instance=NetworkPage(title=data["title"], slug=data["slug"], intro=data["intro"], show_in_menus=True)
            )
            page.save_revision(log_action=True).publish()
            created = 1
        if not NetworkMembership.objects.exists():
            # Demo: the guide's 2024 phase (municipalities, provincial capitals, separately planned
            # cities), marked as demonstration data on every page that shows it.
            joined_on = datetime.date.fromisoformat(data["demo_joined_on"])
            leading = City.objects.filter(
                Q(kind=City.Kind.MUNICIPALITY) | Q(is_provincial_capital=True) | Q(is_separately_planned=True)
            )
            NetworkMembership.objects.bulk_create(
                NetworkMembership(
                    city=city, route=NetworkMembership.Route.APPLICATION, joined_on=joined_on, is_demo=True
                )
                for city in leading
            )
        return created

    def _default_site(self, home, site_name):
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            return Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=site_name
            )
        if site.root_page_id != home.pk:
            site.root_page = home
            site.site_name = site_name
            site.save()
        return site

    def _site_settings(self, site, data):
        site_settings = SiteSettings.for_site(site)
        if site_settings.organisation:
            return
        for field, value in data.items():
            setattr(site_settings, field, value)
        site_settings.save()
