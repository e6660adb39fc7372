"""The contributor workflow: edit links open the YAML, CONTRIBUTING.md is accurate, and the
pre-commit hooks (schema check, yamllint) pass on the data and catch bad data."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import DATA, ROOT, copy_data, mkdocs_build

from macros.catalog import assemble, errors

VENV_BIN = Path(sys.executable).parent
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


class _EditLinks(HTMLParser):
    """Collects the href of every "edit this page" link (Material marks it rel="edit")."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and "edit" in (attributes.get("rel") or "").split():
            self.hrefs.append(attributes.get("href") or "")


def edit_links(page: Path) -> list[str]:
    parser = _EditLinks()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.hrefs


@pytest.fixture(scope="module")
def repo_url() -> str:
    """The repo_url the site was built with (mkdocs.yml, or $REPO_URL as in the deploy workflow)."""
    from mkdocs.config import load_config

    return load_config(str(ROOT / "mkdocs.yml")).repo_url.rstrip("/")


# ---------------------------------------------------------------------------
# "Edit this page"
# ---------------------------------------------------------------------------


def test_every_enum_page_edit_link_opens_its_yaml_file(site, catalog, repo_url):
    for name in catalog.enums:
        links = edit_links(site / "enums" / name / "index.html")
        assert links == [f"{repo_url}/edit/main/data/enums/{name}.yaml"], f"{name}: {links}"
        assert (ROOT / "data" / "enums" / f"{name}.yaml").is_file()


def test_other_pages_edit_link_opens_their_markdown(site, repo_url):
    links = edit_links(site / "changes" / "index.html")
    assert len(links) == 1 and links[0].startswith(f"{repo_url}/edit/main/")
    assert (ROOT / links[0].removeprefix(f"{repo_url}/edit/main/")).is_file(), links


def test_data_folder_outside_the_repository_gives_enum_pages_no_edit_link(tmp_path):
    # $OCPP_DATA may point anywhere (the benchmark's synthetic data): there is no file in the repository to open.
    result = mkdocs_build(tmp_path / "site", data_dir=copy_data(tmp_path / "data"))
    assert result.returncode == 0, result.stderr
    assert edit_links(tmp_path / "site" / "enums" / "PhaseEnumType" / "index.html") == []
    assert len(edit_links(tmp_path / "site" / "changes" / "index.html")) == 1


# ---------------------------------------------------------------------------
# CONTRIBUTING.md
# ---------------------------------------------------------------------------


def test_contributing_names_only_existing_make_targets():
    targets = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.M))
    named = set(re.findall(r"make ([a-z][a-z-]*)", CONTRIBUTING))
    assert {"serve", "test", "sync", "check"} <= named
    assert named <= targets, named - targets


def test_contributing_names_only_existing_files():
    paths = {p for p in re.findall(r"`([\w./-]+\.(?:py|yaml|yml|json|txt|md))`", CONTRIBUTING) if "<" not in p}
    assert "tests/test_crosscheck.py" in paths
    assert all((ROOT / path).exists() for path in paths), sorted(p for p in paths if not (ROOT / p).exists())


def test_contributing_example_error_is_what_the_build_prints(tmp_path):
    data = copy_data(tmp_path / "data")
    path = data / "enums" / "ConnectorStatusEnumType.yaml"
    path.write_text(path.read_text().replace("- value: Occupied", "- value: yes", 1))
    with pytest.raises(errors.DataError) as raised:
        assemble.load_catalog(data)
    assert raised.value.problems[0] in CONTRIBUTING


# ---------------------------------------------------------------------------
# pre-commit hooks, run as configured
# ---------------------------------------------------------------------------

CONFIG = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
HOOKS = {hook["id"]: hook for repo in CONFIG["repos"] for hook in repo["hooks"]}


def test_pre_commit_config_has_local_schema_and_yamllint_hooks():
    assert [repo["repo"] for repo in CONFIG["repos"]] == ["local"]  # nothing to download
    assert {"data-schema", "yamllint"} <= set(HOOKS)
    assert all(hook["language"] in ("system", "python") for hook in HOOKS.values())
    for hook in HOOKS.values():
        assert re.search(hook["files"], "data/enums/ConnectorStatusEnumType.yaml"), hook["id"]


def run_hook(hook_id: str, files: list[Path], cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run a hook's entry the way pre-commit does (files appended unless pass_filenames is false)."""
    hook = HOOKS[hook_id]
    # The entry names the project's virtualenv; use the interpreter running the tests (the same one under `make test`).
    command = [str(VENV_BIN / part.removeprefix(".venv/bin/")) if part.startswith(".venv/bin/") else part for part in shlex.split(hook["entry"])]
    if hook.get("pass_filenames", True):
        command += [str(f) for f in files]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)


def data_files(data: Path) -> list[Path]:
    return sorted(data.rglob("*.yaml"))


def test_hooks_pass_on_the_data():
    for hook_id in ("data-schema", "yamllint"):
        result = run_hook(hook_id, data_files(DATA))
        assert result.returncode == 0, f"{hook_id}:\n{result.stdout}{result.stderr}"


def test_hooks_catch_an_unquoted_yes(tmp_path):
    project = tmp_path / "project"
    data = copy_data(project / "data")
    (project / ".yamllint.yaml").write_bytes((ROOT / ".yamllint.yaml").read_bytes())
    (project / "macros").symlink_to(ROOT / "macros")
    path = data / "enums" / "ConnectorStatusEnumType.yaml"
    path.write_text(path.read_text().replace("- value: Occupied", "- value: yes", 1))
    line = path.read_text().split("\n").index("- value: yes") + 1
    schema = run_hook("data-schema", data_files(data), cwd=project)
    assert schema.returncode == 1
    assert f"data/enums/ConnectorStatusEnumType.yaml:{line}: values[1].value: YAML reads yes" in schema.stderr
    lint = run_hook("yamllint", [path.relative_to(project)], cwd=project)
    assert lint.returncode != 0
    assert f"data/enums/ConnectorStatusEnumType.yaml:{line}:" in lint.stdout and "(truthy)" in lint.stdout, lint.stdout
