"""Settings shared by every environment; each switch is an environment variable.

Unset variables give the embedded defaults (SQLite, eager Celery, local files,
local-memory cache, console mail) so that one command runs the site.
"""

import datetime
import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Everything the running site writes locally (database, media, caches) lives here.
DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "learning_city.regions",
    "learning_city.workflows",
    "learning_city.guide",
    "learning_city.forms",
    "learning_city.accounts",
    "learning_city.applications",
    "learning_city.showcases",
    "search",
    "config.cache",
    "wagtail.api.v2",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "formtools",
    "storages",
    "axes",
    "csp",
    "django.contrib.admin",  # wagtail-modeladmin uses its list utilities; its URLs are not mounted
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
]

MIDDLEWARE = [
    # First: a kept page is kept with every header the visitor got (the security middleware's, the
    # Content-Security-Policy with the page's nonce), and answers without sessions, sign-in or CSRF. Static
    # files never reach it (PAGE_CACHE's NEVER_PREFIXES).
    "config.cache.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.security.ContentSecurityPolicyMiddleware",
    "config.security.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the Chinese "try again later" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# Form and widget templates may be overridden in templates/ like every other template.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

if not os.environ.get("DATABASE_URL"):
    # SQLite cannot create its file in a folder that does not exist (a fresh clone has no var/).
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under several gunicorn workers and a Celery worker: WAL lets readers go on
    # while one process writes; a transaction that will write takes the write lock when it begins
    # (IMMEDIATE), so it waits its turn for up to the timeout instead of failing "database is locked"
    # when a read inside it would have to be upgraded to a write.
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT_SECONDS", "20")),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
# Uploads that must never be reachable by a public URL (application evidence, the filled-in form PDFs,
# stamped scans) live in a storage of their own, STORAGES["private"]: on disk a folder outside
# MEDIA_ROOT, so no media route, proxy alias or path trick can reach them; only permission-checked
# views serve them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", DATA_DIR / "private"))
if Path(PRIVATE_MEDIA_ROOT).resolve().is_relative_to(Path(MEDIA_ROOT).resolve()):
    raise ImproperlyConfigured("PRIVATE_MEDIA_ROOT must not be inside MEDIA_ROOT: media is served publicly.")
# Where private uploads used to be kept, inside MEDIA_ROOT (or the bucket): `migrate` moves them to the
# private storage (`manage.py move_private_files` does it again), and the media view still refuses it.
PRIVATE_MEDIA_PREFIX = "private/"
# Serve MEDIA_URL from Django when no proxy or object storage does it (dev, small installs).
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=False)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": PRIVATE_MEDIA_ROOT}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# S3-compatible object storage (AWS S3, MinIO, Aliyun OSS, Tencent COS): on when a bucket is named.
AWS_STORAGE_BUCKET_NAME = os.environ.get("S3_BUCKET", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("S3_REGION") or None
    AWS_ACCESS_KEY_ID = os.environ.get("S3_ACCESS_KEY_ID", "")
    AWS_SECRET_ACCESS_KEY = os.environ.get("S3_SECRET_ACCESS_KEY", "")
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("S3_CUSTOM_DOMAIN") or None
    AWS_S3_ADDRESSING_STYLE = os.environ.get("S3_ADDRESSING_STYLE", "auto")
    # Objects are private; every URL handed out is signed and expires.
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_QUERYSTRING_EXPIRE = int(os.environ.get("S3_URL_EXPIRE_SECONDS", "300"))
    AWS_S3_FILE_OVERWRITE = False
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    # Private uploads: best in a bucket of their own (S3_PRIVATE_BUCKET) that no CDN or bucket policy
    # opens; else under private/ of the same bucket. Either way never through S3_CUSTOM_DOMAIN, always
    # signed URLs, with the Content-Type and disposition the site decides (PrivateS3Storage).
    S3_PRIVATE_BUCKET = os.environ.get("S3_PRIVATE_BUCKET", "")
    STORAGES["private"] = {
        "BACKEND": "learning_city.forms.private_s3.PrivateS3Storage",
        "OPTIONS": {
            "bucket_name": S3_PRIVATE_BUCKET or AWS_STORAGE_BUCKET_NAME,
            "location": "" if S3_PRIVATE_BUCKET else PRIVATE_MEDIA_PREFIX.rstrip("/"),
        },
    }

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lc",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The page cache (config/cache/, README: Page cache): anonymous visitors' pages, whole, in the "pages"
# cache: Redis when there is one, else files in DATA_DIR, shared by every worker of the machine (the
# local-memory cache is not: a publish handled by one worker would not purge the others' pages).
PAGE_CACHE = {
    "ENABLED": env_bool("PAGE_CACHE", default=True),
    # Pages' content blocks kept on their own, for the anonymous visits the page cache does not answer.
    "CONTENT": env_bool("PAGE_CONTENT_CACHE", default=True),
    "CACHE": "pages",
    # Pages are purged when what they show changes; the timeout only lets unvisited pages go.
    "SECONDS": int(os.environ.get("PAGE_CACHE_SECONDS", str(24 * 60 * 60))),
    # Never cached, whoever asks: the admin, accounts, applications, forms' steps and files, search's
    # suggestions, the health check, media and static files, and (by pattern) any form step, check,
    # submission or preview.
    "NEVER_PREFIXES": (
        "/admin/",
        "/accounts/",
        "/applications/",
        "/api/forms/",
        "/forms/",
        "/documents/",
        "/search/suggest/",
        "/healthz",
        MEDIA_URL,
        STATIC_URL,
    ),
    "NEVER_PATTERN": r"/(step|check|submitted|preview)/",
    # The only query parameters a kept page may have: the filters and pages of the showcase index and the
    # network, and the API's own. Anything else (a search's q, a cache-buster) is never cached.
    "PAGE_PARAMETERS": frozenset({"type", "task", "region", "province", "year", "route", "page"}),
    "API_PREFIXES": ("/api/",),
    "API_PARAMETERS": frozenset(
        {"type", "task", "region", "province", "year", "route", "page", "fields", "limit", "offset", "order"}
        | {"child_of", "descendant_of", "slug", "html_path", "locale"}
    ),
}
if REDIS_URL:
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "lc-pages"}
else:
    CACHES["pages"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "page-cache"),
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
# Template fragments keyed by a purge token ({% page_cache_token %}: header, footer, breadcrumbs, filter
# options) are the same for a given token in every process, so each worker keeps its own copy: the token
# is read from the shared cache at every request, and a purge makes a new one. No round trip per fragment.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": 5_000},
}

