#!/usr/bin/env python
"""Lighthouse (mobile preset, all four categories) on the public pages of a running site.

    python scripts/lighthouse.py --base-url http://127.0.0.1:8000
    python scripts/lighthouse.py --base-url http://127.0.0.1:8000 / /apply/ --reports var/lighthouse

Runs ``npx --yes lighthouse@12.2.3`` from the npm registry with Debian's Chromium (CHROME_PATH,
default /usr/bin/chromium) headless, one page at a time. That Chromium now and then fails a run with
NO_NAVSTART: such a page is tried again (--attempts). Prints a score table and, for every score under
100, the audits that cost points. Measure against gunicorn with production settings (README: Lighthouse).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

LIGHTHOUSE = "lighthouse@12.2.3"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
DEFAULT_PAGES = [
    "/",
    "/guide/",
    "/guide/reading-for-all/",
    "/showcases/",
    "/showcases/demo-exemplary-city/",
    "/network/",
    "/apply/",
]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
RETRIED_ERRORS = {"NO_NAVSTART"}


def run_lighthouse(url, report_path, chrome_path, timeout):
    """One Lighthouse run; the parsed report, or None when it produced none."""
    command = [
        "npx", "--yes", LIGHTHOUSE, url,
        "--output=json", f"--output-path={report_path}", f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}", "--quiet",
    ]  # fmt: skip
    env = {**os.environ, "CHROME_PATH": chrome_path}
    try:
        completed = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "timed out"
    if not Path(report_path).exists():
        return None, (completed.stderr or completed.stdout).strip()[-500:]
    report = json.loads(Path(report_path).read_text(encoding="utf-8"))
    error = (report.get("runtimeError") or {}).get("code")
    return report, error


def audit_page(url, report_path, args):
    """The page's report, tried again while Chromium fails it with NO_NAVSTART."""
    for attempt in range(1, args.attempts + 1):
        report, error = run_lighthouse(url, report_path, args.chrome_path, args.timeout)
        if report is not None and not error:
            return report, None
        retried = error in RETRIED_ERRORS or (error and "NO_NAVSTART" in error)
        print(f"  {url}: attempt {attempt} failed ({error}){', trying again' if retried else ''}", file=sys.stderr)
        if not retried:
            return report, error
    return None, error


def scores(report):
    return {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES}


def lost_points(report):
    """Audits that failed in a category scoring under 100: (category, audit id, title)."""
    lost = []
    for name in CATEGORIES:
        category = report["categories"][name]
        if category["score"] == 1:
            continue
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                lost.append((name, ref["id"], audit["title"]))
    return lost


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", default=DEFAULT_PAGES, help="paths (default: the listed public pages)")
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--chrome-path", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    parser.add_argument("--attempts", type=int, default=4, help="tries per page while it fails with NO_NAVSTART")
    parser.add_argument("--timeout", type=int, default=240, help="seconds for one Lighthouse run")
    parser.add_argument("--reports", help="folder to keep each page's JSON report in")
    args = parser.parse_args(argv)

    folder = Path(args.reports) if args.reports else Path(tempfile.mkdtemp(prefix="lighthouse-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows, failures = [], []
    for path in args.pages:
        name = path.strip("/").replace("/", "_") or "home"
        report, error = audit_page(args.base_url.rstrip("/") + path, folder / f"{name}.json", args)
        if report is None or error:
            failures.append(f"{path}: {error}")
            continue
        rows.append((path, scores(report), lost_points(report)))

    print("| page | " + " | ".join(CATEGORIES) + " |")
    print("| --- | " + " | ".join("---:" for _ in CATEGORIES) + " |")
    for path, values, _ in rows:
        print(f"| `{path}` | " + " | ".join(str(values[name]) for name in CATEGORIES) + " |")
    for path, _, lost in rows:
        for category, audit_id, title in lost:
            print(f"  {path} {category}: {audit_id} — {title}")
    for failure in failures:
        print(f"  failed: {failure}")
    print(f"reports in {folder}")
    perfect = all(value == 100 for _, values, _ in rows for value in values.values())
    return 0 if perfect and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
