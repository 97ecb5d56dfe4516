"""Bringing a live application form to the wording of attachment 1, through the form's versions.

Each upgrade is a pure function of the form's stored steps (StreamField JSON) that changes only
what it is about and returns the steps unchanged when already applied: running them again does
nothing. ``upgrade_application_forms`` publishes the result as a new revision of each application
form page, so the change becomes a new form version: submissions keep reading as they were
answered, and drafts move to it by stable key the next time they are opened. The shipped
``content/application_form.json`` is the result of these upgrades, so a new site starts there.
"""

import copy
import uuid

from learning_city.applications.purpose import CITY_NETWORK_APPLICATION
from learning_city.forms.models import MultiStepFormPage

# Headings of attachment 1 under which questions belong together (whose name is whose).
SECTION_STEPS = ("一、相关工作负责人及联系人", "三、本市学习型城市建设的总体战略")

START_LABEL = (
    "1. 本市正式开展学习型城市建设工作的时间（注明启动的标志性事件，如召开有关会议、印发相关文件或举办有关活动等）"
)
START_HELP = "只知道年份和月份即可；具体日期不详的，请选择月份。"
CASES_LABEL = "1. 在推进学习型城市建设、促进全民终身学习方面创建的特色案例或品牌项目（最多3个项目或案例，400字以内）"
CASES_HELP = "最多填写3个项目或案例，所有项目或案例的文字合计不超过400字。"
CASES_TOTAL = 400
DECLARATION = (
    "______市，申请加入全国学习型城市网络。我们承诺积极推进学习型城市建设，遵循全国学习型城市网络成员的相关要求，"
    "支持全国学习型城市网络的发展目标并参与各项活动。"
)
DECLARATION_HELP = "提交后请下载申请表PDF，经市政府同意并加盖公章后，上传盖章扫描件。"


def _section(title, fields):
    # A fixed id from the title: applying the upgrade twice, or to two sites, gives the same section.
    return {
        "type": "section",
        "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"learning-city/section/{title}")),
        "value": {"title": title, "intro": "", "fields": fields},
    }


def sections_for_headings(step):
    """A heading followed by questions becomes a section holding them (not the first heading of
    part 1, 申报城市, which stands above the city itself)."""
    if step["value"]["title"] not in SECTION_STEPS:
        return step
    fields, grouped = step["value"]["fields"], []
    index = 0
    while index < len(fields):
        item = fields[index]
        following = []
        while item["type"] == "heading" and index + 1 + len(following) < len(fields):
            candidate = fields[index + 1 + len(following)]
            if candidate["type"] in ("heading", "section"):
                break
            following.append(candidate)
        if item["type"] == "heading" and following and item["value"] != "申报城市":
            grouped.append(_section(item["value"], following))
            index += 1 + len(following)
        else:
            grouped.append(item)
            index += 1
    step["value"]["fields"] = grouped
    return step


def _questions(step):
    for item in step["value"]["fields"]:
        if item["type"] == "section":
            yield from item["value"]["fields"]
        else:
            yield item


# The wording shipped before, which the upgrade replaces; wording an editor has changed is theirs.
OLD_START_LABEL = "1. 本市正式开展学习型城市建设工作的时间"
OLD_CASES_LABEL = (
    "1. 在推进学习型城市建设、促进全民终身学习方面创建的特色案例或品牌项目（最多3个项目或案例，每个400字以内）"
)
OLD_DECLARATION = DECLARATION.replace("______市，", "本市", 1)


def official_wording(step):
    """The start of the work as one answer dated to the month with its event, the featured cases'
    official label with their 400 characters in total, and the declaration naming the city."""
    for item in _questions(step):
        value = item["value"]
        key = value.get("key") if isinstance(value, dict) else None
        if key == "start_date" and value["label"] == OLD_START_LABEL:
            value.update(label=START_LABEL, help_text=START_HELP, precision="month")
        elif key == "start_event" and value["label"] == "启动的标志性事件" and value["help_text"]:
            value["help_text"] = ""  # the official item, now the date's label, says what the event is
        elif key == "featured_cases" and value["label"] == OLD_CASES_LABEL:
            value.update(label=CASES_LABEL, help_text=CASES_HELP, max_total_characters=CASES_TOTAL)
        elif key == "declaration" and value["statement"] == OLD_DECLARATION:
            value.update(statement=DECLARATION, fill_from="city", help_text=DECLARATION_HELP)
    return step


UPGRADES = (sections_for_headings, official_wording)


def upgraded(steps):
    """The steps with every upgrade applied (a new list; ``steps`` is left as it was)."""
    steps = copy.deepcopy(list(steps))
    for upgrade in UPGRADES:
        steps = [upgrade(step) for step in steps]
    return steps


def upgrade_application_forms():
    """Publish the upgraded steps of every application form page whose steps they change; returns
    the pages changed. A page an editor has unpublished changes on is upgraded the same way in
    that draft, which stays a draft."""
    changed = []
    for page in MultiStepFormPage.objects.filter(purpose=CITY_NETWORK_APPLICATION.name):
        before = page.steps_snapshot()
        after = upgraded(before)
        if after == before:
            continue
        draft = page.get_latest_revision_as_object() if page.has_unpublished_changes else None
        page.steps = after
        page.save_revision(log_action=True).publish()
        if draft is not None:
            draft.steps = upgraded(draft.steps_snapshot())
            draft.save_revision(log_action=True)
        changed.append(page)
    return changed
