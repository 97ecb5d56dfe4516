#!/usr/bin/env python
"""Benchmarks of the site. ``run`` measures everything in one run, on a site database of its own:

    make benchmark                      # = python scripts/benchmark.py run (SQLite in a temporary folder)
    python scripts/benchmark.py run --database-url postgres://postgres@127.0.0.1:5432/lc_bench  # an empty database
    python scripts/benchmark.py run --redis-url redis://127.0.0.1:6379/5   # cache and sessions on Redis (emptied)

It migrates and loads the content with production settings, adds 1,000 showcases and makes every
prefecture-level division a member (``manage.py load_benchmark_data``), counts the queries of each page in
process, then starts on free loopback ports: gunicorn with the site (``site/gunicorn.conf.py``), the same
gunicorn settings around a bare WSGI app that answers with the guide page's bytes from memory, and nginx
serving the same bytes as a static file. Each page is loaded for ``--seconds`` "cached" (the same URL again
and again, as anonymous visitors ask it) and "uncached" (a different ``_bench`` query parameter on every
request, so no page cache keyed by the URL can answer); a signed-in applicant's step save is loaded last.
It prints a Markdown table (requests per second, p50/p95/p99 latency, each cached page as a share of the
bare-WSGI figure loaded just before it, queries per page, any ``X-Cache`` header seen), with the date and
the machine. About six minutes on 2 cores; everything started is stopped and the temporary folder removed,
also on failure or Ctrl-C, and the whole run stops by itself after ``--timeout`` seconds.

The parts, against what already runs:

    python scripts/benchmark.py queries                 # queries per page against the dev database (make run first)
    python scripts/benchmark.py profile / --repeat 200  # ms a request in process, and where the time goes
    python scripts/benchmark.py http --base-url http://127.0.0.1:8000 --seconds 5 --uncached
    python scripts/benchmark.py pdf --attachments 20    # a full application at the form's limits, as PDF
    python scripts/benchmark.py pdf --reference LC-…    # and a submitted one of the dev database

Load goes only to loopback addresses. wrk (Debian's package) makes it when installed, else Python threads.
"""

import argparse
import datetime
import functools
import json
import os
import platform
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlencode

import loadgen  # scripts/ is on the path when a script here runs
from servers import (
    NotReady,
    Process,
    ensure_loopback,
    free_port,
    manage,
    nginx_command,
    nginx_main,
    port_open,
    process_env,
    sample_answers,
    stop_after,
    uninterrupted,
    wait_for,
    wait_until_ready,
)

PROJECT_DIR = Path(__file__).resolve().parent.parent
# What a visitor reads (name, path): the list. The showcase is one load_benchmark_data makes.
PAGES = [
    ("home", "/"),
    ("guide", "/guide/"),
    ("task", "/guide/community-and-elderly-education/"),
    ("showcase index, filtered", "/showcases/?type=brand&region=east"),
    ("showcase", "/showcases/bench-1/"),
    ("network", "/network/"),
    ("search", "/search/?q=" + quote("社区教育")),
    ("API list", "/api/showcases/?type=brand"),
]
GUIDE = "/guide/"
STEP = "/apply/step/1/"
# Signed-in applicants the step saves go round: enough that none meets its own rate limit of saves an hour.
APPLICANTS = 16
STEP_FIELD = re.compile(r'name="(form_\d+-current_step)"')
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- the report -----------------------------------------------------------------------------------------------


@dataclass
class Row:
    name: str
    path: str
    cached: loadgen.Result | None = None
    uncached: loadgen.Result | None = None
    queries: tuple = (None, None, None)  # cached, uncached (content kept), made (the whole page from the database)
    x_cache: tuple = (None, None)
    # The bare-WSGI limit loaded just before this row's cached load: the machine's speed drifts by a quarter
    # within a run (measured: 4,171 req/s at the start, 3,100 minutes later), a share of a figure from
    # minutes before would measure the drift.
    bare: loadgen.Result | None = None


