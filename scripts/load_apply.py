#!/usr/bin/env python
"""Fifty city offices apply at once, while the web server is restarted and a worker is killed.

    python scripts/load_apply.py ci                       # everything below, on a database of its own
    python scripts/load_apply.py ci --applicants 20 --keep  # smaller, and keep the run's folder and database

``ci`` creates an empty PostgreSQL database (``lc_load_…``) and uses Redis databases of its own
(``--redis-db``, and ``--broker-db``: by default the next one), migrates and loads the content with
production settings, creates the applicants' accounts directly (registration is not what is measured
here), starts a Celery worker and gunicorn (``site/gunicorn.conf.py``, on a free loopback port), and
lets one thread per applicant sign in at
``/accounts/login/``, fill the five parts of ``/apply/`` (a PDF and two captioned photos on part 4) for
a city of its own and submit. A third of the way through one gunicorn worker is killed (SIGKILL); past
half way the gunicorn master is stopped and started again. An applicant whose request fails because of
either waits, reloads the task list and sends the step again, as a person would. Afterwards (``verify``,
in a process with the site's settings) every applicant has exactly one submission with every file
readable and as uploaded, no reference twice, no draft left, and a confirmation e-mail sent by the
worker; the run fails otherwise.

Every address it sends to is on the loopback interface; every loop is bounded in time; the processes it
starts are stopped on the way out (their process groups are also written to ``--pid-file`` for the
caller's trap). The subcommands ``prepare`` and ``verify`` are the steps that run inside the site's
settings; ``ci`` runs them.
"""

