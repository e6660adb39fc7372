"""`mkdocs serve` (what `make serve` runs): it serves the site and shows an edit to the data."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from pathlib import Path

from conftest import BUILD_ENV, ROOT, copy_data


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, text: str, seconds: float = 90) -> str:
    """Poll a served page until it contains `text`; returns the page."""
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            last = fetch(url)
            if text in last:
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {text!r}")


def serve(project: Path, port: int, data: Path | None = None) -> subprocess.Popen:
    """Start `mkdocs serve` for a project folder on 127.0.0.1:port."""
    env = {key: value for key, value in BUILD_ENV.items() if key != "OCPP_DATA"}
    if data is not None:
        env["OCPP_DATA"] = str(data)
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def test_serve_shows_an_edit_to_the_yaml_without_restart(tmp_path):
    data = copy_data(tmp_path / "data")
    port = free_port()
    server = serve(ROOT, port, data)
    try:
        url = f"http://127.0.0.1:{port}/enums/ConnectorStatusEnumType/"
        wait_for(url, "Occupied")
        target = data / "enums" / "ConnectorStatusEnumType.yaml"
        edited = target.read_text().replace(
            "- value: Occupied\n  since: 2.0.1\n  description: ",
            "- value: Occupied\n  since: 2.0.1\n  description: A vehicle is plugged in, edited live. ",
        )
        assert edited != target.read_text()
        target.write_text(edited)
        page = wait_for(url, "A vehicle is plugged in, edited live.")
        # The code tabs too: a rebuild reuses their HTML only while the enum's code is unchanged.
        assert "// A vehicle is plugged in, edited live." in page
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_shows_an_edit_to_the_build_code_and_the_macros_without_restart(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project)
    for name in ("docs", "data", "macros", "overrides"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    port = free_port()
    server = serve(project, port)
    try:
        url = f"http://127.0.0.1:{port}/enums/ConnectorStatusEnumType/"
        wait_for(url, "Wire value")
        render = project / "macros" / "pages" / "enum_page.py"
        render.write_text(render.read_text().replace("Wire value", "On the wire"))
        wait_for(url, "On the wire")
        main = project / "macros" / "main.py"  # the module mkdocs-macros took the macros from
        edited = main.read_text().replace("return len(catalog_of(env.conf).enums)", "return 4242")
        assert edited != main.read_text()
        main.write_text(edited)
        wait_for(f"http://127.0.0.1:{port}/", "4242 enumeration types")
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_looks_for_changes_every_tenth_of_a_second(tmp_path):
    """MkDocs polls the watched folders every 0.5 s; the hook makes it 0.1 s, for the folders
    watched before its on_serve (docs/, mkdocs.yml) and after it (data/, macros/)."""
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    from macros import hooks

    config = load_config(str(ROOT / "mkdocs.yml"))
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path))
    try:
        server.watch(str(ROOT / "docs"))
        hooks.on_serve(server, config, builder=None)
        server.watch(str(ROOT / "macros"))
        assert [emitter.timeout for emitter in server.observer.emitters] == [hooks.POLL_SECONDS] * 2
        assert server.observer.timeout == hooks.POLL_SECONDS == 0.1
    finally:
        server.server_close()