def machine():
    """Date and machine, for the table's heading."""
    cpu = platform.processor() or platform.machine()
    with open("/proc/cpuinfo") as handle:
        cpu = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), cpu)
    with open("/proc/meminfo") as handle:
        memory = int(handle.readline().split()[1]) / 1024 / 1024
    return f"{datetime.date.today().isoformat()}, {os.cpu_count()} cores ({cpu}), {memory:.0f} GiB memory"


def _figures(result):
    if result is None:
        return ["—"] * 4
    rate = f"{result.rate:,.0f}" + (f" ({result.errors} errors)" if result.errors else "")
    return [rate, f"{result.p50:.1f}", f"{result.p95:.1f}", f"{result.p99:.1f}"]


def _share(result, limit, of=False):
    if result is None or limit is None or not limit.rate:
        return "—"
    share = f"{100 * result.rate / limit.rate:.1f}%"
    return f"{share} of {limit.rate:,.0f}" if of else share


def _pair(values):
    return " / ".join("—" if value is None else str(value) for value in values)


def markdown(rows, limits, heading):
    """The table for the README: each row's cached and uncached figures, the cached rate as a share of the
    bare-WSGI rate measured just before it (``row.bare``, shown with it; else ``limits["bare WSGI"]``),
    queries and X-Cache headers; ``limits`` rows first."""
    bare = limits.get("bare WSGI", (None, None))[1]
    lines = [
        *heading,
        "",
        "| page | path | cached req/s | p50 ms | p95 ms | p99 ms | of bare WSGI "
        "| uncached req/s | p50 ms | p95 ms | p99 ms | queries cached / uncached / made | X-Cache cached / uncached |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: | :---: |",
    ]
    for name, (path, result) in limits.items():
        cells = [name, f"`{unquote(path)}`", *_figures(result), _share(result, bare), *_figures(None), "0", "—"]
        lines.append("| " + " | ".join(cells) + " |")
    for row in rows:
        cells = [
            row.name,
            f"`{unquote(row.path)}`",
            *_figures(row.cached),
            _share(row.cached, row.bare, of=True) if row.bare else _share(row.cached, bare),
            *_figures(row.uncached),
        ]
        lines.append("| " + " | ".join([*cells, _pair(row.queries), _pair(row.x_cache)]) + " |")
    return "\n".join(lines) + "\n"


# --- inside the site's settings -------------------------------------------------------------------------------


def _setup_django():
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()


def step_answers(field, token=None):
    """Part 1 of /apply/ as the sample city office fills it, posted to go on to part 2."""
    part_one = sample_answers().answers()[1]
    return {field: "1", "action": "next", **part_one, **({"csrfmiddlewaretoken": token} if token else {})}


def count_queries(paths, step_user=None):
    """Queries of each path in process: asked again (as a cache would see it), with a new ``_bench``
    parameter (the content kept), and with a new one and no kept content (the whole page made); with
    ``step_user``, of that applicant's step save. Returns {path: {status, cached, uncached, made}}."""
    _setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")

    def count(method, path, **data):
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(path, **data)
        return response.status_code, len(queries.captured_queries)

    counts = {}
    for number, path in enumerate(paths):
        client.get(path)  # warm: the site root, content types, any cache
        status, cached = count("get", path)
        uncached = count("get", loadgen.bust(path, number))[1]
        with override_settings(PAGE_CACHE={**settings.PAGE_CACHE, "CONTENT": False}):
            made = count("get", loadgen.bust(path, f"made-{number}"))[1]
        counts[path] = {"status": status, "cached": cached, "uncached": uncached, "made": made}
    if step_user:
        client.force_login(get_user_model().objects.get(username=step_user))
        field = STEP_FIELD.search(client.get(STEP).content.decode()).group(1)
        status, saved = count("post", STEP, data=step_answers(field))
        counts[STEP] = {"status": status, "cached": None, "uncached": saved, "made": None}
    return counts


