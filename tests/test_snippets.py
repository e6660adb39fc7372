"""Code to copy: every enum page's Python, TypeScript and JSON Schema snippets run, type-check and validate.

The snippets are read from the built pages, as a reader copies them, not from the renderer.
"""

from __future__ import annotations

import enum as std_enum
import json
import keyword
import shutil
import subprocess
from functools import cache
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from macros.pages import snippets as snippets_module
from macros.catalog.model import Enum, Value

ROOT = Path(__file__).resolve().parent.parent
TSC = ROOT / "node_modules" / ".bin" / "tsc"
TABS = ["Python", "TypeScript", "JSON Schema"]


@cache
def _snippets(page: Path) -> dict[str, str]:
    """Tab label -> code text of the content tabs in an enum page's Code section."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    tabs = soup.find("h2", id="code").find_next_sibling("div", class_="tabbed-set")
    labels = [label.get_text() for label in tabs.select(".tabbed-labels > label")]
    codes = [block.select_one("pre > code").get_text() for block in tabs.select(".tabbed-content > .tabbed-block")]
    assert len(labels) == len(codes), page
    return dict(zip(labels, codes))


def snippets(site: Path, name: str) -> dict[str, str]:
    """The code snippets shown on an enum's page, by tab label."""
    return _snippets(site / "enums" / name / "index.html")


def member_name(value: str) -> str:
    """The documented rule: every character but ASCII letters, digits and _ becomes _; a leading digit
    gets a _ before it; a Python keyword gets a _ after it."""
    name = "".join(c if (c.isascii() and c.isalnum()) or c == "_" else "_" for c in value)
    name = "_" + name if name[0].isdigit() else name
    return name + "_" if keyword.iskeyword(name) else name


def run_python(code: str, name: str) -> type[std_enum.StrEnum]:
    """Execute a snippet in a fresh namespace and return the class it defines."""
    namespace: dict = {"__name__": "snippet"}
    exec(compile(code, f"<{name} snippet>", "exec"), namespace)  # noqa: S102 - the code under test
    return namespace[name]


def test_every_enum_page_shows_python_typescript_and_json_schema_tabs(site, catalog):
    for name in catalog.enums:
        assert list(snippets(site, name)) == TABS, name


# ---------------------------------------------------------------------------
# Python
# ---------------------------------------------------------------------------


def test_python_snippets_define_the_values_in_order(site, catalog):
    for name, enum in catalog.enums.items():
        cls = run_python(snippets(site, name)["Python"], name)
        assert issubclass(cls, std_enum.StrEnum), name
        assert [member.value for member in cls] == [v.name for v in enum.values], name


def test_python_member_names_follow_the_documented_rule_and_are_unique(site, catalog):
    for name, enum in catalog.enums.items():
        members = list(run_python(snippets(site, name)["Python"], name).__members__)
        assert members == [member_name(v.name) for v in enum.values], name
        assert len(set(members)) == len(members), name


def test_python_member_rule_handles_keywords_leading_digits_and_punctuation():
    values = ["None", "class", "3Phase", "L1-N", "Energy.Active.Import.Register", "a b", "Not_Applicable"]
    synthetic = Enum("EdgeCaseEnumType", "", "2.1", None, tuple(Value(v, "2.1", "") for v in values), (), (), "")
    cls = run_python(snippets_module.python_code(synthetic), "EdgeCaseEnumType")
    assert list(cls.__members__) == ["None_", "class_", "_3Phase", "L1_N", "Energy_Active_Import_Register", "a_b", "Not_Applicable"]
    assert [member.value for member in cls] == values
    assert [snippets_module.python_member(v) for v in values] == [member_name(v) for v in values]


# ---------------------------------------------------------------------------
# TypeScript
# ---------------------------------------------------------------------------


def tsc() -> Path:
    """The TypeScript compiler `npm ci` installs; fails the test, loudly, when it is missing."""
    if not TSC.exists() or shutil.which("node") is None:
        pytest.fail(f"TypeScript compiler not found at {TSC.relative_to(ROOT)} (or node is missing): run `npm ci` (make test does)")
    return TSC


