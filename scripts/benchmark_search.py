#!/usr/bin/env python
"""Search latency with many pages indexed: p50 and p95 of typical queries, as /search/ runs them.

    python scripts/benchmark_search.py                      # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lc_bench python scripts/benchmark_search.py

It builds a fresh database (the PostgreSQL one must exist and be empty; a re-run on a
database that holds the pages, or with --keep, only measures), loads and indexes the guide,
adds --pages generated task pages whose text is made of the guide's own sentences and city
names (the page rows in bulk under the guide, tree paths computed at once) and indexes them
in bulk. After one untimed pass (a running server has loaded jieba and warmed its caches) it
times each query --repeat times, the benchmark's eight and then the corpus of
tests/search/corpus.py, each as the search page runs it (the tally of matches by type and the
first ten results); then the segmenter's cost per query (terms and their branches) and
/search/suggest/ for a few typed prefixes (the whole request, in process). A benchmark, not
a test: nothing is asserted.
"""

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from servers import percentile  # scripts/ is on the path when a script here runs

PROJECT_DIR = Path(__file__).resolve().parent.parent
QUERIES = [
    "社区教育 老年大学",
    "学分银行 终身学习",
    "全民阅读 读书节",
    "职业技能培训 乡村振兴",
    "数字化 学习资源",
    "学习型城市 监测",
    "百姓学习之星 品牌",
    "人工智能 学习场景",
]
# What a visitor has typed when suggestions are asked for: characters, pinyin, initials.
TYPED = ["社区", "学习", "老年", "全民阅读", "杭州", "数字", "sq", "shequ", "xuefen", "5g"]
CITIES = ["杭州", "成都", "武汉", "西安", "苏州", "长沙", "郑州", "昆明", "兰州", "南宁", "合肥", "贵阳"]


def setup_django(data_dir):
    sys.path.insert(0, str(PROJECT_DIR))
    os.environ.setdefault("DATA_DIR", str(data_dir))
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("RATE_LIMIT_IP_FACTOR", "100")  # one address asks every suggestion
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    import django
    from django.conf import settings

    django.setup()
    # Pages are indexed in bulk below rather than one by one as they are saved.
    settings.WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = False


def _task_pages(guide, pages):
    """Unsaved task pages under the guide, their tree paths computed in bulk rather than one by one."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Page

    from learning_city.guide.loaders import SOURCE_TEXT_FILE
    from learning_city.guide.models import TaskPage

    text = SOURCE_TEXT_FILE.read_text(encoding="utf-8")
    sentences = [s + "。" for s in re.split(r"[。\n]", text) if len(s) > 12]
    rng = random.Random(2026)
    last_child = guide.get_last_child()
    first_step = Page._str2int(last_child.path[-Page.steplen :]) + 1 if last_child else 1
    content_type = ContentType.objects.get_for_model(TaskPage)
    now = timezone.now()
    for n in range(pages):
        city = rng.choice(CITIES)
        body = "".join(rng.sample(sentences, 4))
        title = f"{city}学习型城市建设案例{n}"
        yield TaskPage(
            path=Page._get_path(guide.path, guide.depth + 1, first_step + n),
            depth=guide.depth + 1,
            numchild=0,
            title=title,
            draft_title=title,
            slug=f"bench-{n}",
            url_path=f"{guide.url_path}bench-{n}/",
            content_type=content_type,
            locale_id=guide.locale_id,
            live=True,
            first_published_at=now,
            last_published_at=now,
            number=rng.randint(1, 6),
            summary=f"{city}市推进学习型城市建设的做法。",
            body=f"<p>{city}：{body}</p>",
        )


def _create(guide, pages):
    """The page rows in bulk, then each task page's own row (Django cannot bulk-create a page subclass)."""
    from django.db import transaction
    from wagtail.models import Page

    page_fields = [field.attname for field in Page._meta.concrete_fields if not field.primary_key]
    tasks = list(_task_pages(guide, pages))
    with transaction.atomic():
        rows = Page.objects.bulk_create(
            [Page(**{name: getattr(task, name) for name in page_fields}) for task in tasks], batch_size=500
        )
        for task, row in zip(tasks, rows, strict=True):
            task.pk = task.page_ptr_id = row.pk
            task.save_base(raw=True)  # the task page's own table only; the page row exists
        Page.objects.filter(pk=guide.pk).update(numchild=guide.numchild + pages)
    return tasks


