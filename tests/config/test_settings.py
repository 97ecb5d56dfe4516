"""Each environment variable switches one real component; checked in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
SWITCH_VARIABLES = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "REDIS_URL",
    "S3_BUCKET",
    "S3_ENDPOINT_URL",
    "EMAIL_HOST",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def read_settings(module="config.settings.dev", **env):
    clean_env = {k: v for k, v in os.environ.items() if k not in SWITCH_VARIABLES}
    clean_env.update(env, DJANGO_SETTINGS_MODULE=module)
    script = (
        "import json; from django.conf import settings as s; "
        "print(json.dumps({"
        "'db': s.DATABASES['default'], 'eager': s.CELERY_TASK_ALWAYS_EAGER, "
        "'broker': s.CELERY_BROKER_URL, 'cache': s.CACHES['default']['BACKEND'], "
        "'storage': s.STORAGES['default']['BACKEND'], 'email': s.EMAIL_BACKEND, "
        "'debug': s.DEBUG, 'language': s.LANGUAGE_CODE, 'tz': s.TIME_ZONE, "
        "'endpoint': getattr(s, 'AWS_S3_ENDPOINT_URL', None), "
        "'querystring_auth': getattr(s, 'AWS_QUERYSTRING_AUTH', None)}, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_DIR, env=clean_env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_embedded_defaults_need_no_services():
    s = read_settings()
    assert s["db"]["ENGINE"] == "django.db.backends.sqlite3"
    assert s["db"]["NAME"].endswith("var/db.sqlite3")
    assert s["eager"] is True
    assert s["cache"].endswith("LocMemCache")
    assert s["storage"] == "django.core.files.storage.FileSystemStorage"
    assert s["email"].endswith("console.EmailBackend")
    assert (s["language"], s["tz"]) == ("zh-hans", "Asia/Shanghai")


def test_database_url_switches_to_postgresql():
    s = read_settings(DATABASE_URL="postgres://lc:pw@db.internal:5432/learning_city")
    assert s["db"]["ENGINE"] == "django.db.backends.postgresql"
    assert (s["db"]["HOST"], s["db"]["NAME"], s["db"]["PORT"]) == ("db.internal", "learning_city", 5432)


def test_broker_url_stops_running_tasks_inline():
    s = read_settings(CELERY_BROKER_URL="redis://127.0.0.1:6379/1")
    assert s["eager"] is False
    assert s["broker"] == "redis://127.0.0.1:6379/1"


def test_redis_url_switches_the_cache():
    assert read_settings(REDIS_URL="redis://127.0.0.1:6379/2")["cache"] == "config.redis_cache.RedisCache"


def test_bucket_switches_files_to_signed_s3_compatible_storage():
    s = read_settings(S3_BUCKET="learning-city", S3_ENDPOINT_URL="https://oss-cn-beijing.aliyuncs.com")
    assert s["storage"] == "storages.backends.s3.S3Storage"
    assert s["endpoint"] == "https://oss-cn-beijing.aliyuncs.com"
    assert s["querystring_auth"] is True


def test_email_host_switches_to_smtp():
    assert read_settings(EMAIL_HOST="smtp.example.cn")["email"].endswith("smtp.EmailBackend")


def test_production_refuses_to_start_without_a_secret_key():
    clean_env = {k: v for k, v in os.environ.items() if k not in SWITCH_VARIABLES}
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; settings.DEBUG"],
        cwd=PROJECT_DIR,
        env={**clean_env, "DJANGO_SETTINGS_MODULE": "config.settings.production"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_pass_the_deployment_checklist():
    clean_env = {k: v for k, v in os.environ.items() if k not in SWITCH_VARIABLES}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env={
            **clean_env,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "x7!kq2-production-like-secret-key-with-enough-entropy-9f3b1c0d8e",
            "ALLOWED_HOSTS": "learningcity.example.cn",
            "SITE_URL": "https://learningcity.example.cn",
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_fresh_clone_gets_its_data_folder_and_sqlite_file(tmp_path):
    data_dir = tmp_path / "not-yet-there"
    clean_env = {k: v for k, v in os.environ.items() if k not in SWITCH_VARIABLES}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.db import connection; connection.ensure_connection()",
        ],
        cwd=PROJECT_DIR,
        env={**clean_env, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DATA_DIR": str(data_dir)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (data_dir / "db.sqlite3").exists()