def usage_file(enums: dict[str, list[str]]) -> str:
    """TypeScript that imports each snippet and checks its values, their order and its union type.

    A wrong value is assigned under @ts-expect-error: tsc fails if the type would accept it.
    """
    lines = ["type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;"]
    for name, values in enums.items():
        literals = [json.dumps(v) for v in values]
        wrong = json.dumps(values[0] + "_not_a_value")
        lines += [
            f'import {{ {name} }} from "./{name}";',
            f"export const {name}_inOrder: readonly [{', '.join(literals)}] = {name};",
            f"export const {name}_union: Equals<{name}, {' | '.join(literals)}> = true;",
            f"export const {name}_valid: {name} = {literals[-1]};",
            "// @ts-expect-error: not a value of the enumeration",
            f"export const {name}_wrong: {name} = {wrong};",
        ]
    return "\n".join(lines) + "\n"


def typecheck(folder: Path, modules: dict[str, str], enums: dict[str, list[str]]) -> subprocess.CompletedProcess:
    """Write each snippet as a module plus the usage file, and run one strict tsc over them all."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, code in modules.items():
        (folder / f"{name}.ts").write_text(code, encoding="utf-8")
    (folder / "usage.ts").write_text(usage_file(enums), encoding="utf-8")
    command = [str(tsc()), "--noEmit", "--strict", "--target", "es2022", "--module", "es2022", "--moduleResolution", "bundler", "--pretty", "false", "usage.ts"]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300)


def test_typescript_snippets_type_check_with_their_values(site, catalog, tmp_path):
    modules = {name: snippets(site, name)["TypeScript"] for name in catalog.enums}
    enums = {name: [v.name for v in enum.values] for name, enum in catalog.enums.items()}
    result = typecheck(tmp_path, modules, enums)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_typescript_check_fails_on_a_snippet_missing_a_value(site, catalog, tmp_path):
    enum = catalog.enums["PhaseEnumType"]
    shown = snippets(site, "PhaseEnumType")["TypeScript"]
    dropped = shown.replace(f'  "{enum.values[-1].name}",\n', "")
    assert dropped != shown
    result = typecheck(tmp_path, {"PhaseEnumType": dropped}, {"PhaseEnumType": [v.name for v in enum.values]})
    assert result.returncode != 0
    assert "usage.ts" in result.stdout and json.dumps(enum.values[-1].name) in result.stdout


# ---------------------------------------------------------------------------
# JSON Schema
# ---------------------------------------------------------------------------


def test_json_schema_snippets_accept_every_value_and_reject_others(site, catalog):
    for name, enum in catalog.enums.items():
        schema = json.loads(snippets(site, name)["JSON Schema"])
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        values = [v.name for v in enum.values]
        assert schema["title"] == name and schema["enum"] == values
        assert all(validator.is_valid(v) for v in values), name
        # Wire values are case-sensitive: a value in another case is as wrong as an unknown one.
        wrong = [values[0] + "_not_a_value", 1, None, *(v.swapcase() for v in values[:1] if v.swapcase() not in values)]
        assert not any(validator.is_valid(w) for w in wrong), name
        assert schema.get("default") == enum.default, name


# ---------------------------------------------------------------------------
# The copy button, in a browser
# ---------------------------------------------------------------------------


def test_each_tab_has_a_copy_button_that_copies_its_snippet(page, base_url, site, catalog):
    name = "PhaseEnumType"
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page.goto(f"{base_url}enums/{name}/")
    blocks = page.locator("#code ~ .tabbed-set .tabbed-block")
    assert blocks.count() == len(TABS)
    copied = {}
    for position, label in enumerate(TABS):
        tab = page.locator("#code ~ .tabbed-set .tabbed-labels > label").nth(position)
        assert tab.inner_text() == label
        tab.click()
        blocks.nth(position).locator("button[data-md-type=copy]").click()
        copied[label] = page.evaluate("navigator.clipboard.readText()")
        assert copied[label] == snippets(site, name)[label].rstrip("\n"), label
    cls = run_python(copied["Python"], name)
    assert [m.value for m in cls] == [v.name for v in catalog.enums[name].values]
