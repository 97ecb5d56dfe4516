"""The guide page says what the guide says: part three's numbered items, the timeline's own words,
the targets as the guide groups them, and which regions the figures use."""

import importlib
import re

import pytest
from django.apps import apps
from wagtail.models import Revision

from learning_city.guide.models import CoverageTarget, GuidePage, target_groups

ITEMS = ["（一）城市申请", "（二）省级推荐", "（三）确定加入", "（四）推广典型模式"]
THREE_BELTS = "地区按东部、中部、西部三大地带划分"
NORTH_EAST = "辽宁计入东部，吉林、黑龙江计入中部"


def part_three(html):
    return html[html.index('id="part-3"') : html.index("</article>")]


def timeline_phases(html):
    timeline = html[html.index('<ol class="timeline">') : html.index("</ol>", html.index('<ol class="timeline">'))]
    return dict(
        re.findall(r'<span class="timeline__year">(\d{4}).*?<span class="timeline__lead">(.*?)</span>', timeline, re.S)
    )


def targets_figure(html):
    return html[
        html.index('<figure class="targets">') : html.index("</figure>", html.index('<figure class="targets">'))
    ]


def test_part_three_has_the_guides_four_numbered_items_in_order(client, site_content):
    part = part_three(client.get("/guide/").content.decode())
    positions = [part.find(item) for item in ITEMS]
    assert -1 not in positions, positions
    assert positions == sorted(positions)
    # Direct joining is written under （三）, so it is shown within it; monitoring (from the introduction) after.
    direct_join, monitoring = part.index('step-note__title">直接加入<'), part.index('step-note__title">建设监测<')
    assert positions[2] < direct_join < positions[3] < monitoring
    assert "（五）" not in part


def test_the_table_of_contents_lists_the_four_items(client, site_content):
    html = client.get("/guide/").content.decode()
    toc = html[html.index('<nav class="toc"') : html.index("</nav>", html.index('<nav class="toc"'))]
    for number, item in enumerate(ITEMS, start=1):
        assert f'<a href="#item-{number}">{item}</a>' in toc
        assert f'id="item-{number}"' in html


def test_items_follow_their_numbers_not_the_order_they_were_entered(client, site_content):
    guide = GuidePage.objects.get()
    steps = {step.kind: step for step in guide.organisation_steps.all()}
    steps["promote"].sort_order = -1  # an editor moved （四） to the top of the list
    steps["promote"].save()
    items, others = GuidePage.objects.get().organisation_items()
    assert [(item["numeral"], item["step"].kind) for item in items] == [
        ("一", "apply"),
        ("二", "recommend"),
        ("三", "confirm"),
        ("四", "promote"),
    ]
    assert [part.kind for part in items[2]["parts"]] == ["direct_join"]
    assert [step.kind for step in others] == ["monitor"]


def test_timeline_labels_are_the_guides_words(client, site_content):
    phases = timeline_phases(client.get("/guide/").content.decode())
    assert phases == {
        "2023": "以加入全球学习型城市网络的10个城市为示范",
        "2024": "以直辖市、省会城市及计划单列市为引领",
        "2025": "以地市级城市为主",
    }
    assert not any("引领：" in label for label in phases.values())


def test_timeline_labels_are_editable_data(client, site_content):
    phase = GuidePage.objects.get().phases.get(year=2025)
    phase.lead_role = "为重点"
    phase.save()
    assert timeline_phases(client.get("/guide/").content.decode())["2025"] == "以地市级城市为重点"
    assert timeline_phases(client.get("/").content.decode())["2025"] == "以地市级城市为重点"  # the home page's timeline


def test_coverage_targets_state_east_and_central_as_one_figure_and_each_region(client, site_content):
    figure = targets_figure(client.get("/guide/").content.decode())
    assert "东中部地区50%左右、西部地区30%" in figure
    for region, value in (("东部地区", "约50%"), ("中部地区", "约50%"), ("西部地区", "30%")):
        assert re.search(f'targets__label">{region}</span>.*?targets__value">{value}</span>', figure, re.S), region


