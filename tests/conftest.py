"""Shared fixtures: the real data, a built site, a local web server and headless Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import yaml_load

from macros.catalog import assemble, model

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The sitemap's <lastmod> and sitemap.xml.gz's gzip header take the build day, or this fixed time
# when set (the reproducible-builds convention): builds either side of midnight compare too.
SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}


def mkdocs_build(site_dir: Path, data_dir: Path | None = None, config: Path = ROOT / "mkdocs.yml") -> subprocess.CompletedProcess:
    """Run `mkdocs build --strict` as a user would; `data_dir` replaces data/ via $OCPP_DATA."""
    env = dict(BUILD_ENV)
    env.pop("OCPP_DATA", None)
    if data_dir is not None:
        env["OCPP_DATA"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config), "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def copy_data(target: Path) -> Path:
    """A private copy of data/ to modify in a test."""
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def catalog() -> model.Catalog:
    return assemble.load_catalog(DATA)


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per session."""
    site_dir = tmp_path_factory.mktemp("built") / "site"
    result = mkdocs_build(site_dir)
    assert result.returncode == 0, result.stderr[-4000:]
    return site_dir


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    """A static server that does not print a traceback when the browser drops a request it no longer needs."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def base_url(site) -> str:
    """The built site served on 127.0.0.1 (a free port)."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright; fails (never skips) when Chromium is missing."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (make chromium)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, base_url):
    """A fresh page that records every request leaving 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})  # wide enough for both sidebars
    page = context.new_page()
    page.foreign_requests = []
    page.on(
        "request",
        lambda request: None
        if request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))
        else page.foreign_requests.append(request.url),
    )
    yield page
    context.close()


def site_copy(folder: Path, redirects: dict[str, str] | None = None, pages: dict[str, str] | None = None) -> Path:
    """mkdocs.yml and docs/ copied into `folder` (macros, overrides, data linked); returns the config to build."""
    folder.mkdir(parents=True)
    for name in ("macros", "overrides", "data"):
        (folder / name).symlink_to(ROOT / name, target_is_directory=True)
    shutil.copytree(ROOT / "docs", folder / "docs")
    for name, text in (pages or {}).items():
        (folder / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / name).write_text(text, encoding="utf-8")
    with (ROOT / "mkdocs.yml").open("rb") as file:
        config = yaml_load(file)  # resolves !ENV, so the copy is plain YAML
    if redirects is not None:
        config["plugins"] = [
            {"redirects": {"redirect_maps": redirects}} if isinstance(p, dict) and "redirects" in p else p for p in config["plugins"]
        ]
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return folder / "mkdocs.yml"
