"""Routes kept in the cache (config/cache/routing.py) for every request: a signed-in user's too, with the
page's view restrictions still checked against that user."""

from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from learning_city.guide.models import GuidePage
from tests.factories import UserFactory


def test_a_kept_route_still_checks_each_users_restrictions(client, site_content):
    guide = GuidePage.objects.get()
    insiders = Group.objects.create(name="内部审阅")
    restriction = PageViewRestriction.objects.create(page=guide, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(insiders)
    member, outsider = UserFactory(), UserFactory()
    member.groups.add(insiders)

    client.force_login(member)
    assert client.get("/guide/").status_code == 200  # routed, and the route kept
    client.force_login(outsider)
    refused = client.get("/guide/")
    assert refused.status_code != 200 and guide.title not in refused.content.decode()
    client.logout()
    assert client.get("/guide/").status_code == 302  # to sign in
    client.force_login(member)
    assert client.get("/guide/").status_code == 200


def test_a_signed_in_visit_is_routed_from_the_cache(client, site_content):
    client.force_login(UserFactory())
    client.get("/guide/")
    GuidePage.objects.update(slug="renamed")  # no signal, no purge: the kept route still finds the page
    assert client.get("/guide/").status_code == 200