def build(pages):
    from django.core.management import call_command
    from django.db import connection
    from modelsearch.backends import get_search_backend

    from learning_city.guide.models import GuidePage, TaskPage

    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    call_command("update_index", verbosity=0)  # the guide's own pages, which the corpus expects
    started = time.perf_counter()
    tasks = _create(GuidePage.objects.get(), pages)
    created = time.perf_counter() - started
    started = time.perf_counter()
    index = get_search_backend().get_index_for_model(TaskPage)
    for start in range(0, len(tasks), 1000):
        index.add_items(TaskPage, tasks[start : start + 1000])
    # A live database has planner statistics (autovacuum, or SQLite's ANALYZE); a bulk load does not.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"created {pages} pages in {created:.1f} s, indexed in {time.perf_counter() - started:.1f} s")


def _time(run, repeat):
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        outcome = run()
        timings.append((time.perf_counter() - started) * 1000)
    return outcome, timings


def _search(query):
    from wagtail.models import Page

    from search.ranking import RankedSearch
    from search.terms import query_terms

    results = RankedSearch(Page.objects.live().public(), query_terms(query))
    results.facet()
    results[:10]
    return results.count()


def measure(repeat):
    from django.db import connection
    from wagtail.models import Page

    from search.terms import branches, query_terms
    from tests.search.corpus import CORPUS

    queries = list(dict.fromkeys(QUERIES + [query for query, _ in CORPUS]))
    print(f"database: {connection.vendor}, pages: {Page.objects.count()}, queries: {len(queries)} × {repeat}")
    # Once each, untimed: a running server has loaded jieba and the synonyms and warmed its caches.
    for query in queries:
        _search(query)
    print(f"{'query':24} {'results':>8} {'p50 ms':>8} {'p95 ms':>8}")
    everything = []
    for query in queries:
        count, timings = _time(lambda query=query: _search(query), repeat)
        everything += timings
        print(f"{query:24} {count:>8} {statistics.median(timings):>8.1f} {percentile(timings, 0.95):>8.1f}")
    print(f"{'all queries':24} {'':>8} {statistics.median(everything):>8.1f} {percentile(everything, 0.95):>8.1f}")
    segmenting = []
    for query in queries:
        _, timings = _time(lambda query=query: branches(query_terms(query)), repeat)
        segmenting += timings
    print(f"segmenter per query: p50 {statistics.median(segmenting):.3f} ms, p95 {percentile(segmenting, 0.95):.3f} ms")
    measure_suggestions(repeat)


def measure_suggestions(repeat):
    """/search/suggest/ as a browser asks it while a visitor types (the whole request, in process)."""
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    for typed in TYPED:
        client.get("/search/suggest/", {"q": typed})
    timings = []
    for typed in TYPED:
        response, found = _time(lambda typed=typed: client.get("/search/suggest/", {"q": typed}), repeat)
        timings += found
        count = len(response.json()["suggestions"]) if response.status_code == 200 else response.status_code
        print(f"suggest {typed:16} {count:>8} {statistics.median(found):>8.1f} {percentile(found, 0.95):>8.1f}")
    print(f"{'all suggestions':24} {'':>8} {statistics.median(timings):>8.1f} {percentile(timings, 0.95):>8.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--keep", metavar="DIR", help="keep the data folder (the SQLite database) in DIR; a re-run measures only"
    )
    args = parser.parse_args()
    if args.keep:
        setup_django(args.keep)
        run(args)
        return
    with tempfile.TemporaryDirectory(prefix="lc-bench-") as data_dir:
        setup_django(data_dir)
        run(args)


def run(args):
    if not built():
        build(args.pages)
    measure(args.repeat)


def built():
    """True when the database already holds the benchmark's pages (a re-run measures only)."""
    from django.db import connection

    if "wagtailcore_page" not in connection.introspection.table_names():
        return False
    from wagtail.models import Page

    return Page.objects.filter(slug="bench-0").exists()


if __name__ == "__main__":
    main()