def profile_pages(paths, repeat, top, step_user=None):
    """Milliseconds a request, in process (no HTTP, no load generator), of each path with a new ``_bench``
    parameter every time (a page-cache miss, the fragments warm), then where the time goes (cProfile, the
    ``top`` functions by their own time). With ``step_user``, that applicant's step save instead."""
    import cProfile
    import pstats

    _setup_django()
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    if step_user:
        client.force_login(get_user_model().objects.get(username=step_user))
        field = STEP_FIELD.search(client.get(STEP).content.decode()).group(1)
        requests = {STEP: lambda number: client.post(STEP, data=step_answers(field))}
    else:
        requests = {
            path: functools.partial(lambda path, number: client.get(loadgen.bust(path, number)), path) for path in paths
        }
    for path, request in requests.items():
        request(-1)  # warm
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for number in range(repeat):
            request(number)
        profiler.disable()
        print(f"{path}: {(time.perf_counter() - started) * 1000 / repeat:.2f} ms a request (profiled)")
        pstats.Stats(profiler).sort_stats("tottime").print_stats(top)


def make_sessions(count, out):
    """``count`` applicants signed in (sessions made directly: hashing passwords is not what is measured);
    their session cookies written to ``out`` as JSON."""
    _setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    users, sessions = [], []
    for number in range(1, count + 1):
        email = f"bench-{number:02d}@example.cn"
        user, _ = get_user_model().objects.get_or_create(username=email, defaults={"email": email})
        client = Client()
        client.force_login(user)
        users.append(email)
        sessions.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    Path(out).write_text(json.dumps({"cookie": settings.SESSION_COOKIE_NAME, "users": users, "sessions": sessions}))


# --- the bare WSGI app: the limit of gunicorn itself ------------------------------------------------------------


@functools.cache
def _page():
    return Path(os.environ["BENCH_PAGE"]).read_bytes()


def bare_app(environ, start_response):
    """The guide page's bytes from memory, whatever is asked: what gunicorn serves with no Django at all."""
    body = _page()
    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]


# --- the application PDF ---------------------------------------------------------------------------------------