import argparse
import contextlib
import hashlib
import io
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from servers import (  # scripts/ is on the path when a script here runs
    Process,
    ensure_loopback,
    free_port,
    manage,
    percentile,
    sample_answers,
    wait_until_ready,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent
STEP_SAVES_PER_APPLICANT = 6  # parts 1-3, part 4's upload and its captions, part 5
PASSWORD = "Load-test-" + "a1b2c3d4e5"  # the accounts exist only in the run's own database
# Variables of the caller's environment that would point the run at someone else's services.
FOREIGN = (
    "DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "S3_BUCKET",
    "EMAIL_HOST",
    "DATA_DIR",
    "MEDIA_ROOT",
    "PRIVATE_MEDIA_ROOT",
    "STATIC_ROOT",
    "DJANGO_SETTINGS_MODULE",
)


def django_setup():
    sys.path.insert(0, str(PROJECT_DIR))
    import django

    django.setup()


# --- inside the site's settings -------------------------------------------------------------------


def prepare(plan_path, applicants):
    """The applicants' accounts (one password hash for all: hashing fifty times is not the point) and a
    city each: prefecture-level cities that are not capitals or separately planned, round the provinces."""
    django_setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from learning_city.regions.models import City

    by_province = {}
    candidates = City.objects.filter(
        kind=City.Kind.PREFECTURE_CITY, is_provincial_capital=False, is_separately_planned=False
    ).select_related("province")
    for city in candidates.order_by("code"):
        by_province.setdefault(city.province.code, []).append(city)
    cities = []
    while len(cities) < applicants and any(by_province.values()):
        for code in sorted(by_province):
            if by_province[code] and len(cities) < applicants:
                cities.append(by_province[code].pop(0))
    if len(cities) < applicants:
        raise SystemExit(f"only {len(cities)} distinct cities to apply for")

    User = get_user_model()
    hashed = make_password(PASSWORD)
    rows = []
    for number, city in enumerate(cities, start=1):
        email = f"load-{number:03d}@{city.code}.load.example.cn"
        User.objects.update_or_create(username=email, defaults={"email": email, "password": hashed, "is_active": True})
        rows.append({"number": number, "email": email, "city": city.code, "city_name": city.name})
    Path(plan_path).write_text(json.dumps({"applicants": rows}, ensure_ascii=False, indent=1))
    print(f"prepared {len(rows)} applicants, {len({row['city'] for row in rows})} distinct cities")


def verify(plan_path, outcome_path, wait_seconds):
    """What the database and the file storage hold after the run, against what the applicants sent."""
    django_setup()
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    from learning_city.applications.models import CityApplication
    from learning_city.forms import tasks
    from learning_city.forms.models import FormEntry
    from learning_city.forms.uploads import preview_name

    plan = json.loads(Path(plan_path).read_text())["applicants"]
    outcome = json.loads(Path(outcome_path).read_text())
    users = {user.email: user for user in get_user_model().objects.filter(email__in=[a["email"] for a in plan])}
    problems, references, submitted, orphans, files_read = [], [], [], 0, 0
    for applicant in plan:
        email, sent = applicant["email"], outcome.get(applicant["email"], {})
        entries = list(FormEntry.objects.filter(user=users[email]))
        done = [entry for entry in entries if entry.status == FormEntry.Status.SUBMITTED]
        left = [entry for entry in entries if entry.status != FormEntry.Status.SUBMITTED]
        if len(done) != 1:
            problems.append(f"{email}: {len(done)} submissions")
            continue
        if left:
            problems.append(f"{email}: {len(left)} entries left unsubmitted ({[e.status for e in left]})")
        entry = done[0]
        submitted.append(entry.pk)
        references.append(entry.reference)
        if sent.get("reference") != entry.reference:
            problems.append(f"{email}: the applicant was shown {sent.get('reference')}, stored {entry.reference}")
        applications = list(CityApplication.objects.filter(entry=entry).select_related("city"))
        if len(applications) != 1 or applications[0].city.code != applicant["city"]:
            problems.append(f"{email}: applications {[(a.pk, a.city.code) for a in applications]}")
        expected = sorted((item["field"], item["sha256"]) for item in sent.get("files", []))
        stored = list(entry.files.all())
        if sorted((item.field_key, item.sha256) for item in stored) != expected:
            problems.append(f"{email}: files {[(i.field_key, i.sha256[:8]) for i in stored]} ≠ sent")
        captions = {item["sha256"]: item.get("caption") for item in sent.get("files", [])}
        for item in stored:
            try:
                with item.file.open("rb") as handle:
                    data = handle.read()
            except OSError as error:
                problems.append(f"{email}: {item.file.name} cannot be read: {error}")
                continue
            files_read += 1
            if hashlib.sha256(data).hexdigest() != item.sha256 or len(data) != item.size:
                problems.append(f"{email}: {item.file.name} does not read back as stored")
            if item.is_image and (item.caption != captions.get(item.sha256) or not item.copyright):
                problems.append(f"{email}: photo {item.pk} caption {item.caption!r} copyright {item.copyright!r}")
        # Files in the entry's folder that no row names: an upload cut off between storing and recording.
        if stored:
            storage, folder = stored[0].file.storage, os.path.dirname(stored[0].file.name)
            known = {item.file.name for item in stored} | {preview_name(item.file.name) for item in stored}
            orphans += sum(f"{folder}/{name}" not in known for name in storage.listdir(folder)[1])
    if len(set(references)) != len(references):
        problems.append(f"duplicate references: {len(references) - len(set(references))}")

    # The confirmation e-mails go through the worker after each commit: give it time to drain.
    content_type = ContentType.objects.get_for_model(FormEntry)
    confirmed = ModelLogEntry.objects.filter(
        content_type=content_type, action=tasks.CONFIRMATION_SENT, object_id__in=[str(pk) for pk in submitted]
    )
    deadline = time.monotonic() + wait_seconds
    while confirmed.values("object_id").distinct().count() < len(submitted) and time.monotonic() < deadline:
        time.sleep(1)
    confirmations = confirmed.count()
    if confirmations != len(submitted):
        problems.append(f"confirmation e-mails: {confirmations} sent for {len(submitted)} submissions")
    report = {
        "submissions": len(submitted),
        "distinct_references": len(set(references)),
        "files_read_back": files_read,
        "orphan_files": orphans,
        "confirmations_sent": confirmations,
        "problems": problems,
    }
    print(json.dumps(report, ensure_ascii=False))
    return 1 if problems else 0


# --- the applicants ------------------------------------------------------------------------------------

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STEP_PREFIX = re.compile(r'name="(form_\d+-current_step)"')
PHOTO_CAPTION = re.compile(r'name="evidence_photos-(\d+)-caption"')


class SignedOut(Exception):
    """The site sent the applicant to the sign-in page: the session did not survive."""


class Refused(Exception):
    """An answer a person would not expect (a 4xx, an error page where a redirect should be)."""


class Stats:
    def __init__(self, total_saves):
        self.lock = threading.Lock()
        self.total_saves = total_saves
        self.saves = []  # seconds, one per step save that went through
        self.submits = []
        self.requests = 0
        self.server_errors = []
        self.saves_done = threading.Condition(self.lock)

    def count(self, kind, seconds):
        with self.lock:
            getattr(self, kind).append(seconds)
            self.saves_done.notify_all()

    def progress(self):
        with self.lock:
            return len(self.saves) / self.total_saves


def pdf_bytes(number):
    return f"%PDF-1.4\n% 实施意见 {number}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".encode()


def photo_bytes(number, which):
    from PIL import Image

    buffer = io.BytesIO()
    colour = ((number * 37) % 256, (which * 91 + 40) % 256, (number * 11 + which * 53) % 256)
    Image.new("RGB", (1600, 1000), colour).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


class Applicant:
    """One city office's person: signs in, fills the five parts, submits; retries what the server cut off."""

    RETRY_PAUSE = (1.0, 3.0)

    def __init__(self, row, base_url, stats, deadline):
        import requests

        self.requests = requests
        self.row, self.base, self.stats, self.deadline = row, base_url.rstrip("/"), stats, deadline
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "lc-load-apply"
        self.cut_off, self.files, self.reference, self.error = [], [], None, None
        self.sample = sample_answers()

    # HTTP, as a browser does it: no automatic redirects, so every answer is checked.
    def get(self, path):
        return self.send("get", path)

    def send(self, method, path, **kwargs):
        with self.stats.lock:
            self.stats.requests += 1
        response = getattr(self.session, method)(self.base + path, allow_redirects=False, timeout=(5, 90), **kwargs)
        if response.status_code >= 500:
            with self.stats.lock:
                self.stats.server_errors.append(f"{method.upper()} {path}: {response.status_code}")
            raise Refused(f"{method.upper()} {path}: HTTP {response.status_code}")
        location = response.headers.get("Location", "")
        if "/accounts/login/" in location and not path.startswith("/accounts/login/"):
            raise SignedOut(f"{method.upper()} {path} sent to {location}")
        return response

    def page(self, path):
        response = self.get(path)
        if response.status_code != 200:
            raise Refused(f"GET {path}: HTTP {response.status_code} {response.headers.get('Location', '')}")
        return response.text, TOKEN.search(response.text).group(1)

    def patiently(self, what, action):
        """Do ``action`` (load the page, send it) until it goes through. When the server cut it off, wait,
        reload the task list and do it again, the way a person would."""
        while True:
            try:
                return action()
            except (self.requests.ConnectionError, self.requests.Timeout) as error:
                self.cut_off.append(f"{what}: {type(error).__name__}")
            except Refused as error:
                if "HTTP 5" not in str(error):
                    raise
                self.cut_off.append(f"{what}: {error}")
            if time.monotonic() > self.deadline:
                raise Refused(f"{what}: still failing at the deadline")
            time.sleep(random.uniform(*self.RETRY_PAUSE))
            with contextlib.suppress(self.requests.ConnectionError, self.requests.Timeout, Refused):
                self.get("/apply/")  # where am I? (the task list); its answer is not needed

    def timed_post(self, path, kind, data, files=None, expect=(302,)):
        started = time.monotonic()
        response = self.send("post", path, data=data, files=files)
        if response.status_code not in expect:
            raise Refused(f"POST {path}: HTTP {response.status_code} {response.text[-400:]}")
        self.stats.count(kind, time.monotonic() - started)
        return response

    def sign_in(self):
        html, token = self.page("/accounts/login/?next=/apply/")
        data = {"username": self.row["email"], "password": PASSWORD, "next": "/apply/", "csrfmiddlewaretoken": token}
        response = self.send("post", "/accounts/login/", data=data)
        if response.status_code != 302:
            raise Refused(f"sign-in refused: HTTP {response.status_code}")

    def save_step(self, number, data, files=None, expect=(302,)):
        def action():
            html, token = self.page(f"/apply/step/{number}/")
            prefix = STEP_PREFIX.search(html).group(1)
            payload = {prefix: str(number), "action": "next", "csrfmiddlewaretoken": token, **data}
            return self.timed_post(f"/apply/step/{number}/", "saves", payload, files, expect)

        return self.patiently(f"step {number}", action)

    def answers(self):
        """The sample application for this applicant's city, with its own e-mail and telephone numbers."""
        row = self.row
        return self.sample.answers(
            city=row["city"], city_name=row["city_name"], email=row["email"], variant=row["number"]
        )

    def part_four(self):
        n = self.row["number"]
        pdf = pdf_bytes(n)
        photos = [photo_bytes(n, 1), photo_bytes(n, 2)]
        notes = [self.sample.photo_note(number, self.row["city_name"]) for number in range(len(photos))]
        self.files = [{"field": "evidence_documents", "sha256": hashlib.sha256(pdf).hexdigest()}] + [
            {"field": "evidence_photos", "sha256": hashlib.sha256(data).hexdigest(), "caption": note["caption"]}
            for data, note in zip(photos, notes, strict=True)
        ]

        def upload():
            html, token = self.page("/apply/step/4/")
            if len(PHOTO_CAPTION.findall(html)) == 2 and "实施意见.pdf" in html:
                return None  # the upload had gone through before the answer was cut off
            prefix = STEP_PREFIX.search(html).group(1)
            files = [
                ("evidence_documents", ("实施意见.pdf", pdf, "application/pdf")),
                ("evidence_photos", ("活动现场1.jpg", photos[0], "image/jpeg")),
                ("evidence_photos", ("活动现场2.jpg", photos[1], "image/jpeg")),
            ]
            data = {prefix: "4", "action": "next", "csrfmiddlewaretoken": token}
            # The photos still need captions: the step comes back with the notes to fill in.
            return self.timed_post("/apply/step/4/", "saves", data, files, expect=(200, 302))

        def notes():
            html, token = self.page("/apply/step/4/")
            ids = PHOTO_CAPTION.findall(html)
            if len(ids) != 2:
                raise Refused(f"part 4 shows {len(ids)} photos")
            prefix = STEP_PREFIX.search(html).group(1)
            data = {prefix: "4", "action": "next", "csrfmiddlewaretoken": token}
            data.update(self.sample.photo_notes(ids, self.row["city_name"]))
            return self.timed_post("/apply/step/4/", "saves", data)

        self.patiently("step 4 upload", upload)
        self.patiently("step 4 captions", notes)

    def submit(self):
        def action():
            response = self.get("/apply/check/")
            if response.status_code == 302 and "/submitted/" in response.headers.get("Location", ""):
                return response  # it had gone through: the check page sends to the submission
            if response.status_code != 200:
                raise Refused(f"GET /apply/check/: HTTP {response.status_code}")
            token = TOKEN.search(response.text).group(1)
            return self.timed_post("/apply/check/", "submits", {"csrfmiddlewaretoken": token})

        location = self.patiently("submit", action).headers["Location"]
        self.reference = re.search(r"/submitted/([^/]+)/", location).group(1)
        self.patiently("submitted page", lambda: self.page(location))

    def run(self):
        try:
            self.patiently("sign in", self.sign_in)
            answers = self.answers()
            for number in (1, 2, 3):
                self.save_step(number, answers[number])
            self.part_four()
            self.save_step(5, answers[5])
            self.submit()
        except Exception as error:  # reported per applicant; the run fails on any
            self.error = f"{type(error).__name__}: {error}"

    def outcome(self):
        return {"reference": self.reference, "files": self.files, "cut_off": self.cut_off, "error": self.error}


# --- the processes -------------------------------------------------------------------------------------


def this_script(env, *args, timeout=300):
    return subprocess.run([sys.executable, __file__, *args], cwd=PROJECT_DIR, env=env, timeout=timeout).returncode


def postgres(maintenance_url, statement):
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        connection.execute(statement)


def disrupt(server, base_url, stats, events, stop):
    """A third of the way through, kill a gunicorn worker; past half way, stop and start the master."""
    with stats.lock:
        stats.saves_done.wait_for(lambda: stop.is_set() or len(stats.saves) >= stats.total_saves / 3)
    if stop.is_set():
        return
    workers = server.children()
    if workers:
        victim = random.choice(workers)
        os.kill(victim, signal.SIGKILL)
        events.append(f"{stats.progress():.0%} of step saves: SIGKILL gunicorn worker {victim}")
    with stats.lock:
        stats.saves_done.wait_for(lambda: stop.is_set() or len(stats.saves) >= stats.total_saves * 0.55)
    if stop.is_set():
        return
    started = time.monotonic()
    server.stop()
    server.start()
    wait_until_ready(base_url)
    events.append(
        f"{stats.progress():.0%} of step saves: gunicorn stopped and started again, "
        f"{time.monotonic() - started:.1f} s without a server"
    )


def ci(args):
    args.port = args.port or free_port()
    base_url = f"http://127.0.0.1:{args.port}"
    ensure_loopback(base_url)
    ensure_loopback(args.postgres)
    run_dir = Path(tempfile.mkdtemp(prefix="lc-load-"))
    database = f"lc_load_{int(time.time())}_{os.getpid()}"
    maintenance = args.postgres
    database_url = maintenance.rsplit("/", 1)[0] + f"/{database}"
    pid_file = args.pid_file or str(run_dir / "pids")
    env = {key: value for key, value in os.environ.items() if key not in FOREIGN}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CSRF_TRUSTED_ORIGINS=base_url,
        SITE_URL=base_url,
        DATABASE_URL=database_url,
        REDIS_URL=f"redis://127.0.0.1:{args.redis_port}/{args.redis_db}",
        CELERY_BROKER_URL=f"redis://127.0.0.1:{args.redis_port}/{args.broker_db}",
        CELERY_RESULT_BACKEND=f"redis://127.0.0.1:{args.redis_port}/{args.broker_db}",
        DATA_DIR=str(run_dir / "data"),
        # Plain http on loopback: no TLS redirect, cookies sent without TLS. Production defaults stay secure.
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
        # Fifty applicants from one address: per-address rate limits (where the site has them) are raised.
        RATE_LIMIT_IP_FACTOR="1000",
        GUNICORN_BIND=f"127.0.0.1:{args.port}",
        WEB_CONCURRENCY=str(args.workers),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    for key in ("REDIS_URL", "CELERY_BROKER_URL", "DATABASE_URL"):
        ensure_loopback(env[key])

    import redis

    def flush_redis():
        for number in {args.redis_db, args.broker_db}:
            redis.Redis(host="127.0.0.1", port=args.redis_port, db=number).flushdb()

    processes = []

    def terminate(signum, frame):
        raise SystemExit(f"stopped by signal {signum}")

    signal.signal(signal.SIGTERM, terminate)
    status = 1
    try:
        postgres(maintenance, f'CREATE DATABASE "{database}"')
        flush_redis()
        print(f"== database {database}, Redis {args.redis_db} and {args.broker_db}, folder {run_dir}", flush=True)
        setup_started = time.monotonic()
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "collectstatic", "--noinput", "-v", "0")
        manage(env, "load_content", "-v", "0")
        plan_path, outcome_path = run_dir / "plan.json", run_dir / "outcome.json"
        if this_script(env, "prepare", "--plan", str(plan_path), "--applicants", str(args.applicants)):
            raise SystemExit("prepare failed")
        print(f"== set up in {time.monotonic() - setup_started:.0f} s", flush=True)

        worker = Process(
            "celery",
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO", "--concurrency=2",
             "-n", f"load-{os.getpid()}@%h", "--without-gossip", "--without-mingle"],
            env, run_dir / "celery.log", pid_file,
        ).start()  # fmt: skip
        processes.append(worker)
        server = Process(
            "gunicorn",
            # No control socket: its default path is shared by every gunicorn of the same user.
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--config", "site/gunicorn.conf.py",
             "--no-control-socket"],
            env, run_dir / "gunicorn.log", pid_file,
        ).start()  # fmt: skip
        processes.append(server)
        wait_until_ready(base_url)

        plan = json.loads(plan_path.read_text())["applicants"]
        stats = Stats(len(plan) * STEP_SAVES_PER_APPLICANT)
        deadline = time.monotonic() + args.max_seconds
        applicants = [Applicant(row, base_url, stats, deadline) for row in plan]
        events, stop = [], threading.Event()
        chaos = threading.Thread(target=disrupt, args=(server, base_url, stats, events, stop), daemon=True)
        threads = [threading.Thread(target=applicant.run, daemon=True) for applicant in applicants]
        started = time.monotonic()
        chaos.start()
        for thread in threads:
            thread.start()
            time.sleep(0.05)  # fifty people do not press the button in the same millisecond
        for thread in threads:
            thread.join(timeout=max(1, deadline - time.monotonic() + 30))
        elapsed = time.monotonic() - started
        stop.set()
        with stats.lock:
            stats.saves_done.notify_all()
        chaos.join(timeout=120)

        outcome = {applicant.row["email"]: applicant.outcome() for applicant in applicants}
        outcome_path.write_text(json.dumps(outcome, ensure_ascii=False, indent=1))
        failed = {
            email: result["error"] for email, result in outcome.items() if result["error"] or not result["reference"]
        }
        cut_off = {email: result["cut_off"] for email, result in outcome.items() if result["cut_off"]}
        for event in events:
            print(f"   {event}")
        print(
            f"== {len(plan) - len(failed)}/{len(plan)} applications in {elapsed:.1f} s "
            f"({(len(plan) - len(failed)) / elapsed * 60:.1f} a minute, {stats.requests / elapsed:.1f} requests/s); "
            f"step saves: {len(stats.saves)}, p50 {percentile(stats.saves, 0.5) * 1000:.0f} ms, "
            f"p95 {percentile(stats.saves, 0.95) * 1000:.0f} ms, max {max(stats.saves, default=0) * 1000:.0f} ms; "
            f"submits p95 {percentile(stats.submits, 0.95) * 1000:.0f} ms",
            flush=True,
        )
        print(f"== {len(cut_off)} applicant(s) cut off and resumed: {sum(len(v) for v in cut_off.values())} retries")
        for email, what in list(cut_off.items())[:10]:
            print(f"   {email}: {'; '.join(what)}")
        problems = [f"{email}: {error}" for email, error in failed.items()]
        problems += [f"HTTP 5xx: {error}" for error in stats.server_errors]
        if len(events) < 2:
            problems.append(f"the disruptions did not all happen: {events}")
        if not cut_off:
            problems.append("no request was cut off: nothing showed that an applicant can resume")
        result = this_script(
            env, "verify", "--plan", str(plan_path), "--outcome", str(outcome_path), "--wait", "60", timeout=240
        )
        if result:
            problems.append("verify found problems (above)")
        summary = {
            "applicants": len(plan),
            "seconds": round(elapsed, 1),
            "applications_per_minute": round((len(plan) - len(failed)) / elapsed * 60, 1),
            "requests_per_second": round(stats.requests / elapsed, 1),
            "step_save_p50_ms": round(percentile(stats.saves, 0.5) * 1000),
            "step_save_p95_ms": round(percentile(stats.saves, 0.95) * 1000),
            "submit_p95_ms": round(percentile(stats.submits, 0.95) * 1000),
            "cut_off_applicants": len(cut_off),
            "events": events,
            "problems": problems,
        }
        if args.report:
            Path(args.report).write_text(json.dumps(summary, ensure_ascii=False, indent=1))
        for problem in problems[:30]:
            print(f"!! {problem}")
        status = 1 if problems else 0
    finally:
        for process in reversed(processes):
            process.stop(timeout=35)
        for process in processes:
            process.kill_group()
        if status:
            for name in ("gunicorn.log", "celery.log"):
                path = run_dir / name
                if path.exists():
                    # Errors and the server's own events, not the access log or the mails the console prints.
                    lines = path.read_text(errors="replace").splitlines()
                    tail = [line for line in lines if re.search(r"ERROR|CRITICAL|Traceback|Error|WARNING|signal", line)]
                    print(f"-- {name} (errors and signals, last 40):\n" + "\n".join(tail[-40:]))
        if not args.keep:
            try:
                postgres(maintenance, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
                flush_redis()
            except Exception as error:  # the run's result stands; say what was left behind
                print(f"cleanup: {error}")
            shutil.rmtree(run_dir, ignore_errors=True)
        else:
            print(f"kept: database {database}, folder {run_dir}")
    print("load run passed" if status == 0 else "load run FAILED", flush=True)
    return status


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("ci", help="the whole run on a database of its own")
    run.add_argument("--applicants", type=int, default=50)
    run.add_argument("--port", type=int, default=0, help="gunicorn's loopback port (default: a free one)")
    run.add_argument("--workers", type=int, default=5, help="gunicorn sync workers (WEB_CONCURRENCY; 2 × cores + 1)")
    run.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres", help="maintenance database")
    run.add_argument("--redis-port", type=int, default=6379)
    run.add_argument("--redis-db", type=int, default=12, help="a Redis database of the run's own (cache, sessions)")
    run.add_argument("--broker-db", type=int, help="the run's Redis database for Celery (default: --redis-db + 1)")
    run.add_argument("--max-seconds", type=float, default=150, help="the applicants give up after this")
    run.add_argument("--pid-file", help="process groups started, one a line (for the caller's trap)")
    run.add_argument("--report", help="write the figures as JSON here")
    run.add_argument("--keep", action="store_true", help="keep the database and the folder")
    step = commands.add_parser("prepare")
    step.add_argument("--plan", required=True)
    step.add_argument("--applicants", type=int, default=50)
    check = commands.add_parser("verify")
    check.add_argument("--plan", required=True)
    check.add_argument("--outcome", required=True)
    check.add_argument("--wait", type=float, default=120)
    args = parser.parse_args()
    if args.command == "ci":
        args.broker_db = args.redis_db + 1 if args.broker_db is None else args.broker_db
        return ci(args)
    if args.command == "prepare":
        return prepare(args.plan, args.applicants)
    return verify(args.plan, args.outcome, args.wait)


if __name__ == "__main__":
    sys.exit(main())
