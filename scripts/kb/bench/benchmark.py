"""The benchmark: how long the gate takes on N synthetic documents, and what a page weighs.

For each N, a synthetic corpus (kb.bench.synthetic) is written into a temporary
folder; every stage of the publishing gate (``kb.cli.GATE_STAGES``, whatever
it holds) is run in its own process and timed, with its peak memory; stock
Material (search and tags, no project code) builds the same pages as the
baseline. Then one position paper changes and every stage runs again, as for
an author's pull request (the caches in .cache/ are what make this fast), and
optionally ``mkdocs serve`` is timed from a saved change to the changed page
being served. A second table weighs a position paper's page with
everything it loads, and the search index.

Timings are printed, never asserted: the test runs this at a tiny N only so
that it keeps working.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from kb import paths
from kb.adapters import engine
from kb.bench import lighthouse, synthetic
from kb.checks import sitemap
from kb.content.documents import site_address
from kb.search import bundle as search_bundle
from kb.search import weight as search_weight

DEFAULT_SIZES = (100, 1000, 3000)
# The corpus laid out as authors keep it: one flat folder a type, so a guidance page's
# sidebar would list every guidance document but for kb.reader.navigation.bounded.
LAYOUT = "flat"
SERVE_TIMEOUT = 900.0  # seconds to wait for `mkdocs serve` to start on a big corpus

BASELINE_CONFIG = """\
# Stock Material for MkDocs: the same pages, no project code (no hooks, no macros).
site_name: Baseline
docs_dir: docs
theme:
  name: material
plugins:
  - search
  - tags
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
exclude_docs: |
  _includes/