def full_application_content(attachments):
    """Attachment 1 as the shipped form asks it, every text at its length limit and every group at its
    number of entries, with ``attachments`` files listed: the heaviest application the form lets a city send."""
    import datetime
    import json

    from django.utils import timezone

    from learning_city.applications import application_pdf
    from learning_city.applications.loaders import APPLICATION_FORM

    filler = "学习型城市建设促进全民终身学习"

    def text(length):
        return (filler * (length // len(filler) + 1))[:length]

    def answer(block):
        value = block["value"]
        if block["type"] == "group":
            fields = value["fields"]
            return "\n".join(
                f"{number}. "
                + "；".join(
                    f"{item['value']['label']}：{text(item['value'].get('max_characters', 10))}" for item in fields
                )
                for number in range(1, value["max_entries"] + 1)
            )
        return text(value.get("max_characters", 12))

    parts = {number: [] for number in range(1, 6)}
    steps = json.loads(APPLICATION_FORM.read_text(encoding="utf-8"))["steps"]
    for number, step in enumerate(steps, start=1):
        section = ""
        for block in step["value"]["fields"]:
            if block["type"] == "heading":
                section = block["value"]
            elif block["type"] not in ("documents", "photos", "declaration", "help"):
                row = application_pdf.Row(block["value"]["label"], answer(block), block["value"]["key"], section)
                parts[application_pdf._part_number(step["value"]["title"], number)].append(row)
    files = [
        application_pdf.Attachment(
            number=number,
            category="活动照片（原图）" if number > attachments // 2 else "文本材料（PDF）",
            name=f"{text(24)}{number:02d}.pdf",
            size=25_000_000 + number,
            caption=text(120) if number > attachments // 2 else "",
            copyright=text(40) if number > attachments // 2 else "",
        )
        for number in range(1, attachments + 1)
    ]
    return application_pdf.Content(
        reference="LC-20241201-BENCH0",
        province="江苏省",
        city="苏州市",
        applied_on=datetime.date(2024, 12, 1),
        version_at=timezone.now(),
        parts=parts,
        attachments=files,
        declared=True,
    )


def pdf_benchmark(attachments, repeat, reference):
    """Seconds to make the application PDF in a fresh process: the font's registration (once per process),
    the first document, and the median of further ones; with a reference, also reading a real submission."""
    started = time.perf_counter()
    _setup_django()
    from learning_city import pdf
    from learning_city.applications import application_pdf

    timings = {"django set-up": time.perf_counter() - started}
    step = time.perf_counter()
    pdf.register_font()
    timings["font registration (once per process)"] = time.perf_counter() - step
    content = full_application_content(attachments)
    step = time.perf_counter()
    data = application_pdf.render(content)
    timings[f"first PDF, full application, {attachments} attachments"] = time.perf_counter() - step
    runs = []
    for _ in range(repeat):
        step = time.perf_counter()
        application_pdf.render(content)
        runs.append(time.perf_counter() - step)
    timings[f"next PDFs (median of {repeat})"] = statistics.median(runs)
    if reference:
        from learning_city.forms.models import FormEntry

        entry = FormEntry.objects.select_related("page").get(reference=reference)
        step = time.perf_counter()
        real = application_pdf.pdf_content(entry)
        timings[f"reading {reference} ({len(real.attachments)} attachments)"] = time.perf_counter() - step
        step = time.perf_counter()
        application_pdf.render(real)
        timings["its PDF"] = time.perf_counter() - step
    timings["total, this process"] = time.perf_counter() - started
    for label, seconds in timings.items():
        print(f"{label:60} {seconds:>8.3f} s")
    print(f"{'size of the full application PDF':60} {len(data) / 1024:>8.1f} KB")


# --- the run ------------------------------------------------------------------------------------------------------


class Run:
    """One benchmark run: its folder, its site settings, the servers it started."""

    def __init__(self, args):
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="lc-bench-"))
        self.www = self.tmp / "www"
        self.www.mkdir()
        for folder in (self.tmp, self.www):
            folder.chmod(0o755)  # nginx's workers (not root) read the page from here
        self.ports = {name: free_port() for name in ("site", "bare", "nginx")}
        self.base = f"http://127.0.0.1:{self.ports['site']}"
        self.env = process_env(self.site_settings())
        self.processes = []
        self.started = time.monotonic()
        self.load_at_start = os.getloadavg()[0]  # other work on the machine: the figures mean little above ~1

    def site_settings(self):
        settings = {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": self.base,
            "SITE_URL": self.base,
            "DATA_DIR": str(self.tmp / "data"),
            # Plain http on loopback: no TLS redirect, cookies sent without TLS. Production defaults stay secure.
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "SECURE_HSTS_SECONDS": "0",
            # Every request comes from 127.0.0.1: per-address rate limits (search) are raised.
            "RATE_LIMIT_IP_FACTOR": "1000",
            "WEB_CONCURRENCY": str(self.args.workers),
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        for name, url in (("DATABASE_URL", self.args.database_url), ("REDIS_URL", self.args.redis_url)):
            if url:
                settings[name] = url
        return settings

    def log(self, message):
        print(f"[{time.monotonic() - self.started:6.1f}s] {message}", flush=True)

    def this_script(self, *arguments):
        subprocess.run([sys.executable, __file__, *arguments], cwd=PROJECT_DIR, env=self.env, check=True, timeout=300)

    def empty_redis(self):
        if self.args.redis_url:
            import redis

            redis.Redis.from_url(self.args.redis_url).flushdb()

    # the site's database

    def build_site(self):
        self.empty_redis()
        for arguments in (
            ["migrate", "--noinput"],
            ["collectstatic", "--noinput"],
            ["load_content"],
            ["load_benchmark_data", "--showcases", str(self.args.showcases)],
        ):
            manage(self.env, *arguments, "-v", "0", timeout=600)
            self.log(f"manage.py {arguments[0]}")
        sessions = self.tmp / "sessions.json"
        self.this_script("sessions", "--count", str(APPLICANTS), "--out", str(sessions))
        self.applicants = json.loads(sessions.read_text())
        counts = self.tmp / "queries.json"
        paths = [path for _, path in PAGES]
        self.this_script("queries", "--json", str(counts), "--step-user", self.applicants["users"][0], *paths)
        self.queries = json.loads(counts.read_text())
        self.log(f"queries counted; {APPLICANTS} applicants signed in")

    # the servers

    def start(self, name, command, port, **env):
        process = Process(name, command, {**self.env, **env}, self.tmp / f"{name}.log").start()
        self.processes.append(process)
        wait_for(name, lambda: port_open(port), 60, process.popen)
        return process

    def gunicorn(self, name, app, port, **env):
        # No control socket: its default path is shared by every gunicorn of the same user.
        command = [sys.executable, "-m", "gunicorn", app, "--config", "site/gunicorn.conf.py", "--no-control-socket"]
        self.start(name, command, port, GUNICORN_BIND=f"127.0.0.1:{port}", **env)

    def start_servers(self):
        self.gunicorn("site", "config.wsgi:application", self.ports["site"])
        wait_until_ready(self.base)
        page = self.get(GUIDE).content
        (self.www / "guide.html").write_bytes(page)
        self.page_size = len(page)
        bare = self.ports["bare"]
        self.gunicorn(
            "bare", "benchmark:bare_app", bare, BENCH_PAGE=str(self.www / "guide.html"),
            GUNICORN_CMD_ARGS="--pythonpath scripts",
        )  # fmt: skip
        self.limits = {"bare WSGI": (f"http://127.0.0.1:{bare}", "/")}
        if shutil.which("nginx"):
            self.start_nginx()
            self.limits["nginx, static file"] = (f"http://127.0.0.1:{self.ports['nginx']}", "/guide.html")
        else:
            self.log("nginx is not installed (apt-get install nginx): no static-file figure")
        for name, (base, path) in self.limits.items():
            if self.get(path, base=base).content != page:
                raise NotReady(f"{name} does not serve the guide page's bytes")
        self.log(f"servers up: {', '.join(['site', *self.limits])}; the guide page is {self.page_size / 1024:.1f} KB")

    def start_nginx(self):
        folder = self.tmp / "nginx"
        folder.mkdir()
        site = f"server {{\n    listen 127.0.0.1:{self.ports['nginx']};\n    root {self.www};\n}}"
        conf = folder / "nginx.conf"
        conf.write_text(nginx_main(site, folder, [f"access_log {folder / 'access.log'};", "sendfile on;"]))
        self.start("nginx", nginx_command(folder, conf), self.ports["nginx"])

    def get(self, path, base=None, **kwargs):
        import requests

        response = requests.get((base or self.base) + path, timeout=30, allow_redirects=False, **kwargs)
        if response.status_code != 200:
            raise NotReady(f"GET {path}: HTTP {response.status_code}")
        return response

    def step_posts(self):
        """Each applicant's step save as wrk sends it: their cookies, the form's token, part 1's answers."""
        import requests

        posts = []
        for session in self.applicants["sessions"]:
            page = self.get(STEP, headers={"Cookie": f"{self.applicants['cookie']}={session}"})
            cookies = {self.applicants["cookie"]: session, **page.cookies.get_dict()}
            headers = {
                "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
                "Content-Type": "application/x-www-form-urlencoded",
            }
            field, token = STEP_FIELD.search(page.text).group(1), TOKEN.search(page.text).group(1)
            posts.append(("POST", STEP, headers, urlencode(step_answers(field, token))))
        method, path, headers, body = posts[0]
        saved = requests.post(self.base + path, data=body, headers=headers, timeout=30, allow_redirects=False)
        if saved.status_code != 302 or not saved.headers.get("Location", "").endswith("/apply/step/2/"):
            raise NotReady(f"a step save answered HTTP {saved.status_code}, not the way to part 2")
        return posts

    # the load

    def load(self, base, requests, unique=False):
        args = self.args
        return loadgen.measure(
            base, requests, seconds=args.seconds, connections=args.connections, threads=args.threads,
            unique=unique, workdir=self.tmp,
        )  # fmt: skip

    def measure(self):
        limits = {}
        for name, (base, path) in self.limits.items():
            limits[name] = (path, self.load(base, [("GET", path, None, None)]))
            self.log(f"{name}: {limits[name][1].rate:,.0f} req/s")
        rows = []
        for name, path in PAGES:
            counted = self.queries[path]
            row = Row(name, path, queries=(counted["cached"], counted["uncached"], counted["made"]))
            for _ in range(3):  # warm both workers
                cached = self.get(path).headers.get("X-Cache")
            row.x_cache = (cached, self.get(loadgen.bust(path, "probe")).headers.get("X-Cache"))
            bare_base, bare_path = self.limits["bare WSGI"]
            row.bare = self.load(bare_base, [("GET", bare_path, None, None)])
            row.cached = self.load(self.base, [("GET", path, None, None)])
            row.uncached = self.load(self.base, [("GET", path, None, None)], unique=True)
            rows.append(row)
            self.log(
                f"{name}: {row.cached.rate:,.0f} req/s cached ({_share(row.cached, row.bare, of=True)} bare WSGI "
                f"just before), {row.uncached.rate:,.0f} uncached"
            )
        step = Row("step save, signed in (POST)", STEP, queries=(None, self.queries[STEP]["uncached"], None))
        step.uncached = self.load(self.base, self.step_posts())
        rows.append(step)
        self.log(f"step save: {step.uncached.rate:,.0f} req/s")
        return rows, limits

    def heading(self):
        args = self.args
        database = "PostgreSQL" if args.database_url else "SQLite"
        cache = "Redis" if args.redis_url else "local memory per worker"
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=PROJECT_DIR
        )
        return [
            f"Measured {machine()}; load average {self.load_at_start:.1f} when the run began; "
            f"commit {commit.stdout.strip() or '?'}.",
            f"Production settings, {database}, cache and sessions in {cache}; gunicorn with site/gunicorn.conf.py, "
            f"{args.workers} sync workers; "
            f"{args.showcases:,} showcases, every prefecture-level division a member. "
            f"Load: {loadgen.generator()}, {args.threads} threads, {args.connections} connections, "
            f"{args.seconds} s a row, loopback. Bare WSGI and nginx serve the guide page's "
            f"{self.page_size / 1024:.0f} KB. Uncached: a new `_bench` query parameter on every request.",
        ]

    def stop(self):
        for process in reversed(self.processes):
            process.stop(timeout=20)
        for process in self.processes:
            process.kill_group()
        try:
            self.empty_redis()
        finally:
            if self.args.keep:
                print(f"kept: {self.tmp}")
            else:
                shutil.rmtree(self.tmp, ignore_errors=True)

    def show_logs(self):
        for path in sorted(self.tmp.glob("*.log")) + sorted(self.tmp.glob("nginx/error.log")):
            lines = [line for line in path.read_text(errors="replace").splitlines() if '" 200 ' not in line][-30:]
            print(f"----- {path.name} (last {len(lines)} lines that are not a 200 in the access log)", *lines, sep="\n")


