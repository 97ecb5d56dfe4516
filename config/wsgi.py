import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

application = get_wsgi_application()

# After Django is set up: the page cache's answer in front of it.
from config.cache.wsgi import KeptPages  # noqa: E402

application = KeptPages(application)
