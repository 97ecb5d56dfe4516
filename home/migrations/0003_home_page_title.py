"""The home page is "首页" in the admin's page explorer, not the site's name that /network/ also
bears; the site's name stays its browser title and heading (``seo_title``).

Only a home page still titled as shipped is renamed, on the page and its latest revision (what
the editor opens), so an editor's own title stays.
"""

from django.db import migrations

SHIPPED_TITLE = "全国学习型城市网络"
NEW_TITLE = "首页"


def rename(apps, schema_editor, old, new, seo_title):
    HomePage = apps.get_model("home.HomePage")
    Revision = apps.get_model("wagtailcore.Revision")
    for page in HomePage.objects.filter(title=old):
        page.title = new
        page.seo_title = page.seo_title or seo_title
        if page.draft_title == old:
            page.draft_title = new
        page.save(update_fields=["title", "seo_title", "draft_title"])
        revision = Revision.objects.filter(pk=page.latest_revision_id).first()
        if revision is not None and revision.content.get("title") == old:
            revision.content.update(title=new, draft_title=new, seo_title=page.seo_title)
            revision.save(update_fields=["content"])


def forwards(apps, schema_editor):
    rename(apps, schema_editor, SHIPPED_TITLE, NEW_TITLE, SHIPPED_TITLE)


def backwards(apps, schema_editor):
    rename(apps, schema_editor, NEW_TITLE, SHIPPED_TITLE, "")


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_homepage_body"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
