"""Permission names in Chinese, as administrators read them when they edit a group.

Django names the four model permissions "Can add <model>" in English and keeps that name in the database;
Wagtail's and the apps' own permissions are stored as their English text too. After every ``migrate`` each
permission is named in the site's language: the model's Chinese name for the four model permissions, the
catalogue's translation for the others (a name with no translation is left as it is).
"""

from django.conf import settings
from django.contrib.auth.models import Permission
from django.utils import translation
from django.utils.text import capfirst

# The four model permissions, and those Wagtail adds to snippets that lock and publish.
MODEL_ACTIONS = {
    "add": "可以添加",
    "change": "可以修改",
    "delete": "可以删除",
    "view": "可以查看",
    "lock": "可以锁定",
    "unlock": "可以解锁",
    "publish": "可以发布",
}


def chinese_name(permission):
    action, _, model_name = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if action in MODEL_ACTIONS and model is not None and model_name == model._meta.model_name:
        return f"{MODEL_ACTIONS[action]}{model._meta.verbose_name}"
    return capfirst(translation.gettext(permission.name))


def name_permissions_in_chinese(using="default", **kwargs):
    """A ``post_migrate`` receiver: every permission named in the site's language (one query, and one
    update for each name that changes)."""
    with translation.override(settings.LANGUAGE_CODE):
        for permission in Permission.objects.using(using).select_related("content_type"):
            name = chinese_name(permission)[: Permission._meta.get_field("name").max_length]
            if name != permission.name:
                Permission.objects.using(using).filter(pk=permission.pk).update(name=name)
