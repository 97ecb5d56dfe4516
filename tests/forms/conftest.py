import pytest

from tests.factories import HomePageFactory, MultiStepFormPageFactory, UserFactory


@pytest.fixture
def form_page(db):
    home = HomePageFactory()
    return MultiStepFormPageFactory(parent=home)


@pytest.fixture
def applicant(db):
    return UserFactory(username="zhang", email="zhang@city.example.cn")


@pytest.fixture
def signed_in(client, applicant):
    client.force_login(applicant)
    return client


STEP_ONE = {
    "contact_name": "张三",
    "contact_mobile": "138 0013 8000",
    "contact_phone": "",
    "contact_email": "zhang@city.example.cn",
    "city": "320500",
}
STEP_TWO = {
    "population": "1295.80",
    "profile": "苏州历史悠久，经济发达。",
    "meetings-0-held_on": "2024-05-20",
    "meetings-0-name": "学习型城市建设推进会",
    "declaration": "on",
}


def post_step(client, page, number, data, action="next"):
    return client.post(
        f"{page.url}step/{number}/",
        {f"form_{page.pk}-current_step": str(number), "action": action, **data},
    )
