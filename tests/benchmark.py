"""Build, search and page performance: `make bench` prints a table and writes it to BENCHMARKS.md.

Every figure comes from one run of this module, so ratios compare like with like. Build times
are the wall clock of `python -m mkdocs build --strict` in a subprocess, as a user runs it
(Python start-up included), the same way for the real site, its plain-Markdown twin and the
synthetic data; each is the median of several builds.
"""

from __future__ import annotations

import contextlib
import cProfile
import datetime
import functools
import gzip
import importlib.metadata
import io
import json
import os
import platform
import pstats
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin
from mkdocs.utils.yaml import yaml_load

from macros.catalog import assemble
from macros.pages import exports, links
from macros.main import CATALOG_KEY
from tests.conftest import BUILD_ENV, CHROMIUM, CHROMIUM_ARGS, ROOT, QuietServer, _QuietHandler

# ---------------------------------------------------------------------------
# Settings and budgets
# ---------------------------------------------------------------------------

RUNS = 5  # builds per figure, and serve edits; the median is reported
PAIR_RUNS = 9  # real and plain builds, interleaved: their ratio is the figure most sensitive to noise
FIGURE_SECONDS = 120  # a slow build is repeated fewer times (at least once) to keep the bench near ten minutes
SCALES = (1, 10, 30)
SEARCHES, LOADS = 50, 5
REAL_DATA = Path(os.environ.get("OCPP_DATA") or ROOT / "data").resolve()
LARGEST = "MeasurandEnumType"
PAGES = {"home": "", "index": "enums/", "largest enum": f"enums/{LARGEST}/", "enum with requirements": "enums/RegistrationStatusEnumType/", "requirements": "requirements/"}
LIGHTHOUSE = "12.8.2"  # the last line that runs on Node 20 (13.x needs Node 22.19)
LIGHTHOUSE_DIR = ROOT / "node_modules" / ".lighthouse"  # its own package.json: ~185 MB that `make test` never needs
LIGHTHOUSE_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
LIGHTHOUSE_RUNS = {"mobile": 3, "desktop": 1}  # simulated slow 4G + 4x CPU varies by ~10 points run to run
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
BUDGET = {"macros": 1.15, "macros_instructions": 1.10, "scaling": 11.0, "serve_s": 1.0, "index_kb": 450, "search_ms": 150, "exact_ms": 50, "lighthouse": 95}
REPORT = ROOT / "BENCHMARKS.md"
# Builds run with Python's bytecode cache on, as on a default install. With PYTHONDONTWRITEBYTECODE
# set (as some container images do) every build compiles macros/ from source again, about 10 ms.
BENCH_ENV = {key: value for key, value in BUILD_ENV.items() if key != "PYTHONDONTWRITEBYTECODE"}

ROWS: list[tuple[str, str, str, str]] = []  # (figure, measured, budget, PASS/FAIL or "")
AUDITS: dict[tuple[str, str], dict] = {}  # (category, audit id) -> {"runs": {page and form: [value]}, "weight", "where"}


def row(figure: str, measured: str, budget: str = "", ok: bool | None = None) -> None:
    """Add one line to the report table and show it at once."""
    ROWS.append((figure, measured, budget, "" if ok is None else ("PASS" if ok else "FAIL")))
    print(f"{figure:62} {measured:>22} {budget:>12} {ROWS[-1][3]}", flush=True)


def median_of(measure, runs: int = RUNS) -> tuple[float, int]:
    """Median of `measure()` over up to `runs` calls, fewer when one call is slow; also the count."""
    times = [measure()]
    times += [measure() for _ in range(max(1, min(runs, round(FIGURE_SECONDS / times[0]))) - 1)]
    return statistics.median(times), len(times)


# ---------------------------------------------------------------------------
# Builds: the real site, the same pages as plain Markdown, synthetic data
# ---------------------------------------------------------------------------


def build(config: Path, site: Path, data: Path = REAL_DATA, site_url: str | None = None) -> float:
    """Seconds of one `mkdocs build --strict` (wall clock); stops the bench with MkDocs' output if it fails."""
    return timed_build(config, site, data, site_url)[0]


