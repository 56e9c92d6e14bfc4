"""The benchmark runs end to end at a tiny size, so it cannot rot. Timings are not tested."""

import json

import pytest

from conftest import REPO, run_kb
from kb.bench.benchmark import cache_notes
from kb.checks.sitemap import click_depths, read_site
from kb.cli import GATE_STAGES

MAX_CLICKS = 3  # every document within three clicks of the home page


@pytest.fixture(scope="session")
def bench_run(tmp_path_factory):
    keep = tmp_path_factory.mktemp("bench")
    result = run_kb(
        REPO, "bench", "--sizes", "5", "--no-serve", "--keep", str(keep), "--json", str(keep / "bench.json")
    )
    return result, keep


def test_benchmark_times_every_gate_stage_and_the_stock_build(bench_run):
    result, _ = bench_run
    assert result.returncode == 0, result.stdout + result.stderr
    for name, _stage in GATE_STAGES:
        assert f"| {name} | " in result.stdout
    for row in (
        "| whole gate |",
        "| whole gate, one document changed |",
        "| build, one document changed (",
        "| link check, one document changed (Pages read for links: 1,",
        "| stock mkdocs build |",
        "TOTAL first load: the page and everything it loads",
        "on publishing: the search index: ",
        "on first use of search: TOTAL first search for 'practice' (en-gb)",
        "on first use of search: TOTAL first search for 'practice managers' (en-gb)",
        "| kb gate in one process, one document changed |",
        "| search index | ",
        "Load average",
        "Machine speed: the reference work",
        "| documents | a guidance page (layout: one flat folder) | HTML bytes | gzip bytes "
        "| Lighthouse performance (mobile) |",
        "| 5 | guidance page /guidance/",
    ):
        assert row in result.stdout
    [changed_build] = [line for line in result.stdout.splitlines() if "| build, one document changed (" in line]
    assert "Markdown conversions: 1 made," in changed_build and "PDFs of position papers: 1 rendered," in changed_build
    assert "FAILED" not in result.stdout
    assert "OTHER ORIGIN" not in result.stdout


def test_benchmark_reports_reach_and_search_of_the_synthetic_site(bench_run):
    _, keep = bench_run
    [size] = json.loads((keep / "bench.json").read_text())
    assert size["documents"] == 5
    assert [stage["name"] for stage in size["stages"]] == [name for name, _ in GATE_STAGES] + ["whole gate"]
    assert [stage["name"] for stage in size["changed"]] == [
        f"{name}, one document changed" for name, _ in GATE_STAGES
    ] + ["whole gate, one document changed"]
    assert all(stage["ok"] for stage in size["stages"] + size["changed"])
    assert 0 < size["deepest_click"] <= MAX_CLICKS
    assert size["unreachable"] == []
    assert size["not_in_search"] == []
    assert size["guidance_page"]["raw"] > size["guidance_page"]["gzipped"] > 0
    if size["lighthouse"] is not None:  # Lighthouse installed (npm ci --prefix tests/browser/lighthouse)
        assert 0 <= size["lighthouse"]["performance"] <= 100


def test_every_page_of_the_synthetic_site_is_within_three_clicks_of_home(bench_run):
    _, keep = bench_run
    pages = read_site(keep / "corpus-5" / "site")
    depths = click_depths(pages)
    too_deep = {
        url: depths.get(url) for url, page in pages.items() if page.is_content and depths.get(url, 99) > MAX_CLICKS
    }
    assert too_deep == {}


def test_every_page_of_the_fixture_site_is_within_three_clicks_of_home(built_site):
    pages = read_site(built_site)
    depths = click_depths(pages)
    too_deep = {
        url: depths.get(url) for url, page in pages.items() if page.is_content and depths.get(url, 99) > MAX_CLICKS
    }
    assert too_deep == {}
    assert len(depths) > 5


def test_what_a_build_says_about_its_caches_is_reported():
    output = (
        "INFO    -  Cleaning site\nINFO    -  Markdown conversions: 1 made, 16 unchanged (from .cache/pages)\n"
        "INFO    -  PDFs of position papers: 0 rendered, 17 unchanged (from .cache/pdf)\nINFO    -  Documentation built in 1 s\n"
    )
    assert (
        cache_notes(output)
        == "Markdown conversions: 1 made, 16 unchanged (from .cache/pages); PDFs of position papers: 0 rendered, 17 unchanged (from .cache/pdf)"
    )
    assert cache_notes("INFO    -  Documentation built in 1 s\n") == ""
