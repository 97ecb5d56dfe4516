"""Forty-odd realistic queries find the page they are about among the first three results."""

import re

import pytest

from tests.search.corpus import CORPUS


@pytest.fixture(scope="module")
def corpus_site(django_db_setup, django_db_blocker):
    """The shipped content, loaded once for every query of the corpus (and removed after)."""
    import io

    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        call_command("load_content", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def result_titles(client, query):
    html = client.get("/search/", {"q": query}).content.decode()
    found = re.findall(r'class="result__title">(.*?)</h[23]>', html, re.S)
    return [re.sub(r"<[^>]+>", "", title).strip() for title in found]


@pytest.mark.parametrize("query,expected", CORPUS)
def test_the_expected_page_is_in_the_first_three(corpus_site, db, client, query, expected):
    titles = result_titles(client, query)
    assert expected in titles[:3], f"{query}: {titles[:5]}"