def timed_build(config: Path, site: Path, data: Path = REAL_DATA, site_url: str | None = None) -> tuple[float, float]:
    """(wall clock, CPU seconds: user + system) of one `mkdocs build --strict` in a subprocess."""
    env = {**BENCH_ENV, "OCPP_DATA": str(data), **({"SITE_URL": site_url} if site_url else {})}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(site)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        sys.exit(f"build of {config.name} with {data} failed:\n{done.stderr[-3000:]}")
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def instructions(config: Path, site: Path) -> int | None:
    """Instructions one build executes, counted by valgrind's callgrind (unmoved by other load); None without valgrind."""
    if not shutil.which("valgrind"):
        return None
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(site)]
    env = {**BENCH_ENV, "OCPP_DATA": str(REAL_DATA), "PYTHONHASHSEED": "0"}  # the same set and dict order every run
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    counted = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode or not counted:
        sys.exit(f"callgrind build of {config.name} failed:\n{done.stderr[-3000:]}")
    return int(counted.group(1))


class _Capture(BasePlugin):
    """Keeps each page's Markdown as the macros leave it, its front matter, and the navigation."""

    def __init__(self):
        self.pages: dict[str, tuple[dict, str]] = {}
        self.nav: list = []

    def on_nav(self, nav, config, files):
        self.nav = [_nav_entry(item) for item in nav.items]

    def on_page_markdown(self, markdown, page, config, files):
        self.pages[page.file.src_uri] = (page.meta, markdown)


def _nav_entry(item):
    """A navigation item as `nav:` in mkdocs.yml writes it."""
    if item.is_section:
        return {item.title: [_nav_entry(child) for child in item.children]}
    return item.file.src_uri if item.is_page else {item.title: item.url}


