"""scripts/benchmark.py's pure parts: its arguments, the percentile and wrk figures it reports, and the
Markdown table it prints. No load is made here: the benchmark is run by hand (README: Benchmark)."""

import io

import pytest
from django.core.management import call_command

from learning_city.forms.models import MultiStepFormPage
from tests.factories import UserFactory
from tests.script_modules import script

benchmark = script("benchmark")
loadgen = script("loadgen")
servers = script("servers")


def result(rate, p50=10.0, errors=0):
    return loadgen.Result(requests=rate * 8, seconds=8.0, errors=errors, p50=p50, p95=p50 * 2, p99=p50 * 3)


def test_arguments_default_to_the_issue_s_run_and_refuse_no_load():
    args = benchmark.arguments(["run"])
    assert (args.showcases, args.seconds, args.connections, args.threads, args.workers) == (1000, 8, 8, 2, 2)
    assert args.database_url is None and args.redis_url is None and not args.keep
    assert benchmark.arguments(["run", "--database-url", "postgres://postgres@127.0.0.1/lc_bench"]).database_url
    for wrong in (["run", "--seconds", "0"], ["http", "--connections", "1", "--threads", "2"]):
        with pytest.raises(SystemExit):
            benchmark.arguments(wrong)
    assert benchmark.arguments(["queries"]).paths == [path for _, path in benchmark.PAGES]


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [
        ([], 0.99, 0.0),
        ([7.0], 0.5, 7.0),
        (list(range(1, 101)), 0.50, 51),  # nearest rank over 100 values: index round(49.5) = 50
        (list(range(1, 101)), 0.95, 95),
        (list(range(1, 101)), 0.99, 99),
        ([30, 10, 20], 1.0, 30),
        ([30, 10, 20], 0.0, 10),
    ],
)
def test_percentile_by_nearest_rank(values, share, expected):
    assert servers.percentile(values, share) == expected


def test_unique_query_parameter_keeps_the_page_s_own():
    assert loadgen.bust("/guide/", 3) == "/guide/?_bench=3"
    assert loadgen.bust("/showcases/?type=brand", "1-2") == "/showcases/?type=brand&_bench=1-2"


def test_wrk_figures_count_error_answers_apart_from_the_answers_that_went_through():
    output = (
        "Running 8s test @ http://127.0.0.1:8000\n"
        'BENCH {"requests": 1000, "microseconds": 8000000, "status": 10, "socket": 2, '
        '"p50": 12500, "p95": 40000, "p99": 81234}\n'
    )
    figures = loadgen.parse_wrk(output)
    assert (figures.requests, figures.errors, figures.seconds) == (990, 12, 8.0)
    assert figures.rate == pytest.approx(123.75)
    assert (figures.p50, figures.p95, figures.p99) == (12.5, 40.0, 81.234)


def test_wrk_script_holds_the_requests_as_lua_and_refuses_text_it_cannot_quote():
    post = ("POST", "/apply/step/1/", {"Cookie": 'sessionid=a"b'}, "city=320500&name=%E7%8E%8B")
    lua = loadgen.wrk_script([("GET", "/", None, None), post], unique=True)
    assert '{"GET", "/", nil, nil}' in lua
    assert '{"POST", "/apply/step/1/", {["Cookie"] = "sessionid=a\\"b"}, "city=320500&name=%E7%8E%8B"}' in lua
    assert "local unique = true" in lua and "_bench=" in lua
    with pytest.raises(ValueError, match="ASCII"):
        loadgen.wrk_script([("GET", "/search/?q=社区教育", None, None)], unique=False)


def test_table_has_the_limits_first_and_each_cached_page_as_a_share_of_bare_wsgi():
    rows = [
        benchmark.Row("home", "/", result(100), result(50, errors=3), queries=(11, 11), x_cache=("HIT", "MISS")),
        benchmark.Row("step save", "/apply/step/1/", uncached=result(120), queries=(None, 9)),
    ]
    limits = {"bare WSGI": ("/", result(4000, p50=1.0)), "nginx, static file": ("/guide.html", result(16000))}
    table = benchmark.markdown(rows, limits, ["Measured today.", "Settings."])
    lines = table.splitlines()
    assert lines[:3] == ["Measured today.", "Settings.", ""]
    assert lines[3].startswith("| page | path | cached req/s |") and lines[4].startswith("| --- | --- | ---: |")
    assert lines[5] == "| bare WSGI | `/` | 4,000 | 1.0 | 2.0 | 3.0 | 100.0% | — | — | — | — | 0 | — |"
    assert lines[6].startswith("| nginx, static file | `/guide.html` | 16,000 | 10.0 | 20.0 | 30.0 | 400.0% |")
    assert lines[7] == (
        "| home | `/` | 100 | 10.0 | 20.0 | 30.0 | 2.5% | 50 (3 errors) | 10.0 | 20.0 | 30.0 | 11 / 11 | HIT / MISS |"
    )
    assert lines[8] == "| step save | `/apply/step/1/` | — | — | — | — | — | 120 | 10.0 | 20.0 | 30.0 | — / 9 | — / — |"
    assert all(line.count("|") == 14 for line in lines[3:])


def test_a_row_measured_with_its_own_bare_figure_is_a_share_of_that_one():
    row = benchmark.Row("guide", "/guide/", result(1800), bare=result(3000))
    limits = {"bare WSGI": ("/", result(4000))}
    line = benchmark.markdown([row], limits, []).splitlines()[-1]
    assert line.startswith("| guide | `/guide/` | 1,800 | 10.0 | 20.0 | 30.0 | 60.0% of 3,000 | — |")


def test_table_without_a_bare_figure_shows_no_share_and_paths_read_as_typed():
    table = benchmark.markdown([benchmark.Row("search", "/search/?q=%E7%A4%BE%E5%8C%BA", result(100))], {}, [])
    assert "| search | `/search/?q=社区` | 100 | 10.0 | 20.0 | 30.0 | — |" in table


@pytest.mark.django_db
def test_the_step_save_it_times_is_a_save_the_shipped_form_accepts(client):
    call_command("load_content", stdout=io.StringIO())
    page = MultiStepFormPage.objects.get(slug="apply")
    client.force_login(UserFactory(username="bench-01@example.cn"))
    response = client.post("/apply/step/1/", benchmark.step_answers(f"form_{page.pk}-current_step"))
    assert response.status_code == 302 and response["Location"].endswith("/apply/step/2/")
