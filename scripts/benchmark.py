#!/usr/bin/env python
"""Benchmark the public pages: queries per page (in process) and HTTP throughput and latency.

    python scripts/benchmark.py queries                       # against the dev database (make run first)
    python scripts/benchmark.py http --base-url http://127.0.0.1:8000 --requests 500 --concurrency 4

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
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
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
    args = parser.parse_args()
    if args.mode == "queries":
        count_queries(args.paths)
    else:
        http_benchmark(args.base_url, args.paths, args.requests, args.concurrency, args.max_seconds)


if __name__ == "__main__":
    main()
