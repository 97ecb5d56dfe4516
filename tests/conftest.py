import io

import pytest
from django.core.management import call_command

from learning_city.guide.models import GuidePage
from tests.factories import UserFactory


@pytest.fixture
def site_content(db):
    """The site as `make run` builds it: home page, the guide and its six task pages."""
    call_command("load_content", stdout=io.StringIO())
    return GuidePage.objects.get()


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def editor(client, db):
    """An editor who is not a superuser, in the editors group Wagtail's initial data makes, signed in."""
    from tests.factories import editors_group

    user = UserFactory(username="editor")
    user.groups.add(editors_group())
    client.force_login(user)
    return user


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rate-limit counters and sign-in lockouts live there, and
    every test client comes from 127.0.0.1."""
    from django.core.cache import cache

    cache.clear()
