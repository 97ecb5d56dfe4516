#!/usr/bin/env python
"""Benchmark the public pages: queries per page (in process) and HTTP throughput and latency; and the time
to make a city's application form (attachment 1) as PDF.

    python scripts/benchmark.py queries                       # against the dev database (make run first)
    python scripts/benchmark.py http --base-url http://127.0.0.1:8000 --requests 500 --concurrency 4
    python scripts/benchmark.py pdf --attachments 20          # a full application at the form's limits
    python scripts/benchmark.py pdf --reference LC-…          # and a submitted one of the dev database

The HTTP run only targets loopback addresses and stops after --requests or --max-seconds.
"""

import argparse
import ipaddress
import os
import socket
import statistics
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_PATHS = [
    "/",
    "/guide/",
    "/guide/community-and-elderly-education/",
    "/api/v2/pages/?type=guide.GuidePage&fields=*",
    "/api/v2/pages/?type=guide.TaskPage&fields=*",
]


def percentile(values, share):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def count_queries(paths):
    _setup_django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    print(f"{'path':60} {'status':>6} {'queries':>8}")
    for path in paths:
        client.get(path)  # warm caches (site root, content types)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        print(f"{path:60} {response.status_code:>6} {len(queries.captured_queries):>8}")


def _setup_django():
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()


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


def ensure_loopback(base_url):
    host = urlparse(base_url).hostname or ""
    for info in socket.getaddrinfo(host, None):
        if not ipaddress.ip_address(info[4][0]).is_loopback:
            raise SystemExit(f"refusing to load-test {host}: only loopback addresses are allowed")


def fetch(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        status = response.status
    return status, (time.perf_counter() - started) * 1000


def http_benchmark(base_url, paths, requests, concurrency, max_seconds):
    ensure_loopback(base_url)
    print(f"{'path':60} {'req':>5} {'rps':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")
    for path in paths:
        url = base_url.rstrip("/") + path
        fetch(url)  # warm up
        latencies, errors = [], 0
        deadline = time.monotonic() + max_seconds
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            futures = [pool.submit(fetch, url) for _ in range(requests)]
            for future in futures:
                if time.monotonic() > deadline:
                    future.cancel()
                    continue
                try:
                    status, elapsed = future.result()
                    latencies.append(elapsed)
                    errors += status >= 400
                except Exception:  # noqa: BLE001 - count, keep measuring
                    errors += 1
        wall = time.perf_counter() - started
        if not latencies:
            print(f"{path:60} no successful requests")
            continue
        print(
            f"{path:60} {len(latencies):>5} {len(latencies) / wall:>8.1f} "
            f"{statistics.median(latencies):>8.1f} {percentile(latencies, 0.95):>8.1f} "
            f"{percentile(latencies, 0.99):>8.1f} {errors:>6}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    queries = sub.add_parser("queries", help="database queries per page, in process")
    queries.add_argument("paths", nargs="*", default=DEFAULT_PATHS)
    http = sub.add_parser("http", help="requests per second and latency percentiles against a running server")
    http.add_argument("paths", nargs="*", default=DEFAULT_PATHS)
    http.add_argument("--base-url", default="http://127.0.0.1:8000")
    http.add_argument("--requests", type=int, default=300)
    http.add_argument("--concurrency", type=int, default=4)
    http.add_argument("--max-seconds", type=float, default=60)
    pdf = sub.add_parser("pdf", help="seconds to make an application's PDF (attachment 1), in a fresh process")
    pdf.add_argument("--attachments", type=int, default=20)
    pdf.add_argument("--repeat", type=int, default=5)
    pdf.add_argument("--reference", help="also read and lay out this submitted application of the dev database")
    args = parser.parse_args()
    if args.mode == "queries":
        count_queries(args.paths)
    elif args.mode == "pdf":
        pdf_benchmark(args.attachments, args.repeat, args.reference)
    else:
        http_benchmark(args.base_url, args.paths, args.requests, args.concurrency, args.max_seconds)


if __name__ == "__main__":
    main()