def test_coverage_targets_say_which_regions_the_figures_use(client, site_content):
    for url in ("/guide/", "/"):
        figure = targets_figure(client.get(url).content.decode())
        assert THREE_BELTS in figure and NORTH_EAST in figure


def test_east_and_central_are_one_figure_only_while_their_targets_agree(site_content):
    guide = GuidePage.objects.get()
    labels = [(group["label"], group["share_percent"]) for group in guide.coverage_groups]
    assert labels == [("东中部地区", 50), ("西部地区", 30)]

    CoverageTarget.objects.filter(region="central").update(share_percent=45)
    assert [(group["regions"], group["share_percent"]) for group in guide.coverage_groups] == [
        (["east"], 50),
        (["central"], 45),
        (["west"], 30),
    ]


def test_grouping_keeps_the_order_and_needs_both_regions():
    def target(region, share=50, approximate=True, year=2025):
        return CoverageTarget(region=region, target_year=year, share_percent=share, approximate=approximate)

    groups = target_groups([target("west", 50), target("central"), target("east")])
    assert [group["regions"] for group in groups] == [["west"], ["east", "central"]]
    assert [group["regions"] for group in target_groups([target("east"), target("west")])] == [["east"], ["west"]]
    exact = target_groups([target("east"), target("central", approximate=False)])
    assert [group["regions"] for group in exact] == [["east"], ["central"]]
    by_year = target_groups([target("east", year=2024), target("central", year=2025)])
    assert len(by_year) == 2


@pytest.mark.django_db
def test_the_migration_fills_existing_pages_and_their_revisions_from_what_they_hold(site_content):
    migration = importlib.import_module("learning_city.guide.migrations.0002_phase_lead_role_step_item_number")
    guide = site_content
    # A site from before the fields: nothing in the rows, nothing in the revisions.
    guide.phases.update(lead_role="")
    guide.organisation_steps.update(item_number=None)
    revision = guide.get_latest_revision()
    for phase in revision.content["phases"]:
        del phase["lead_role"]
    for step in revision.content["organisation_steps"]:
        del step["item_number"]
    revision.save(update_fields=["content"])
    # A description that does not say: the timeline keeps the word it showed before ("引领：").
    guide.phases.filter(year=2023).update(description="全面启动新时代学习型城市建设。")

    migration.fill(apps, None)
    guide = GuidePage.objects.get()
    assert dict(guide.phases.values_list("year", "lead_role")) == {2023: "为引领", 2024: "为引领", 2025: "为主"}

    guide.phases.filter(year=2023).update(lead_role="为示范")  # the editor puts it right
    migration.fill(apps, None)  # running again changes nothing
    assert dict(guide.phases.values_list("year", "lead_role")) == {2023: "为示范", 2024: "为引领", 2025: "为主"}
    assert list(guide.organisation_steps.values_list("kind", "item_number")) == [
        ("apply", 1),
        ("recommend", 2),
        ("confirm", 3),
        ("direct_join", 3),
        ("promote", 4),
        ("monitor", None),
    ]
    draft = Revision.objects.get(pk=revision.pk).as_object()  # what the editor opens
    assert [phase.lead_role for phase in draft.phases.all()] == ["为示范", "为引领", "为主"]
    assert [step.item_number for step in draft.organisation_steps.all()] == [1, 2, 3, 3, 4, None]


def test_the_migration_reads_the_role_from_the_description():
    migration = importlib.import_module("learning_city.guide.migrations.0002_phase_lead_role_step_item_number")
    assert migration.role_from("以直辖市、省会城市及计划单列市为引领，稳步扩面。") == "为引领"
    assert migration.role_from("以地市级城市为主，提质扩面，覆盖东中部地区50%左右。") == "为主"
    assert migration.role_from("以被评为先进的城市为示范。") == "为示范"
    assert migration.role_from("全面启动。") == "为引领"
    assert migration.role_from("") == "为引领"
