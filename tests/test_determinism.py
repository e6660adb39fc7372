"""Reproducible builds, and the data read once per build."""

from __future__ import annotations

import hashlib
import importlib
import shutil
from collections import Counter
from pathlib import Path

from conftest import BUILD_ENV, DATA, ROOT, mkdocs_build
from mkdocs.commands.build import build
from mkdocs.config import load_config

from macros.catalog import assemble, yamlread

# The sitemap's <lastmod> and sitemap.xml.gz's gzip header take the build day, or this fixed time
# when set (the reproducible-builds convention), so builds either side of midnight compare too.
SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01


def digests(site: Path) -> dict[str, str]:
    """SHA-256 of every file of a built site, by path."""
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(site.rglob("*")) if path.is_file()}


def test_two_builds_of_the_same_data_are_byte_identical(tmp_path, monkeypatch):
    monkeypatch.setitem(BUILD_ENV, "SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    first, second = tmp_path / "one" / "site", tmp_path / "two" / "site"  # different folders: no absolute path may leak in
    for site in (first, second):
        result = mkdocs_build(site)
        assert result.returncode == 0, result.stderr[-4000:]
    one, two = digests(first), digests(second)
    assert one.keys() == two.keys(), f"files only in one build: {sorted(one.keys() ^ two.keys())}"
    differing = sorted(path for path in one if one[path] != two[path])
    assert not differing, f"{len(differing)} file(s) differ between two builds: {differing[:20]}"
    assert "sitemap.xml.gz" in one  # compared like every other file, gzip header included


def in_process_build(site: Path) -> None:
    """One `mkdocs build --strict` in this process, with a fresh config, as the CLI does it."""
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def test_each_build_loads_the_catalog_once_and_reads_each_file_once(tmp_path, monkeypatch):
    monkeypatch.delenv("OCPP_DATA", raising=False)
    loads, reads = [], []
    load_catalog, read_yaml = assemble.load_catalog, yamlread.read_yaml

    def counting_load(*args, **kwargs):
        loads.append(args)
        return load_catalog(*args, **kwargs)

    def counting_read(path, shown):
        reads.append(Path(path).resolve())
        return read_yaml(path, shown)

    monkeypatch.setattr(assemble, "load_catalog", counting_load)
    monkeypatch.setattr(assemble, "read_yaml", counting_read)
    monkeypatch.setattr(yamlread, "read_yaml", counting_read)
    data_files = sorted([*(DATA / "enums").glob("*.yaml"), *(DATA / "codelists").glob("*.yaml"), DATA / "messages.yaml", DATA / "retired.yaml",
                         DATA / "source.yaml", DATA / "ocpp16.yaml", DATA / "requirements.yaml", DATA / "devicemodel.yaml"])
    for run in (1, 2):  # a second build (as `mkdocs serve` does on an edit) loads afresh, once
        loads.clear(), reads.clear()
        in_process_build(tmp_path / f"site{run}")
        assert len(loads) == 1, f"build {run}: load_catalog ran {len(loads)} times"
        twice = sorted(str(path) for path, count in Counter(reads).items() if count > 1)
        assert not twice, f"build {run}: read more than once: {twice}"
        assert sorted(reads) == data_files, f"build {run}: read {len(reads)} YAML files, the data has {len(data_files)}"


def test_serve_rebuilds_that_reuse_parsed_files_and_code_html_build_the_same_site(tmp_path, monkeypatch):
    import macros

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    monkeypatch.setenv("OCPP_DATA", str(data))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    monkeypatch.setitem(BUILD_ENV, "SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    monkeypatch.setattr(macros, "serving", True, raising=False)  # what `mkdocs serve` sets (macros/hooks.py on_startup)
    monkeypatch.setattr(macros, "parsed_yaml", {}, raising=False)
    # A serve rebuild also reloads the build code; here the other tests keep the classes they imported.
    monkeypatch.setattr(importlib, "reload", lambda module: module)
    monkeypatch.setattr(yamlread, "_parsed_now", None)  # restored afterwards: later loads in this process parse afresh
    monkeypatch.setattr(yamlread, "_parsed_before", {})

    def rebuild(site: Path) -> dict[str, str]:
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=False)
        build(config)
        return digests(site)

    first = rebuild(tmp_path / "first")
    assert rebuild(tmp_path / "second") == first  # everything reused
    target = data / "enums" / "ChargingStateEnumType.yaml"
    target.write_text(target.read_text().replace("An EV is connected to the EVSE", "A vehicle is connected to the EVSE"))
    edited = rebuild(tmp_path / "edited")
    fresh = tmp_path / "fresh"
    assert mkdocs_build(fresh, data).returncode == 0  # a plain build of the edited data, in a new process
    assert edited == digests(fresh)
    assert "// A vehicle is connected to the EVSE" in (fresh / "enums" / "ChargingStateEnumType" / "index.html").read_text()
