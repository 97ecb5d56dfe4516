"""What happens to a submitted entry, by the form page's purpose.

The forms app knows no purpose of its own beyond storing: other apps register theirs at
start-up (``AppConfig.ready``) with the field keys their handler needs, and the admin
refuses a form page whose fields lack them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Purpose:
    name: str
    label: str
    required_keys: tuple = ()
    on_submit: Callable = field(default=lambda entry: None)


STORE_ONLY = Purpose(name="store", label=_("Store submissions only"))

_registry = {}


def register(purpose):
    _registry[purpose.name] = purpose
    return purpose


def get(name):
    return _registry.get(name, STORE_ONLY)


def choices():
    return [(purpose.name, purpose.label) for purpose in _registry.values()]
