import factory
from django.contrib.auth import get_user_model
from wagtail.models import Page, Site

from home.models import HomePage
from learning_city.guide.models import GuidePage, TaskPage


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.cn")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PageFactory(factory.django.DjangoModelFactory):
    """Creates a page as a published child of ``parent`` (the tree root when not given)."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"页面{n}")
    slug = factory.Sequence(lambda n: f"page-{n}")

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        parent = parent or Page.get_first_root_node()
        page = parent.add_child(instance=model_class(**kwargs))
        page.save_revision().publish()
        return page


class HomePageFactory(PageFactory):
    class Meta:
        model = HomePage

    title = "全国学习型城市网络"
    slug = "lc-home"  # beside, not over, the placeholder page of a fresh install
    lead = "建设新时代学习型城市。"

    @classmethod
    def _create(cls, model_class, parent=None, **kwargs):
        page = super()._create(model_class, parent=parent, **kwargs)
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": page, "site_name": "测试站点"},
        )
        return page


class GuidePageFactory(PageFactory):
    class Meta:
        model = GuidePage

    title = "新时代学习型城市建设指南"
    slug = "guide"
    issuer = "教育部"
    general_requirements = "<p>总体要求正文。</p>"
    organisation_intro = "<p>组织实施正文。</p>"


class TaskPageFactory(PageFactory):
    class Meta:
        model = TaskPage

    number = factory.Sequence(lambda n: n % 6 + 1)
    title = factory.LazyAttribute(lambda task: f"重点任务{task.number}")
    slug = factory.LazyAttribute(lambda task: f"task-{task.number}")
    summary = "任务摘要。"
    body = "<p>任务正文。</p>"


def question(block_type, key, label, **options):
    return {
        "type": block_type,
        "value": {"key": key, "label": label, "help_text": "", "required": options.pop("required", True), **options},
    }


def sample_steps():
    """A two-step form exercising text limits, numbers, phones, a group and a declaration."""
    return [
        {
            "type": "step",
            "value": {
                "title": "联系人",
                "intro": "",
                "fields": [
                    {"type": "heading", "value": "工作联系人"},
                    question("short_text", "contact_name", "姓名", max_characters=20),
                    question("mobile", "contact_mobile", "手机号"),
                    question("landline", "contact_phone", "办公电话", required=False),
                    question("email", "contact_email", "电子邮箱"),
                    question("city", "city", "申报城市"),
                ],
            },
        },
        {
            "type": "step",
            "value": {
                "title": "基本情况",
                "intro": "",
                "fields": [
                    question(
                        "decimal", "population", "常住人口", min_value=0, max_value=5000, decimal_places=2, unit="万人"
                    ),
                    question("long_text", "profile", "经济社会和文化发展状况", max_characters=500),
                    question(
                        "group",
                        "meetings",
                        "重要会议或活动",
                        required=False,
                        min_entries=0,
                        max_entries=5,
                        entry_label="活动",
                        fields=[
                            {
                                "type": "date",
                                "value": {"key": "held_on", "label": "时间", "help_text": "", "required": True},
                            },
                            {
                                "type": "short_text",
                                "value": {
                                    "key": "name",
                                    "label": "名称",
                                    "help_text": "",
                                    "required": True,
                                    "max_characters": 50,
                                },
                            },
                        ],
                    ),
                    question("declaration", "declaration", "申请声明", statement="我们承诺所填内容真实准确。"),
                ],
            },
        },
    ]


class MultiStepFormPageFactory(PageFactory):
    class Meta:
        model = "lc_forms.MultiStepFormPage"

    title = "测试申请表"
    slug = "apply-test"
    steps = factory.LazyFunction(lambda: __import__("json").dumps(sample_steps()))
    login_required = True


def make_showcase(index, showcase_type="brand", city_code="320500", year=2024, tasks=(), image=None, **fields):
    """A live showcase without revisions: fast enough to make hundreds for query-count tests."""
    from learning_city.regions.models import City
    from learning_city.showcases.models import SHOWCASE_TYPES

    model = SHOWCASE_TYPES[showcase_type]
    defaults = {"brand": {"organiser": "市教育局"}, "star": {"person_name": "张老师"}, "city": {}}[showcase_type]
    number = model.objects.count() + 1
    page = index.add_child(
        instance=model(
            title=fields.pop("title", f"展示{showcase_type}{number}"),
            slug=f"{showcase_type}-{number}-{city_code}-{year}",
            summary=fields.pop("summary", "一个终身学习的好做法。"),
            city=City.objects.get(code=city_code),
            year=year,
            image=image,
            **{**defaults, **fields},
        )
    )
    if tasks:
        page.tasks.set(tasks)
        page.save()
    return page


def editors_group():
    """The group Wagtail's initial data made for editors (edit rights on the tree's root, no publishing),
    found by what it may do rather than by its name, which the project translates."""
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission

    at_root = GroupPagePermission.objects.filter(page__depth=1)
    editing = at_root.filter(permission__codename="change_page").values("group")
    publishing = at_root.filter(permission__codename="publish_page").values("group")
    return Group.objects.filter(pk__in=editing).exclude(pk__in=publishing).get()
