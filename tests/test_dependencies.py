"""Dependencies are locked and checked: every Python package is pinned with hashes and installed with
`--require-hashes`, the locks are what pip-tools makes of their inputs, every npm package carries an
integrity hash, Dependabot's configuration is valid and lint-clean, and ProperDocs (MkDocs 1.x's
continuation) still builds the same site, as the README says."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import BUILD_ENV, ROOT
from test_workflows import WORKFLOWS, zizmor

LOCKS = ["requirements.txt", "requirements-dev.txt"]
INPUTS = ["requirements.in", "requirements-dev.in"]
DEPENDABOT = ROOT / ".github" / "dependabot.yml"


def entries(text: str) -> list[str]:
    """The requirement entries of a requirements file: continuation lines joined, comments and blank lines dropped."""
    joined = re.sub(r"\\\n", " ", text)
    return [line.split(" #")[0].strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def unhashed(text: str) -> list[str]:
    """Entries that are not `name==version` with at least one sha256 hash (options such as -r count too)."""
    pinned = re.compile(r"[A-Za-z0-9._-]+==[^\s;]+(\s*;[^-]*)?(\s+--hash=sha256:[0-9a-f]{64})+")
    return [entry for entry in entries(text) if not pinned.fullmatch(entry)]


def pins(text: str) -> dict[str, str]:
    """name -> version of every `name==version` entry, names normalized as pip does."""
    found = {}
    for entry in entries(text):
        name, equals, version = entry.split()[0].partition("==")
        if equals:
            found[re.sub(r"[-_.]+", "-", name).lower()] = version
    return found


def test_a_line_without_a_hash_is_caught():
    good = "mkdocs==1.6.1 \\\n    --hash=sha256:" + "a" * 64 + "\n    # via -r requirements.in\n"
    assert unhashed(good) == []
    assert unhashed(good + "six==1.17.0\n") == ["six==1.17.0"]
    assert unhashed(good + "six>=1 \\\n    --hash=sha256:" + "b" * 64 + "\n")  # a range is no pin
    assert unhashed(good + "-e git+https://example.org/x.git\n")


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_package_is_pinned_with_its_hashes(lock):
    text = (ROOT / lock).read_text(encoding="utf-8")
    assert len(pins(text)) >= 20  # the site's own packages and what they pull in
    assert unhashed(text) == []


def test_the_dev_lock_holds_the_site_lock_at_the_same_versions():
    site, dev = (pins((ROOT / lock).read_text(encoding="utf-8")) for lock in LOCKS)
    assert {name: dev.get(name) for name in site} == site


def test_mkdocs_stays_below_2_and_the_inputs_say_why():
    text = (ROOT / "requirements.in").read_text(encoding="utf-8")
    assert re.search(r"^mkdocs==1\.", text, re.M)
    assert "MkDocs stays below 2" in text and "below 2" in (ROOT / "README.md").read_text()
    assert pins((ROOT / "requirements.txt").read_text())["mkdocs"].startswith("1.")


def install_commands() -> list[tuple[str, str]]:
    """(file, command) for every `pip install` in the Makefile, .ci/run, the workflows and the docs."""
    files = [ROOT / "Makefile", ROOT / ".ci" / "run", ROOT / "README.md", ROOT / "CONTRIBUTING.md", *WORKFLOWS]
    found = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            for command in re.findall(r"pip install[^`&;\n]*", line):
                found.append((path.name, command))
    return found


def test_every_install_of_the_requirements_requires_hashes():
    commands = install_commands()
    assert {name for name, _ in commands} >= {"Makefile", "deploy.yml", "README.md"}
    from_files = [(name, command) for name, command in commands if "-r requirements" in command]
    assert from_files and all("--require-hashes" in command for _, command in from_files), from_files
    # .ci/run and the tests workflow install through the Makefile.
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def compile_commands() -> list[list[str]]:
    """The pip-compile commands `make lock` runs, as argument lists."""
    dry = subprocess.run(["make", "-n", "lock"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    commands = [shlex.split(line) for line in dry.splitlines() if "pip-compile" in line]
    assert [command[-1] for command in commands] == INPUTS
    return commands


def compiled_pins(folder: Path, command: list[str]) -> dict[str, str]:
    """What `pip-compile --dry-run` would write, as pins, run in `folder`."""
    command = [str(ROOT / command[0]) if command[0].startswith(".venv") else command[0], *command[1:], "--dry-run"]
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return pins(result.stderr)  # --dry-run prints the file it would write on stderr


def test_the_locks_are_what_pip_compile_makes_of_their_inputs(tmp_path):
    commands = compile_commands()
    for name in LOCKS + INPUTS:
        shutil.copy(ROOT / name, tmp_path / name)
    for command, lock in zip(commands, LOCKS):
        assert compiled_pins(tmp_path, command) == pins((ROOT / lock).read_text(encoding="utf-8")), f"{lock} is out of date: run `make lock`"
    # An input edited without `make lock` is caught.
    (tmp_path / "requirements.in").write_text((ROOT / "requirements.in").read_text() + "six==1.17.0\n")
    assert compiled_pins(tmp_path, commands[0]).get("six") == "1.17.0"


def test_every_npm_package_is_locked_with_an_integrity_hash():
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    declared = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    packages = {path: entry for path, entry in lock["packages"].items() if path}
    assert {path.removeprefix("node_modules/") for path in packages} >= set(declared)
    missing = [path for path, entry in packages.items() if not re.fullmatch(r"sha512-[A-Za-z0-9+/]+=*", entry.get("integrity", ""))]
    assert missing == []
    assert "npm ci" in (ROOT / "Makefile").read_text()  # installs exactly the lock, checking the hashes


# ---------------------------------------------------------------------------
# Dependabot
# ---------------------------------------------------------------------------


def dependabot() -> dict:
    return yaml.safe_load(DEPENDABOT.read_text(encoding="utf-8"))


def check_jsonschema(path: Path) -> subprocess.CompletedProcess:
    """check-jsonschema with its copy of SchemaStore's schema for dependabot.yml (offline)."""
    tool = Path(sys.executable).parent / "check-jsonschema"
    return subprocess.run([str(tool), "--builtin-schema", "vendor.dependabot", str(path)], capture_output=True, text=True, timeout=120)


