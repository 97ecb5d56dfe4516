import re

from django.core import mail

PASSWORD = "Xuexi-Chengshi-2026"
SITE = "http://127.0.0.1:8000"


def register(client, email="lianxi@suzhou.example.cn", meta=None, **fields):
    return client.post("/accounts/register/", {"email": email, **fields}, **(meta or {}))


def register_as_before(client, email="lianxi@suzhou.example.cn", password=PASSWORD):
    """What the old form took: the address and a password of the registrant's choosing (now ignored)."""
    return register(client, email=email, password1=password, password2=password)


def link_in(message):
    return re.search(r"http://\S+", message.body).group(0).removeprefix(SITE)


def last_link():
    return link_in(mail.outbox[-1])


def set_password(client, link, password=PASSWORD):
    """Open the e-mailed link as its owner would, then set the password on the page it opens."""
    page = client.get(link, follow=True)
    return client.post(page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})


def sign_in(client, username, password=PASSWORD, path="/accounts/login/", **meta):
    return client.post(path, {"username": username, "password": password}, **meta)


def signed_in_as(client):
    response = client.get("/accounts/applications/")
    return response.status_code == 200 and response.wsgi_request.user.get_username()