# Celery: with no broker the project's tasks run inline, in the calling process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULE = {
    "clean-orphaned-upload-files": {"task": "forms.clean_orphaned_files", "schedule": 24 * 60 * 60},
    # Idempotent per province and day, so a restarted beat cannot send a second reminder.
    "remind-provinces-of-deadlines": {"task": "applications.remind_provinces", "schedule": 6 * 60 * 60},
    "expire-unconfirmed-accounts": {"task": "accounts.expire_unconfirmed", "schedule": 24 * 60 * 60},
}
# Uploads larger than this go to a temporary file rather than memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
    # A server that accepts the connection and then hangs fails like a refusal, and is retried.
    EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@learningcity.example.cn")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# django-axes first: it refuses a locked-out sign-in (site and Wagtail admin) before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "accounts:applications"
LOGOUT_REDIRECT_URL = "/"

# Wagtail
WAGTAIL_SITE_NAME = _("National Learning City Network")
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "csv", "txt", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False  # it points to Wagtail's English editor guide
# No avatars from gravatar.com: it would learn the reviewers' addresses (hashed), is often unreachable from
# mainland China, and the admin's Content-Security-Policy loads images from this site only.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# City applications are admitted by the project's own final step; other models publish as usual.
WAGTAIL_FINISH_WORKFLOW_ACTION = "learning_city.applications.finish.finish_workflow"
WAGTAIL_DATE_FORMAT = "%Y-%m-%d"
# Every time the site shows is Beijing time, as the e-mails and exports say it: nobody picks another zone.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
WAGTAIL_DATETIME_FORMAT = "%Y-%m-%d %H:%M"