# Valid, but it lets a package run code while Dependabot updates, and takes releases on their first day.
RISKY_DEPENDABOT = """\
version: 2
updates:
  - package-ecosystem: pip
    directory: /
    insecure-external-code-execution: allow
    schedule:
      interval: weekly
"""


def test_dependabot_config_is_valid_and_clean_for_zizmor_and_yamllint(tmp_path):
    bad = tmp_path / ".github" / "dependabot.yml"  # zizmor knows the file by its path
    bad.parent.mkdir()
    bad.write_text(RISKY_DEPENDABOT.replace("weekly", "hourly"))
    assert "'hourly' is not one of" in check_jsonschema(bad).stdout
    bad.write_text(RISKY_DEPENDABOT)
    result = zizmor(bad)
    found = result.stdout + result.stderr
    assert "dependabot-execution" in found and "dependabot-cooldown" in found
    result = check_jsonschema(DEPENDABOT)
    assert result.returncode == 0, result.stdout + result.stderr
    result = zizmor(DEPENDABOT)
    assert result.returncode == 0, result.stdout + result.stderr
    lint = subprocess.run(
        [str(Path(sys.executable).parent / "yamllint"), "--strict", "-d", "{extends: default, rules: {line-length: {max: 120}, document-start: disable}}", str(DEPENDABOT)],
        capture_output=True, text=True,
    )
    assert lint.returncode == 0, lint.stdout


def test_dependabot_updates_pip_npm_and_actions_weekly_in_one_group_each():
    updates = {update["package-ecosystem"]: update for update in dependabot()["updates"]}
    assert set(updates) == {"pip", "npm", "github-actions"}
    for ecosystem, update in updates.items():
        assert update["directory"] == "/" and update["schedule"]["interval"] == "weekly", ecosystem
        (group,) = update["groups"].values()
        assert group["patterns"] == ["*"], ecosystem  # every routine update in one pull request
    pip = updates["pip"]
    # The schemas' package comes alone, since its update changes data (see schema-drift.yml), and MkDocs stays 1.x.
    assert "ocpp" in next(iter(pip["groups"].values()))["exclude-patterns"]
    assert {"dependency-name": "mkdocs", "versions": [">=2"]} in pip["ignore"]
    # Its pull requests run the same tests as everyone's.
    assert "pull_request" in yaml.safe_load((ROOT / ".github" / "workflows" / "tests.yml").read_text())[True]


# ---------------------------------------------------------------------------
# The engine: what the README says of ProperDocs
# ---------------------------------------------------------------------------


def test_properdocs_builds_the_same_site_but_for_its_name_in_the_generator_tag(site, tmp_path):
    # mkdocs-redirects already depends on ProperDocs, so the locked venv has it beside MkDocs.
    properdocs = Path(sys.executable).parent / "properdocs"
    assert properdocs.exists(), "properdocs is missing from the venv: is it still in requirements.txt?"
    out = tmp_path / "site"
    result = subprocess.run([str(properdocs), "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)], cwd=ROOT, env=BUILD_ENV, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    ours = sorted(path.relative_to(site) for path in site.rglob("*") if path.is_file())
    assert sorted(path.relative_to(out) for path in out.rglob("*") if path.is_file()) == ours
    generator = re.compile(rb'<meta name="generator" content="[^"]*">|<lastmod>[^<]*</lastmod>')  # and the sitemap's build dates
    differ = [name for name in ours if generator.sub(b"", (site / name).read_bytes()) != generator.sub(b"", (out / name).read_bytes())]
    assert differ == []
    assert b"ProperDocs" in (out / "index.html").read_bytes()  # it really was ProperDocs that built it
