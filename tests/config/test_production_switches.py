"""Production keeps cookies secure unless a loopback run over plain http switches that off on purpose."""

import json
import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
SWITCHES = ("SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT")


def production_settings(**env):
    clean = {key: value for key, value in os.environ.items() if key not in SWITCHES}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings.production", SECRET_KEY="x" * 50)
    script = f"import json; from django.conf import settings as s; print(json.dumps({{n: getattr(s, n) for n in {SWITCHES!r}}}))"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_DIR, env=clean, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_cookies_are_secure_by_default():
    assert production_settings() == dict.fromkeys(SWITCHES, True)


def test_a_plain_http_loopback_run_switches_them_off_explicitly():
    off = production_settings(**dict.fromkeys(SWITCHES, "0"))
    assert off == dict.fromkeys(SWITCHES, False)
