import pytest

from learning_city.showcases.models import ShowcasePage


@pytest.fixture
def without_demo_showcases(site_content):
    """Counting tests start from no showcases; load_content ships three demonstration ones."""
    for page in ShowcasePage.objects.filter(is_demo=True):
        page.delete()
