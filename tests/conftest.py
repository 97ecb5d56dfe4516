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
    """Each test starts with empty caches: rate-limit counters and sign-in lockouts live there (every test
    client comes from 127.0.0.1), and so do pages, routes and fragments kept for a database rolled back since."""
    from django.core.cache import caches

    for alias in caches:  # "pages" too: the page cache's routes and tokens
        caches[alias].clear()
