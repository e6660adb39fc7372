"""Reproducible builds, and the data read once per build."""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import random
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import BUILD_ENV, DATA, ROOT, SOURCE_DATE_EPOCH, mkdocs_build
from mkdocs.commands.build import build
from mkdocs.config import load_config

from macros.catalog import assemble, yamlread



def digests(site: Path) -> dict[str, str]:
    """SHA-256 of every file of a built site, by path."""
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(site.rglob("*")) if path.is_file()}


def test_two_builds_of_the_same_data_are_byte_identical(site, tmp_path):
    second = tmp_path / "two" / "site"  # another folder than the session's build: no absolute path may leak in
    result = mkdocs_build(second)
    assert result.returncode == 0, result.stderr[-4000:]
    one, two = digests(site), digests(second)
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


class ServeRebuilds:
    """Rebuilds in this process as `mkdocs serve` makes them (parsed files, code HTML and pages taken
    over from the last good build), on a private copy of the data."""

    def __init__(self, tmp_path: Path, monkeypatch, caplog):
        import macros

        self.tmp_path, self.caplog, self.count = tmp_path, caplog, 0
        self.data = tmp_path / "data"
        shutil.copytree(DATA, self.data)
        monkeypatch.setenv("OCPP_DATA", str(self.data))
        monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)  # as the fresh builds have it (conftest.BUILD_ENV)
        monkeypatch.setattr(macros, "serving", True, raising=False)  # what `mkdocs serve` sets (macros/hooks.py on_startup)
        for kept in ("parsed_yaml", "reuse_store", "code_files", "theme_files", "compiled_templates"):
            monkeypatch.delattr(macros, kept, raising=False)  # put back afterwards
        # A serve rebuild also reloads the build code when it changed; here the other tests keep the classes they imported.
        monkeypatch.setattr(importlib, "reload", lambda module: module)
        monkeypatch.setattr(yamlread, "_parsed_now", None)  # restored afterwards: later loads in this process parse afresh
        monkeypatch.setattr(yamlread, "_parsed_before", {})
        caplog.set_level(logging.INFO, logger="mkdocs.hooks.ocpp")

    def rebuild(self) -> tuple[Path, dict[str, int]]:
        """One rebuild into a new folder; returns it and how many pages were taken over."""
        self.count += 1
        site = self.tmp_path / f"serve{self.count}"
        self.caplog.clear()
        config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=False)
        build(config)
        said = [r.args for r in self.caplog.records if r.name == "mkdocs.hooks.ocpp" and r.msg.startswith("Pages taken over")]
        assert len(said) == 1, "a serve rebuild says what it took over"
        return site, said[0]

    def fresh(self) -> Path:
        """A plain `mkdocs build` of the same data, in a new process."""
        site = self.tmp_path / f"fresh{self.count}"
        result = mkdocs_build(site, self.data)
        assert result.returncode == 0, result.stderr[-4000:]
        return site


def differing(one: Path, two: Path) -> list[str]:
    a, b = digests(one), digests(two)
    return sorted(path for path in a.keys() | b.keys() if a.get(path) != b.get(path))


def test_serve_rebuilds_take_over_only_what_did_not_change(tmp_path, monkeypatch, caplog):
    """One `mkdocs serve` session: nothing changed, then one edit, then a rebuild that fails, then a
    change to the build code. Each rebuild equals a fresh build, or takes over what it should."""
    from macros import reuse
    from macros.pages import enum_page

    serve = ServeRebuilds(tmp_path, monkeypatch, caplog)
    first, _ = serve.rebuild()
    second, taken = serve.rebuild()
    assert differing(first, second) == []
    pages = len(list(second.rglob("index.html")))
    assert taken["written"] == taken["indexed"] == taken["rendered"] == pages  # nothing changed: every page taken over
    target = serve.data / "enums" / "ChargingStateEnumType.yaml"
    target.write_text(target.read_text().replace("An EV is connected to the EVSE", "A vehicle is connected to the EVSE"))
    edited, taken = serve.rebuild()
    assert 0 < taken["written"] < pages
    assert differing(edited, serve.fresh()) == []
    assert "// A vehicle is connected to the EVSE" in (edited / "enums" / "ChargingStateEnumType" / "index.html").read_text()
    # A rebuild that fails after it began leaves the last good build's pages to take over.
    with monkeypatch.context() as broken:
        broken.setattr(enum_page, "enum_page", lambda *args: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            serve.rebuild()
    _, taken = serve.rebuild()
    assert taken["written"] == pages
    # A change to the build code takes nothing over.
    code_files = reuse.code_files
    monkeypatch.setattr(reuse, "code_files", lambda folder: [*code_files(folder), ("edited.py", 1, 1)])
    _, taken = serve.rebuild()
    assert taken == {"written": 0, "indexed": 0, "rendered": 0}


def random_edit(data: Path, rng: random.Random) -> str:
    """Change one explanation of a random enumeration or code list, or an enumeration's own text,
    sometimes naming a value of another enumeration in backticks (the pages link such names)."""
    path = rng.choice(sorted([*(data / "enums").glob("*.yaml"), *(data / "codelists").glob("*.yaml")]))
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    other = yaml.safe_load(rng.choice(sorted((data / "enums").glob("*.yaml"))).read_text(encoding="utf-8"))
    words = rng.choice(["Edited at random.", f"Compare `{other['name']}.{rng.choice(other['values'])['value']}`.", "A <b>tag</b> & {{ braces }} stay text."])
    if path.parent.name == "enums" and rng.random() < 0.2:
        document["description"] = f"{document['description']} {words}"
        where = "the enumeration's description"
    else:
        value = rng.choice(document["values"])
        value["description"] = f"{value['description']} {words}"
        where = value["value"]
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    return f"{path.parent.name}/{path.name} {where}: {words}"


def test_serve_rebuilds_after_random_edits_equal_a_fresh_build(tmp_path, monkeypatch, caplog):
    seed = int(os.environ.get("OCPP_EDIT_SEED") or random.SystemRandom().randrange(10**6))
    rng = random.Random(seed)
    serve = ServeRebuilds(tmp_path, monkeypatch, caplog)
    serve.rebuild()
    for round_ in range(2):
        edits = [random_edit(serve.data, rng) for _ in range(rng.randint(1, 3))]
        site, taken = serve.rebuild()
        assert taken["written"] > 0, f"seed {seed}: nothing taken over"
        assert differing(site, serve.fresh()) == [], f"seed {seed} (OCPP_EDIT_SEED={seed} repeats it), round {round_}: {edits}"