def run(args):
    for url in (args.database_url, args.redis_url):
        if url:
            ensure_loopback(url)
    stop_after(args.timeout)
    bench = Run(args)
    try:
        bench.build_site()
        bench.start_servers()
        rows, limits = bench.measure()
        table = markdown(rows, limits, bench.heading())
    except BaseException:
        bench.show_logs()
        raise
    finally:
        uninterrupted()
        bench.stop()
        bench.log("everything stopped")
    print(table)
    if args.output:
        Path(args.output).write_text(table)
    errors = sum(result.errors for row in rows for result in (row.cached, row.uncached) if result)
    return 1 if errors else 0


def http_benchmark(args):
    """The pages' figures against a server already running (``make run``, say)."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="lc-bench-") as workdir:
        load = functools.partial(
            loadgen.measure, args.base_url, seconds=args.seconds, connections=args.connections, threads=args.threads,
            workdir=workdir,
        )  # fmt: skip
        for path in args.paths:
            request = [("GET", path, None, None)]
            rows.append(
                Row(path, path, cached=load(request), uncached=load(request, unique=True) if args.uncached else None)
            )
    print(markdown(rows, {}, [f"{args.base_url}, {machine()}, {loadgen.generator()}"]))


def arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    whole = sub.add_parser("run", help="everything in one run, on a site database of its own")
    whole.add_argument("--database-url", help="an empty PostgreSQL database on loopback (default: SQLite)")
    whole.add_argument("--redis-url", help="a Redis database on loopback for cache and sessions; emptied")
    whole.add_argument("--showcases", type=int, default=1000)
    whole.add_argument("--seconds", type=int, default=8, help="of load per row")
    whole.add_argument("--connections", type=int, default=8)
    whole.add_argument("--threads", type=int, default=2, help="of the load generator")
    whole.add_argument("--workers", type=int, default=2, help="gunicorn workers (WEB_CONCURRENCY)")
    whole.add_argument("--timeout", type=int, default=900, help="stop everything after this many seconds")
    whole.add_argument("--output", help="also write the Markdown table here")
    whole.add_argument("--keep", action="store_true", help="keep the temporary folder (database, logs)")
    queries = sub.add_parser("queries", help="database queries per page, in process")
    queries.add_argument("paths", nargs="*", default=[path for _, path in PAGES])
    queries.add_argument("--json", help="write the counts here as JSON")
    queries.add_argument("--step-user", help="also count this applicant's step save")
    http = sub.add_parser("http", help="requests per second and latency percentiles against a running server")
    http.add_argument("paths", nargs="*", default=[path for _, path in PAGES])
    http.add_argument("--base-url", default="http://127.0.0.1:8000")
    http.add_argument("--seconds", type=int, default=5)
    http.add_argument("--connections", type=int, default=8)
    http.add_argument("--threads", type=int, default=2)
    http.add_argument("--uncached", action="store_true", help="also with a new query parameter on every request")
    profile = sub.add_parser("profile", help="ms a request and where the time goes, in process (cProfile)")
    profile.add_argument("paths", nargs="*", default=[path for _, path in PAGES])
    profile.add_argument("--repeat", type=int, default=100)
    profile.add_argument("--top", type=int, default=25, help="functions listed, by their own time")
    profile.add_argument("--step-user", help="profile this applicant's step save instead of pages")
    sessions = sub.add_parser("sessions", help="(for run) sign applicants in, their session cookies as JSON")
    sessions.add_argument("--count", type=int, default=APPLICANTS)
    sessions.add_argument("--out", required=True)
    pdf = sub.add_parser("pdf", help="seconds to make an application's PDF (attachment 1), in a fresh process")
    pdf.add_argument("--attachments", type=int, default=20)
    pdf.add_argument("--repeat", type=int, default=5)
    pdf.add_argument("--reference", help="also read and lay out this submitted application of the dev database")
    args = parser.parse_args(argv)
    if args.mode in ("run", "http") and min(args.seconds, args.connections, args.threads) < 1:
        parser.error("--seconds, --connections and --threads must be at least 1")
    if args.mode == "http" and args.connections < args.threads:
        parser.error("--connections must be at least --threads")
    return args


def main():
    args = arguments()
    if args.mode == "run":
        return run(args)
    if args.mode == "queries":
        counts = count_queries(args.paths, args.step_user)
        print(f"{'path':60} {'status':>6} {'cached':>7} {'uncached':>9} {'made':>5}")
        for path, count in counts.items():
            made = "—" if count["made"] is None else count["made"]
            print(f"{path:60} {count['status']:>6} {count['cached'] or '—':>7} {count['uncached']:>9} {made:>5}")
        if args.json:
            Path(args.json).write_text(json.dumps(counts))
    elif args.mode == "profile":
        profile_pages(args.paths, args.repeat, args.top, args.step_user)
    elif args.mode == "sessions":
        make_sessions(args.count, args.out)
    elif args.mode == "pdf":
        pdf_benchmark(args.attachments, args.repeat, args.reference)
    else:
        http_benchmark(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