def plain_twin(work: Path) -> Path:
    """The real pages as plain Markdown (the macros run once, here) and a config without macros or hook."""
    os.environ["OCPP_DATA"] = str(REAL_DATA)
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(work / "captured"))
    capture = config.plugins["bench-capture"] = _Capture()  # registered last: runs after the macros
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    finally:
        config.plugins.on_shutdown()
    docs = work / "plain-docs"
    shutil.copytree(ROOT / "docs", docs, ignore=shutil.ignore_patterns("*.md"))
    for src, (meta, markdown) in capture.pages.items():
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        (docs / src).write_text((f"---\n{yaml.safe_dump(meta, sort_keys=False)}---\n\n" if meta else "") + markdown, encoding="utf-8")
    for path, content in exports.files(config[CATALOG_KEY]).items():  # the hook's generated downloads, now static
        (docs / path).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as file:
        plain = yaml_load(file)
    for key in ("hooks", "watch"):
        plain.pop(key, None)
    plain["plugins"] = [p for p in plain["plugins"] if "macros" not in (p if isinstance(p, str) else list(p))]
    plain["docs_dir"], plain["nav"] = str(docs), capture.nav  # the nav as the hook's on_nav left it
    plain["copyright"] = str(config["copyright"])  # the footer the hook wrote from data/source.yaml
    plain["theme"]["custom_dir"] = str(ROOT / plain["theme"]["custom_dir"])
    (work / "plain.yml").write_text(yaml.safe_dump(plain, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return work / "plain.yml"


def scaled_data(factor: int, target: Path) -> Path:
    """The real data plus `factor - 1` renamed copies of each enum ("MeasurandX7EnumType"); usages stay valid."""
    shutil.copytree(REAL_DATA, target)
    for path in sorted((REAL_DATA / "enums").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for copy in range(1, factor):
            name = path.stem.removesuffix("EnumType") + f"X{copy}EnumType"
            (target / "enums" / f"{name}.yaml").write_text(re.sub(rf"^name: {path.stem}$", f"name: {name}", text, count=1, flags=re.M), encoding="utf-8")
    return target


def bench_builds(work: Path, site: Path, site_url: str) -> None:
    """Figures 1-3: the real build and its plain twin (interleaved, so load drift hits both), then scaling."""
    plain, real_runs, plain_runs = plain_twin(work), [], []
    timed_build(ROOT / "mkdocs.yml", site, site_url=site_url)  # untimed: disk and bytecode caches warm, as for the rest
    timed_build(plain, work / "plain-site")
    for _ in range(PAIR_RUNS):
        real_runs.append(timed_build(ROOT / "mkdocs.yml", site, site_url=site_url))
        plain_runs.append(timed_build(plain, work / "plain-site"))
    (real, real_cpu), (flat, flat_cpu) = ([statistics.median(column) for column in zip(*runs)] for runs in (real_runs, plain_runs))
    row(f"1. Full strict build, real data ({PAIR_RUNS} builds)", f"{real:.2f} s")
    row(f"2. Same pages as plain Markdown, no macros/hook ({PAIR_RUNS} builds)", f"{flat:.2f} s")
    row("   ratio (1)/(2): cost of macros + hook", f"{real / flat:.3f}", f"<= {BUDGET['macros']}", real / flat <= BUDGET["macros"])
    row("   the same in CPU time (user + system), less moved by other load", f"{real_cpu / flat_cpu:.3f}")
    counted = [instructions(ROOT / "mkdocs.yml", work / "site-counted"), instructions(plain, work / "plain-counted")]
    if None in counted:
        row("   the same in instructions (valgrind callgrind)", "not measured: no valgrind")
    else:
        ratio = counted[0] / counted[1]
        row(
            "   the same in instructions executed (callgrind; not moved by other load)",
            f"{ratio:.3f} ({counted[0] / 1e9:.2f} / {counted[1] / 1e9:.2f} G)",
            f"<= {BUDGET['macros_instructions']}",
            ratio <= BUDGET["macros_instructions"],
        )
    count = len(list((REAL_DATA / "enums").glob("*.yaml")))
    times = {1: real}
    row(f"3. Scaling x1 ({count} enums; figure 1)", f"{real:.2f} s, {1000 * real / count:.0f} ms/enum")
    for factor in SCALES[1:]:
        data = scaled_data(factor, work / f"data-x{factor}")
        times[factor], runs = median_of(lambda: build(ROOT / "mkdocs.yml", work / f"site-x{factor}", data))
        shutil.rmtree(work / f"site-x{factor}")  # gigabytes at x30
        row(f"   x{factor} ({count * factor} enums; {runs} build{'s' * (runs > 1)})", f"{times[factor]:.1f} s, {1000 * times[factor] / (count * factor):.0f} ms/enum")
    row("   ratio x10/x1", f"{times[10] / times[1]:.1f}", f"<= {BUDGET['scaling']:.0f}", times[10] / times[1] <= BUDGET["scaling"])
    row("   ratio x30/x1 (linear: 30)", f"{times[30] / times[1]:.1f}")


# ---------------------------------------------------------------------------
# Rebuild under `mkdocs serve`
# ---------------------------------------------------------------------------


def wait_for(url: str, text: str, server: subprocess.Popen, timeout: float = 300) -> None:
    """Poll `url` every 20 ms until its body contains `text`; give up if the server has stopped."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=120) as response:
            if text in response.read().decode("utf-8"):
                return
        time.sleep(0.02)
    raise TimeoutError(f"{url} never showed {text!r} (see serve.log)")


def bench_serve(work: Path) -> None:
    """Figure 4: from writing a value description to the served page showing it, in a copy of the
    project: edits to the YAML alone (the rebuild takes the unchanged pages over), then the same
    edits with a build-code file touched too (nothing is taken over: a full rebuild)."""
    repo = work / "serve-repo"
    for part in ("docs", "macros", "overrides"):
        shutil.copytree(ROOT / part, repo / part, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", repo)
    shutil.copytree(REAL_DATA, repo / "data")  # edits stay in the copy; nobody else's edits reach it
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    source, url = repo / "data" / "enums" / f"{LARGEST}.yaml", f"http://127.0.0.1:{port}/{PAGES['largest enum']}"
    code = repo / "macros" / "pages" / "links.py"
    times: dict[str, list[float]] = {"partial": [], "full": []}
    env = {key: value for key, value in BENCH_ENV.items() if key != "OCPP_DATA"}
    with open(work / "serve.log", "w") as log:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=repo, env=env, stdout=log, stderr=log)
        try:
            wait_for(url, LARGEST, server)
            time.sleep(1)
            for run, kind in enumerate(["partial"] * RUNS + ["full"] * RUNS):
                data = yaml.safe_load(source.read_text(encoding="utf-8"))
                data["values"][0]["description"] = marker = f"Edited by the benchmark, run {run}."
                if kind == "full":
                    os.utime(code)  # a build-code file changed: MkDocs reloads the code, the hook takes nothing over
                source.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
                start = time.perf_counter()
                wait_for(url, marker, server)
                times[kind].append(time.perf_counter() - start)
                time.sleep(1)  # let the watcher settle before the next edit
        finally:
            server.terminate()
            server.wait(timeout=30)
    partial, full = (statistics.median(times[kind]) for kind in ("partial", "full"))
    row(f"4. mkdocs serve: YAML edit -> page shows it ({RUNS} edits)", f"{partial:.2f} s", f"<= {BUDGET['serve_s']} s", partial <= BUDGET["serve_s"])
    row(f"   the same with a build-code file touched: full rebuild ({RUNS} edits)", f"{full:.2f} s")


# ---------------------------------------------------------------------------
# Output size
# ---------------------------------------------------------------------------


def bench_sizes(site: Path) -> None:
    """Figure 5: the search index, the largest page, the whole site with and without Material's assets."""
    index = (site / "search" / "search_index.json").stat().st_size / 1024
    row("5. search/search_index.json", f"{index:.0f} KB", f"<= {BUDGET['index_kb']} KB", index <= BUDGET["index_kb"])
    largest = max(site.rglob("*.html"), key=lambda path: path.stat().st_size)
    row(f"   largest page ({largest.parent.relative_to(site).as_posix()}/)", f"{largest.stat().st_size / 1024:.0f} KB")
    total, assets = (sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) for folder in (site, site / "assets"))
    row("   site, total", f"{total / 2**20:.1f} MB")
    row("   site without Material's assets/", f"{(total - assets) / 2**20:.1f} MB")


# ---------------------------------------------------------------------------
# Search and page load in the browser
# ---------------------------------------------------------------------------

SEARCH = "input.md-search__input"
# Timestamps in the page (performance.now()): the first and the last keydown, the first result
# item in the DOM, and the exact-name group (docs/javascripts/exact-search.js).
WATCH_SEARCH = """() => {
  window.benchSearch = {start: null, last: null, shown: null, exact: null};
  document.addEventListener('keydown', () => {
    const b = window.benchSearch;
    if (b.start === null) b.start = performance.now();
    b.last = performance.now();
  }, true);
  new MutationObserver(() => {
    const b = window.benchSearch;
    if (b.start !== null && b.shown === null && document.querySelector('.md-search-result__item')) b.shown = performance.now();
    if (b.last !== null && b.exact === null && document.querySelector('.md-search-result__list > .ocpp-exact')) b.exact = performance.now();
  }).observe(document.querySelector('.md-search-result__list'), {childList: true, subtree: true});
}"""
PASTE = """value => {
  const input = document.querySelector('input.md-search__input');
  input.value = value;
  window.benchSearch = {start: performance.now(), last: performance.now(), shown: null, exact: null};
  input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}));
}"""
LOAD_TIMES = """() => [performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
                  performance.getEntriesByType('navigation')[0].loadEventEnd]"""
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv")


class _GzipHandler(_QuietHandler):
    """Serves text gzip-compressed when the client accepts it, as static hosts (e.g. GitHub Pages) do."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        path = path / "index.html" if path.is_dir() else path
        wanted = self.path.split("?")[0].endswith(("/", path.suffix))  # "enums" (no slash): the parent redirects
        if not wanted or path.suffix not in COMPRESSED or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        for name, value in (("Content-Type", self.guess_type(str(path))), ("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))):
            self.send_header(name, value)
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def static_server(site: Path):
    """The built site on 127.0.0.1 (a free port), served from a thread of this process."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def search_names() -> list[str]:
    """SEARCHES value names spread evenly over the sorted names of all values."""
    names = sorted({value.name for enum in assemble.load_catalog(REAL_DATA).enums.values() for value in enum.values})
    return names[:: max(1, len(names) // SEARCHES)][:SEARCHES]


def time_search(page, name: str, typed: bool) -> tuple[float, float]:
    """Milliseconds from the first keystroke (or one paste of the whole name) to the first result
    item, and from the last keystroke to the exact-name group on top."""
    page.click(SEARCH)
    page.fill(SEARCH, "")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length === 0")
    if typed:
        page.evaluate("() => { window.benchSearch = {start: null, last: null, shown: null, exact: null}; }")
        page.locator(SEARCH).press_sequentially(name)
    else:
        page.evaluate(PASTE, name)
    page.wait_for_function("() => window.benchSearch.shown !== null && window.benchSearch.exact !== null", timeout=10_000)
    return page.evaluate("() => [window.benchSearch.shown - window.benchSearch.start, window.benchSearch.exact - window.benchSearch.last]")


def bench_browser(base_url: str) -> None:
    """Figure 6: search latency over SEARCHES value names, and first (cold-cache) page loads."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(base_url)
        page.evaluate(WATCH_SEARCH)
        time_search(page, "Accepted", typed=True)  # warm-up: the worker builds its index on the first query
        names = search_names()
        typed_runs = [time_search(page, name, typed=True) for name in names]
        pasted_runs = [time_search(page, name, typed=False) for name in names]
        typed, exact = (statistics.median(column) for column in zip(*typed_runs))
        pasted, pasted_exact = (statistics.median(column) for column in zip(*pasted_runs))
        row(f"6. Search: first key -> first result (typed, {len(names)} values)", f"{typed:.0f} ms", f"<= {BUDGET['search_ms']} ms", typed <= BUDGET["search_ms"])
        row("   Search: last key -> exact-name group on top (typed)", f"{exact:.0f} ms", f"<= {BUDGET['exact_ms']} ms", exact <= BUDGET["exact_ms"])
        row("   Search: whole name at once -> first result / exact group", f"{pasted:.0f} / {pasted_exact:.0f} ms")
        for label in ("home", "largest enum"):
            loads = []
            for _ in range(LOADS):
                context = browser.new_context()  # empty cache: a first visit
                fresh = context.new_page()
                fresh.goto(base_url + PAGES[label], wait_until="load")
                fresh.wait_for_function("() => performance.getEntriesByType('navigation')[0].loadEventEnd > 0")
                loads.append(fresh.evaluate(LOAD_TIMES))
                context.close()
            paint, load = (statistics.median(times) for times in zip(*loads))
            row(f"   First load, {label}: first contentful paint / load event", f"{paint:.0f} / {load:.0f} ms")
        browser.close()


# ---------------------------------------------------------------------------
# Lighthouse
# ---------------------------------------------------------------------------


def lighthouse_cli() -> Path:
    """The pinned Lighthouse, installed on first use into its own folder under node_modules/."""
    package = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "package.json"
    if not package.exists() or json.loads(package.read_text())["version"] != LIGHTHOUSE:
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        (LIGHTHOUSE_DIR / "package.json").write_text(json.dumps({"private": True, "dependencies": {"lighthouse": LIGHTHOUSE}}))
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent"], cwd=LIGHTHOUSE_DIR, check=True)
    return package.parent / "cli" / "index.js"


def lighthouse(cli: Path, url: str, form: str, out: Path) -> dict:
    """One Lighthouse report (JSON) of `url`, mobile or desktop, from Debian's Chromium."""
    command = ["node", str(cli), url, "--quiet", "--output=json", f"--output-path={out}", f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={LIGHTHOUSE_FLAGS}"]
    subprocess.run(command + (["--preset=desktop"] if form == "desktop" else []), env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, capture_output=True, timeout=300)
    return json.loads(out.read_text(encoding="utf-8"))


def note_failing_audits(report: dict, category: str, run: str) -> None:
    """Record the audits that cost `category` points: weighted ones under full marks, others saving >= 100 ms."""
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        details = audit.get("details") or {}
        if audit["score"] is None or audit["score"] >= 1 or not (ref["weight"] or details.get("overallSavingsMs", 0) >= 100):
            continue
        where = []
        for item in details.get("items", [])[:4]:
            if "node" in item:  # an element: its selector and axe's reason
                reason = [part.strip() for part in item["node"].get("explanation", "").replace("Fix any of the following:", "").split("\n")]
                where.append(f"`{item['node'].get('selector')}` ({' / '.join(filter(None, reason))[:240]})")
            elif "url" in item:
                where.append(urllib.parse.urlsplit(item["url"]).path + (f" {item['wastedMs']:.0f} ms" if item.get("wastedMs") else ""))
        seen = AUDITS.setdefault((category, ref["id"]), {"runs": {}, "weight": ref["weight"], "where": "; ".join(where)})
        seen["runs"].setdefault(run, []).append(audit.get("displayValue") or f"score {audit['score']:.2f}")


def bench_lighthouse(base_url: str, work: Path) -> None:
    """Figure 7: Lighthouse scores of the three pages, mobile (median of runs) and desktop."""
    cli = lighthouse_cli()
    for label, path in PAGES.items():
        for form, runs in LIGHTHOUSE_RUNS.items():
            reports = [lighthouse(cli, base_url + path, form, work / "lighthouse.json") for _ in range(runs)]
            scores = {name: statistics.median(round(100 * (r["categories"][name]["score"] or 0)) for r in reports) for name in CATEGORIES}
            runs_text = f", median of {runs}" if runs > 1 else ""
            row(f"7. Lighthouse {label} ({form}{runs_text}): perf/a11y/best/SEO", "/".join(f"{scores[name]:.0f}" for name in CATEGORIES), f">= {BUDGET['lighthouse']} each", min(scores.values()) >= BUDGET["lighthouse"])
            for name in (name for name in CATEGORIES if scores[name] < BUDGET["lighthouse"]):
                for report in reports:
                    note_failing_audits(report, name, f"{label} {form}")


# ---------------------------------------------------------------------------
# Profile: where one build of the real site spends its time
# ---------------------------------------------------------------------------

SPOTS = [  # (file suffix, function, what it is); cumulative time, so "of which" lines are inside the line above
    ("macros/hooks.py", "on_config", "hook on_config: load + validate the YAML"),
    ("macros/catalog/yamlread.py", "read_yaml", "  of which: parse the YAML"),
    ("macros/catalog/assemble.py", "validate_enum", "  of which: JSON Schema validation"),
    ("macros/hooks.py", "on_files", "hook on_files: enum pages and downloads"),
    ("macros/pages/enum_page.py", "enum_page", "  of which: enum pages' Markdown (macros/pages/enum_page.py)"),
    ("macros/pages/exports.py", "files", "  of which: downloads (JSON, CSV, objects.inv)"),
    ("mkdocs_macros/plugin.py", "on_page_markdown", "mkdocs-macros: the docs/ pages through Jinja"),
    ("macros/pages/links.py", "safe_html", "descriptions to HTML (Markdown + nh3), all pages"),
    ("mkdocs/structure/pages.py", "render", "Markdown -> HTML (Python-Markdown, pymdownx)"),
    ("pymdownx/highlight.py", "highlight", "  of which: code tabs highlighted (Pygments)"),
    ("mkdocs/commands/build.py", "_build_page", "theme: each page through Material's templates"),
    ("material/templates/partials/nav.html", "root", "  of which: the navigation sidebar"),
    ("material/plugins/search/plugin.py", "on_page_context", "  of which: search entries (html.parser)"),
    ("material/plugins/search/plugin.py", "on_post_build", "search index written"),
]


def bench_profile(work: Path) -> list[tuple[str, float]]:
    """cProfile one in-process build of the real site: the total, then seconds per SPOTS line."""
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(work / "profiled"))
    config.plugins.on_startup(command="build", dirty=False)
    links.safe_html.cache_clear()  # filled by plain_twin's build in this process; a CLI build starts empty
    profiler = cProfile.Profile()
    profiler.runcall(mkdocs_build, config)
    config.plugins.on_shutdown()
    stats = pstats.Stats(profiler)
    found = [(what, sum(v[3] for (file, _, func), v in stats.stats.items() if file.endswith(suffix) and func == name)) for suffix, name, what in SPOTS]
    return [("whole build (under cProfile, about 2x slower)", stats.total_tt), *found]


# ---------------------------------------------------------------------------
# Machine and report
# ---------------------------------------------------------------------------


def machine() -> str:
    """CPU, cores, Python and the versions that matter, on one line."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    versions = ", ".join(f"{name} {importlib.metadata.version(name)}" for name in ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin"))
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()}; Python {platform.python_version()}; {versions}; {chromium}; Node {node}, Lighthouse {LIGHTHOUSE}"


def report(started: datetime.datetime, host: str, loads: tuple[float, float], profile: list[tuple[str, float]]) -> str:
    """BENCHMARKS.md: how it was measured, the table, the profile, the audits that cost points."""
    data = REAL_DATA.relative_to(ROOT) if REAL_DATA.is_relative_to(ROOT) else REAL_DATA.name
    lines = [
        "# Benchmarks",
        "",
        f"Measured {started:%Y-%m-%d %H:%M} UTC with `make bench` (`python -m tests.benchmark`) on the data in `{data}/`.",
        f"Machine: {host}. Load average (1 min) at start / end: {loads[0]:.2f} / {loads[1]:.2f};",
        "the machine is shared, and other work on it slows every figure.",
        "",
        f"- Builds: wall clock of `python -m mkdocs build --strict` in a subprocess, median of {RUNS} ({PAIR_RUNS} for figures 1 and 2; a build over {FIGURE_SECONDS // RUNS} s is repeated fewer times), with Python's bytecode cache on.",
        "  The plain twin is the same pages' Markdown, written out after the macros ran, built with the same theme, extensions and search but no macros plugin and no hook.",
        "- Instructions: one build each under valgrind's callgrind (Python's own work; the git commands mkdocs-macros starts are not followed).",
        "- Serve: from writing the YAML file to the page served by `mkdocs serve` showing the edit, polled every 20 ms; the hook has MkDocs look for changes every 0.1 s (its default: 0.5 s).",
        "- Browser figures and Lighthouse use the built site served from 127.0.0.1 with gzip, as static hosts serve it.",
        "  Search: `performance.now()` in the page, from the first keydown (typed) or the one keyup (whole name at once) to the first `.md-search-result__item` in the DOM.",
        "",
        "| Figure | Measured | Budget | Result |",
        "| --- | --- | --- | --- |",
        *(f"| {figure.strip()} | {measured} | {budget} | {result} |" for figure, measured, budget, result in ROWS),
        "",
        "## Where one build's time goes (cProfile, cumulative)",
        "",
        "| Part | Seconds | Share |",
        "| --- | --- | --- |",
        *(f"| {what.replace('  of which', '&nbsp;&nbsp;of which')} | {seconds:.2f} | {100 * seconds / profile[0][1]:.0f} % |" for what, seconds in profile),
    ]
    if AUDITS:
        lines += ["", "## Lighthouse audits that cost points (categories under budget only)", ""]
        for (category, audit), seen in AUDITS.items():
            runs = ", ".join(f"{run} ({' / '.join(dict.fromkeys(values))})" for run, values in seen["runs"].items())
            lines.append(f"- {category} `{audit}` (weight {seen['weight']}): {runs}" + (f". Where: {seen['where']}" if seen["where"] else ""))
    return "\n".join(lines) + "\n"


def main() -> None:
    started, load = datetime.datetime.now(datetime.timezone.utc), os.getloadavg()[0]
    host = machine()
    print(host, flush=True)
    with tempfile.TemporaryDirectory(prefix="ocpp-bench-") as tmp:
        work = Path(tmp)
        with static_server(work / "site") as base_url:
            bench_builds(work, work / "site", base_url)  # the real site is built for this server's address
            bench_serve(work)
            bench_sizes(work / "site")
            bench_browser(base_url)
            bench_lighthouse(base_url, work)
        profile = bench_profile(work)
    for what, seconds in profile:
        print(f"{what:62} {seconds:8.2f} s")
    REPORT.write_text(report(started, host, (load, os.getloadavg()[0]), profile), encoding="utf-8")
    print(f"written to {REPORT.name}")


if __name__ == "__main__":
    main()