# Sign-in failures are counted in the cache (shared by every web node on Redis; per process on the
# local-memory default) by account and by client address, each with its own limit: an office behind
# one address has many people who mistype, an account has one owner. The cool-off restarts with
# every attempt made while locked out, so the page's wait time is exact.
AXES_HANDLER = "learning_city.accounts.signin.LoginFailureHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
LOGIN_FAILURE_LIMITS = {
    "username": int(os.environ.get("LOGIN_FAILURE_LIMIT_PER_ACCOUNT", "5")),
    "ip_address": int(os.environ.get("LOGIN_FAILURE_LIMIT_PER_IP", "30")),
}
AXES_FAILURE_LIMIT = max(LOGIN_FAILURE_LIMITS.values())
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_CLIENT_IP_CALLABLE = "learning_city.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "learning_city.accounts.signin.lockout_response"
AXES_VERBOSE = False

# How many reverse proxies in front of Django append to X-Forwarded-For (the shipped nginx is one);
# the client address is the entry the nearest of them added. 0: REMOTE_ADDR, for direct access.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Rate limits (learning_city/throttle.py), counted in the cache per action and per what is counted:
# "ip" the client address, "account" the signed-in user (or the anonymous session), "email" the
# address typed in. "count/period", the period in s, m, h or d, optionally with a number ("15m").
# Generous: a person never meets them, a script does. Per-address limits are multiplied by
# RATE_LIMIT_IP_FACTOR, which a load test from one address raises.
RATE_LIMITS = {
    "register": {"email": "5/h", "ip": "20/h"},
    "password_reset": {"email": "5/h", "ip": "20/h"},
    "form_save": {"account": "300/h", "ip": "1200/h"},
    "form_submit": {"account": "20/h", "ip": "100/h"},
    "search": {"ip": "120/m"},
    "suggest": {"ip": "600/m"},  # one request per pause in typing
}
RATE_LIMIT_IP_FACTOR = int(os.environ.get("RATE_LIMIT_IP_FACTOR", "1"))

# The most fields one POST may carry (more: HTTP 400), on every endpoint, the forms' steps included. The
# largest posts are the page editor's: the shipped application form's posts about 600 fields, so this leaves
# room for a form three times its size; its largest step (part 3, every group row filled, or part 4 with
# every file and photo note) posts under 100. tests/forms/test_hardening_limits.py checks both.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2_000

# Content-Security-Policy (django-csp; config/security.py): the public site's pages run only the site's own
# scripts and styles, and inline ones carrying the request's nonce (``nonce="{{ request.csp_nonce }}"``).
# Images and video may also come from where media is served when that is not the site itself: an absolute
# MEDIA_URL, the S3 custom domain, or the endpoint and its subdomains (a bucket's own host, as Aliyun OSS and
# Tencent COS name it; AWS's hosts without an endpoint), and any origins listed in CSP_MEDIA_SOURCES.
_media_sources = env_list("CSP_MEDIA_SOURCES") + re.findall(r"\Ahttps?://[^/]+", MEDIA_URL)
if AWS_STORAGE_BUCKET_NAME:
    _media_sources += [f"https://{AWS_S3_CUSTOM_DOMAIN}"] if AWS_S3_CUSTOM_DOMAIN else []
    for _scheme, _host in re.findall(r"\A(https?://)([^/]+)", AWS_S3_ENDPOINT_URL or "https://amazonaws.com"):
        _media_sources += [_scheme + _host, f"{_scheme}*.{_host}"]
_csp_common = {
    "default-src": [SELF],
    "img-src": [SELF, "data:", *_media_sources],
    "media-src": [SELF, *_media_sources],
    "font-src": [SELF],
    "connect-src": [SELF],
    # Showcases' videos are embedded players (EmbedBlock) from video sites over HTTPS.
    "frame-src": [SELF, "https:"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_csp_common,
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        # Like X-Frame-Options DENY; a form page lists the sites that may frame it (forms/embedding.py).
        "frame-ancestors": [NONE],
    }
}
# Wagtail's admin writes inline scripts and styles without a nonce: inline is allowed there, nothing else more.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_csp_common,
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [*_csp_common["img-src"], "blob:"],  # previews of images chosen for upload
        "frame-ancestors": [SELF],  # the page editor's live preview
    }
}
# Permissions-Policy: browser features no page uses, off for the site and anything it frames.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
}

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail runs its index updates as inline django-tasks; one line each is noise.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": os.environ.get("LOG_LEVEL", "INFO")},
    },
}
WAGTAILADMIN_USER_LOGIN_FORM = "home.forms.AdminLoginForm"