"""


@dataclass
class Timing:
    name: str
    seconds: float  # wall-clock time
    peak_mb: float
    ok: bool = True
    note: str = ""
    cpu_seconds: float = 0.0  # user + system time of the process and its children


@dataclass
class Weight:
    name: str
    raw: int
    gzipped: int


@dataclass
class SizeResult:
    count: int  # synthetic documents
    pages: int  # HTML pages in the built site
    stages: list[Timing] = field(default_factory=list)
    baseline: Timing | None = None
    changed: list[Timing] = field(default_factory=list)  # every stage again after one document changed
    serve: list[Timing] = field(default_factory=list)
    weights: list[Weight] = field(default_factory=list)
    guidance_page: Weight | None = None  # one guidance page's HTML: must not grow with the corpus
    guidance_scores: lighthouse.PageScores | None = None  # Lighthouse (mobile) on that guidance page
    lighthouse_note: str = ""  # why Lighthouse did not run
    site_mb: float = 0.0
    deepest_click: int = -1
    unreachable: list[str] = field(default_factory=list)
    not_in_search: list[str] = field(default_factory=list)
    # `kb gate` in one process after one more change: the search index made while the link check runs, as in CI
    # (the stages above run one process each, so `kb build` indexes on its own and `kb search-index` again).
    gate_one_process: Timing | None = None

    @property
    def gate(self) -> Timing:
        return whole("whole gate", self.stages)

    @property
    def changed_gate(self) -> Timing | None:
        return whole(f"whole gate{CHANGED}", self.changed) if self.changed else None


CHANGED = ", one document changed"


def whole(name: str, stages: list[Timing]) -> Timing:
    return Timing(
        name,
        sum(t.seconds for t in stages),
        max((t.peak_mb for t in stages), default=0.0),
        all(t.ok for t in stages),
        cpu_seconds=sum(t.cpu_seconds for t in stages),
    )


# --- Running things and measuring them --------------------------------------


def bench_now() -> str:
    """The moment the gate runs "as of" (synthetic.corpus_now: after every date in the corpus)."""
    return synthetic.corpus_now()


def environment(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "KB_NOW": bench_now(),
            "PYTHONPATH": str((root / "scripts").resolve()),
            "NO_MKDOCS_2_WARNING": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def measure(name: str, command: list[str], cwd: Path, env: dict[str, str]) -> tuple[Timing, str]:
    """Run a command; its wall time and the peak memory of it and its children (wait4's rusage)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    chunks = list(process.stdout)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    output = "".join(chunks)
    return Timing(
        name, seconds, usage.ru_maxrss / 1024, process.returncode == 0, cpu_seconds=usage.ru_utime + usage.ru_stime
    ), output


def stage_command(stage: str, root: Path, site_dir: Path) -> list[str]:
    """The command line of one gate stage, exactly as an author or CI runs it (`kb check`, `kb build`...)."""
    from kb import cli

    subcommand = {function: name for name, function in cli.COMMANDS.items()}[dict(cli.GATE_STAGES)[stage]]
    # --verbose: the build's and link check's lines about cached work (CACHE_REPORT) are in their full log only.
    verbose = ["--verbose"] if subcommand in ("build", "linkcheck") else []
    return [sys.executable, "-m", "kb", "--root", str(root), subcommand, *verbose, "--site-dir", str(site_dir)]


# Lines a stage prints about work it skipped or cached (e.g. PDFs rendered or unchanged).
CACHE_REPORT = re.compile(r"^.*\b(unchanged|cached|rendered)\b.*$", re.MULTILINE | re.IGNORECASE)


def time_gate(root: Path, site_dir: Path, suffix: str = "") -> list[Timing]:
    """Every stage of the gate, each in a process of its own; suffix names the run in each row."""
    from kb.cli import GATE_STAGES

    timings = []
    for name, _ in GATE_STAGES:
        timing, output = measure(f"{name}{suffix}", stage_command(name, root, site_dir), root, environment(root))
        if timing.ok:
            timing.note = cache_notes(output)
        else:
            timing.note = output.strip().splitlines()[-1] if output.strip() else "failed"
            print(output, file=sys.stderr)
        timings.append(timing)
    return timings


def time_gate_after_change(root: Path, site_dir: Path, page_src_uri: str) -> list[Timing]:
    """Every stage again after one sentence was added to one document: what a pull request waits for.

    The first run filled .cache/ (PDFs, conversions, passed
    checks, pages' links); this one shows what remembering them saves.
    """
    source = root / "docs" / page_src_uri
    source.write_text(source.read_text(encoding="utf-8") + "\nA sentence added by the benchmark.\n", encoding="utf-8")
    return time_gate(root, site_dir, CHANGED)


def time_whole_gate_after_change(root: Path, site_dir: Path, page_src_uri: str) -> Timing:
    """`kb gate` as CI runs it, in one process, after one more sentence in the same document."""
    source = root / "docs" / page_src_uri
    source.write_text(source.read_text(encoding="utf-8") + "\nAnother sentence.\n", encoding="utf-8")
    command = [sys.executable, "-m", "kb", "--root", str(root), "gate", "--site-dir", str(site_dir)]
    timing, output = measure(f"kb gate in one process{CHANGED}", command, root, environment(root))
    if not timing.ok:
        timing.note = output.strip().splitlines()[-1] if output.strip() else "failed"
    return timing


def cache_notes(output: str) -> str:
    """What a stage said about remembered work, without MkDocs' log prefixes."""
    return "; ".join(match.group(0).split(" -  ", 1)[-1].strip() for match in CACHE_REPORT.finditer(output))


def time_baseline(root: Path) -> Timing:
    config = root / "baseline.yml"
    config.write_text(BASELINE_CONFIG, encoding="utf-8")
    options = ["--quiet", "--config-file", str(config), "--site-dir", str(root / "site-baseline")]
    command = [sys.executable, "-m", engine.chosen(), "build", *options]
    timing, output = measure("stock mkdocs build", command, root, environment(root))
    if not timing.ok:
        timing.note = output.strip()[-200:]
    return timing


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return None


def time_serve(root: Path, page_uri: str, dirty: bool) -> Timing:
    """Start `make serve`'s server, change one page, and time until the served page shows the change."""
    port = _free_port()
    options = ["--dev-addr", f"127.0.0.1:{port}", "--livereload", *(["--dirty", "--no-strict"] if dirty else [])]
    command = [sys.executable, "-m", "kb.adapters.mkdocs_run", "serve", *options]  # as the Makefile runs it
    name = "serve: one page changed" + (" (--dirty --no-strict)" if dirty else "")
    process = subprocess.Popen(
        command,
        cwd=root,
        env={**environment(root), "KB_ENGINE": engine.chosen()},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/{page_uri}"
    try:
        deadline = time.monotonic() + SERVE_TIMEOUT
        while _fetch(url) is None:
            if time.monotonic() > deadline or process.poll() is not None:
                return Timing(name, float("nan"), 0.0, False, "mkdocs serve did not start")
            time.sleep(0.5)
        marker = f"Benchmark change {time.time_ns()}."
        source = root / "docs" / (page_uri.rstrip("/") + ".md")
        time.sleep(1.0)  # let the watcher settle after the first build
        start = time.perf_counter()
        source.write_text(source.read_text(encoding="utf-8") + f"\n{marker}\n", encoding="utf-8")
        while True:
            text = _fetch(url) or ""
            if marker in text:
                return Timing(name, time.perf_counter() - start, 0.0, True, "saved change to page served")
            if time.perf_counter() - start > SERVE_TIMEOUT or process.poll() is not None:
                return Timing(name, float("nan"), 0.0, False, "the change never showed")
            time.sleep(0.1)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


# --- What a page weighs -------------------------------------------------------


class _AssetFinder(HTMLParser):
    """The URLs a page makes the browser fetch on load: stylesheets, scripts, images, icons.

    Material's ``__config`` still names its search worker, but without Material's search plugin
    nothing starts it (a page's requests in Chromium show no fetch of it), so it is not counted.
    Search (kb.search) loads nothing but its opener, search.js, until it is used.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and set(values.get("rel", "").split()) & {
            "stylesheet",
            "icon",
            "preload",
            "modulepreload",
            "manifest",
        }:
            self.urls.append(values.get("href", ""))
        elif tag in ("script", "img", "iframe", "source", "video", "audio") and values.get("src"):
            self.urls.append(values["src"])

    handle_startendtag = handle_starttag


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


def _weigh(name: str, data: bytes) -> Weight:
    return Weight(name, len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))


def page_weight(site_dir: Path, page_url: str) -> list[Weight]:
    """The page and every asset it loads, each once (fonts and images from CSS included)."""
    html_file = site_dir / page_url.strip("/") / "index.html"
    html = html_file.read_bytes()
    weights = [_weigh(f"page {page_url}", html)]
    finder = _AssetFinder()
    finder.feed(html.decode("utf-8"))
    seen: set[str] = set()
    queue = [(page_url, url) for url in finder.urls]
    while queue:
        base, url = queue.pop(0)
        if url.startswith("data:"):
            continue
        resolved = sitemap.resolve(base, url)
        if resolved is None:
            weights.append(Weight(f"OTHER ORIGIN: {url}", 0, 0))
            continue
        target = resolved[0]
        if target in seen:
            continue
        seen.add(target)
        path = site_dir / target.lstrip("/")
        if not path.is_file():
            continue
        data = path.read_bytes()
        weights.append(_weigh(target.lstrip("/"), data))
        if path.suffix == ".css":
            queue += [(target, found) for found in CSS_URL.findall(data.decode("utf-8", errors="replace"))]
    weights.append(
        Weight(
            "TOTAL first load: the page and everything it loads",
            sum(w.raw for w in weights),
            sum(w.gzipped for w in weights),
        )
    )
    return weights


def middle_guidance_page(corpus: synthetic.Corpus) -> str | None:
    """The address of the guidance document in the middle of its folder: its sidebar has neighbours on both sides."""
    guidance = sorted(d.src_uri for d in corpus.documents if d.doc_type == "guidance" and synthetic.is_public(d))
    return site_address(guidance[len(guidance) // 2]) if guidance else None


def weigh_guidance_page(result: SizeResult, corpus: synthetic.Corpus, site_dir: Path) -> None:
    """A guidance page's HTML, and Lighthouse's mobile performance for it (served with gzip)."""
    address = middle_guidance_page(corpus)
    if address is None:
        return
    html = (site_dir / address.strip("/") / "index.html").read_bytes()
    result.guidance_page = _weigh(f"guidance page {address}", html)
    try:
        result.guidance_scores = lighthouse.run_pages(site_dir, [("guidance", address)])[0]
    except lighthouse.LighthouseMissing as missing:
        result.lighthouse_note = str(missing)
    except (RuntimeError, subprocess.TimeoutExpired) as failed:  # a timing run goes on without the figure
        result.lighthouse_note = str(failed).splitlines()[0]


def pages_not_in_search(site_dir: Path, pages: dict[str, sitemap.PageLinks]) -> list[str]:
    """Pages marked for search that the search index has no entry for (all of them if there is no index)."""
    if not (site_dir / search_bundle.FOLDER).is_dir():
        return sorted(url for url, page in pages.items() if page.is_content)
    return search_weight.pages_missing_from_index(site_dir)


SEARCH_WORDS = ("practice", "practice managers")  # one word reads one chunk of the word index; two may read two


def search_weights(site_dir: Path) -> list[Weight]:
    """The search index's size, and what the first use of search downloads (kb.search.weight), as sent."""
    if not (site_dir / search_bundle.FOLDER).is_dir():
        return []
    index = search_weight.index_size(site_dir)
    weights = [Weight(f"on publishing: {index.name}", index.raw, index.sent)]
    for words in SEARCH_WORDS:
        estimate = search_weight.first_search(site_dir, words)[-1]
        weights.append(Weight(f"on first use of search: {estimate.name}", estimate.raw, estimate.sent))
        measured = search_weight.measured_first_search(site_dir, words)  # None without Chromium
        if measured:
            weights.append(Weight(f"on first use of search: {measured[-1].name}", measured[-1].raw, measured[-1].sent))
    return weights


# --- One size, all sizes ------------------------------------------------------


def bench_size(
    count: int, workdir: Path, baseline: bool = True, serve: bool = True, repo: Path = paths.REPO_ROOT
) -> SizeResult:
    root = workdir / f"corpus-{count}"
    print(f"\n== {count} documents: generating in {root}", file=sys.stderr, flush=True)
    corpus = synthetic.generate(root, count, repo=repo, layout=LAYOUT)
    site_dir = root / "site"
    print(f"== {count} documents: timing the gate", file=sys.stderr, flush=True)
    result = SizeResult(count, 0, stages=time_gate(root, site_dir))
    paper = corpus.position_paper()
    if all(t.ok for t in result.stages) and paper is not None:
        print(f"== {count} documents: timing the gate again, one document changed", file=sys.stderr, flush=True)
        result.changed = time_gate_after_change(root, site_dir, paper.src_uri)
        result.gate_one_process = time_whole_gate_after_change(root, site_dir, paper.src_uri)
    if (site_dir / "index.html").exists():
        result.pages = sum(1 for _ in site_dir.rglob("*.html"))
        result.site_mb = sum(p.stat().st_size for p in site_dir.rglob("*") if p.is_file()) / 1e6
        pages = sitemap.read_site(site_dir)
        depths = sitemap.click_depths(pages)
        result.deepest_click = max(depths.values())
        result.unreachable = sorted(url for url, page in pages.items() if url not in depths and page.is_content)
        result.not_in_search = pages_not_in_search(site_dir, pages)
        paper = corpus.position_paper()
        if paper is not None:
            result.weights = page_weight(site_dir, site_address(paper.src_uri)) + search_weights(site_dir)
        weigh_guidance_page(result, corpus, site_dir)
    if baseline:
        print(f"== {count} documents: timing stock Material", file=sys.stderr, flush=True)
        result.baseline = time_baseline(root)
    if serve:
        paper = corpus.position_paper()
        if paper is not None:
            for dirty in (False, True):
                print(
                    f"== {count} documents: timing mkdocs serve{' --dirty' if dirty else ''}",
                    file=sys.stderr,
                    flush=True,
                )
                result.serve.append(time_serve(root, site_address(paper.src_uri).lstrip("/"), dirty))
    return result


def load_average() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} cores"


REFERENCE_TEXT = (
    "## A heading\n\nSome *emphasised* text with a [link](page.md) and `code`.\n\n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n- one\n- two\n\n"
) * 20


def machine_speed(repeats: int = 40) -> float:
    """Seconds this machine takes for a fixed piece of build-like work (Markdown to HTML).

    Shared machines differ from day to day (the same gate has taken four times
    as long on one day as on another); this figure, printed beside the
    timings, says how fast the machine was, so runs can be compared.
    """
    import markdown

    start = time.perf_counter()
    for _ in range(repeats):
        markdown.markdown(REFERENCE_TEXT, extensions=["tables", "toc", "attr_list"])
    return time.perf_counter() - start


def format_report(results: list[SizeResult]) -> str:
    lines = [
        "",
        f"Load average at the end: {load_average()}",
        f"Machine speed: the reference work (kb.bench.benchmark.machine_speed) took {machine_speed():.2f} s",
        "",
    ]
    lines += [
        "| documents | site pages | stage | seconds | CPU seconds | ms per document | peak memory (MB) "
        "| vs stock build |",
        "|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        base = result.baseline.seconds if result.baseline and result.baseline.ok else None
        rows = [
            *result.stages,
            result.gate,
            *result.changed,
            *([result.changed_gate] if result.changed_gate else []),
            *([result.gate_one_process] if result.gate_one_process else []),
            *([result.baseline] if result.baseline else []),
            *result.serve,
        ]
        for timing in rows:
            ratio = (
                f"{timing.seconds / base:.2f}"
                if base and timing.name.removesuffix(CHANGED) in ("build", "whole gate", "stock mkdocs build")
                else ""
            )
            flag = f" ({timing.note})" if timing.ok and timing.note and timing.name.endswith(CHANGED) else ""
            flag += "" if timing.ok else f" FAILED: {timing.note}"
            memory = f"{timing.peak_mb:.0f}" if timing.peak_mb else ""
            cpu = f"{timing.cpu_seconds:.2f}" if timing.cpu_seconds else ""
            lines.append(
                f"| {result.count:,} | {result.pages:,} | {timing.name}{flag} | {timing.seconds:.2f} | {cpu} "
                f"| {timing.seconds * 1000 / result.count:.1f} | {memory} | {ratio} |"
            )
    lines += [
        "",
        "| documents | site size (MB) | most clicks from home to a page | pages not reachable from home "
        "| pages not in search |",
        "|---:|---:|---:|---|---|",
    ]
    for result in results:
        lines.append(
            f"| {result.count:,} | {result.site_mb:.1f} | {result.deepest_click} "
            f"| {_some(result.unreachable)} | {_some(result.not_in_search)} |"
        )
    lines += [
        "",
        "| documents | a guidance page (layout: one flat folder) | HTML bytes | gzip bytes "
        "| Lighthouse performance (mobile) | total blocking time (ms) | Lighthouse accessibility |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for result in results:
        if result.guidance_page is None:
            continue
        page, scores = result.guidance_page, result.guidance_scores
        figures = (
            f"{scores.performance} | {scores.total_blocking_ms:,.0f} | {scores.accessibility}"
            if scores
            else f"not run: {result.lighthouse_note} | |"
        )
        lines.append(f"| {result.count:,} | {page.name} | {page.raw:,} | {page.gzipped:,} | {figures} |")
    lines += ["", "| documents | what a reader downloads | bytes | gzip bytes |", "|---:|---|---:|---:|"]
    for result in results:
        for weight in result.weights:
            lines.append(f"| {result.count:,} | {weight.name} | {weight.raw:,} | {weight.gzipped:,} |")
    return "\n".join(lines) + "\n"


def _some(urls: list[str]) -> str:
    return (", ".join(urls[:5]) + (f" and {len(urls) - 5} more" if len(urls) > 5 else "")) if urls else "none"


def run(
    sizes: list[int], baseline: bool = True, serve: bool = True, keep: Path | None = None, repo: Path = paths.REPO_ROOT
) -> list[SizeResult]:
    workdir = keep or Path(tempfile.mkdtemp(prefix="kb-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        return [bench_size(count, workdir, baseline, serve, repo) for count in sizes]
    finally:
        if keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


def to_json(results: list[SizeResult]) -> str:
    def timing(t: Timing | None) -> dict[str, object] | None:
        return (
            None
            if t is None
            else {
                "name": t.name,
                "seconds": round(t.seconds, 3),
                "cpu_seconds": round(t.cpu_seconds, 3),
                "peak_mb": round(t.peak_mb, 1),
                "ok": t.ok,
                "note": t.note,
            }
        )

    return json.dumps(
        [
            {
                "documents": r.count,
                "pages": r.pages,
                "stages": [timing(t) for t in [*r.stages, r.gate]],
                "baseline": timing(r.baseline),
                "changed": [timing(t) for t in [*r.changed, *([r.changed_gate] if r.changed_gate else [])]],
                "serve": [timing(t) for t in r.serve],
                "weights": [w.__dict__ for w in r.weights],
                "guidance_page": r.guidance_page.__dict__ if r.guidance_page else None,
                "lighthouse": r.guidance_scores.__dict__ if r.guidance_scores else None,
                "deepest_click": r.deepest_click,
                "unreachable": r.unreachable,
                "not_in_search": r.not_in_search,
                "gate_one_process": timing(r.gate_one_process),
            }
            for r in results
        ],
        indent=1,
    )
