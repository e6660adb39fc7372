"""Text from the YAML is shown, never run: no markup, script, handler, javascript: link or template
gets through; the formatting the descriptions use (emphasis, code, http(s) links) still does."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import copy_data, mkdocs_build

from macros import sync

ENUM = "ConnectorStatusEnumType"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_LINK = "[x](javascript:alert(1))"
TEMPLATE = "{{ 7*7 }}"
RAW = "{% raw %}"
LOOP = "{% for x in range(3) %}x{% endfor %}"
FORMATTING = "*emphasis* `code` [link](https://example.org)"


def hostile(place: str) -> str:
    """A description with every attack and the allowed formatting; `place` tells the copies apart."""
    return f"{place} {FORMATTING} {TEMPLATE} {SCRIPT} {IMG} {JS_LINK} {RAW} {LOOP} end of {place}."


def quoted(text: str) -> str:
    """`text` as a single-quoted YAML scalar."""
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The site built from data whose enum, value and usage descriptions are hostile."""
    root = tmp_path_factory.mktemp("inert")
    data = copy_data(root / "data")
    path = data / "enums" / f"{ENUM}.yaml"
    text = path.read_text(encoding="utf-8")
    edits = [
        ("description: This contains the current status of the Connector.\nsince:", f"description: {quoted(hostile('ENUM-DESCRIPTION'))}\nsince:"),
        (
            "- value: Occupied\n  since: 2.0.1\n  description: The connector is in use, for example with a vehicle plugged in, so a new driver cannot\n    start on it. One of the operative states.\n",
            f"- value: Occupied\n  since: 2.0.1\n  description: {quoted(hostile('VALUE-DESCRIPTION'))}\n",
        ),
        ("  list: false\n  description: This contains the current status of the Connector.", f"  list: false\n  description: {quoted(hostile('USAGE-DESCRIPTION'))}"),
    ]
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    mapping = yaml.safe_load((data / "ocpp16.yaml").read_text(encoding="utf-8"))
    error_code = next(t for t in mapping["types"] if t["name"] == "ChargePointErrorCode")
    error_code["values"][0].update(note=hostile("OCPP16-NOTE"), replacement=hostile("OCPP16-REPLACEMENT"))
    (data / "ocpp16.yaml").write_text(sync.dump(mapping, sync.OCPP16_LINE), encoding="utf-8")
    site = root / "site"
    result = mkdocs_build(site, data)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def holder(soup: BeautifulSoup, place: str):
    """The smallest element whose text holds the whole description marked `place`."""
    start = soup.find(string=lambda s: s and place in s)
    assert start is not None, f"{place} not on the page"
    element = start.parent
    while f"end of {place}" not in element.get_text():
        element = element.parent
    return element


PLACES = ["ENUM-DESCRIPTION", "VALUE-DESCRIPTION", "USAGE-DESCRIPTION"]
# The pages that show description text: the enum's page (all three) and the index (the enum's
# summary). The all-in-one, changes and home pages show names only, which the schema restricts.
PAGES = [f"enums/{ENUM}", "enums"]


@pytest.mark.parametrize("url", PAGES)
def test_no_script_handler_or_javascript_link_gets_through(built, url):
    soup = page(built, url)
    assert "ENUM-DESCRIPTION" in soup.get_text()  # the hostile text is on this page
    for script in soup.find_all("script"):
        assert "alert" not in script.get_text() and script.get("src") != "x", script
    for element in soup.find_all(True):
        handlers = [name for name in element.attrs if name.lower().startswith("on")]
        assert not handlers, f"{element.name} has {handlers}"
    assert not soup.find_all("img", src="x")
    for link in soup.find_all(href=True):
        assert not link["href"].strip().lower().startswith(("javascript:", "data:", "vbscript:")), link


@pytest.mark.parametrize("place", PLACES)
def test_markup_and_templates_show_as_plain_text(built, place):
    text = holder(page(built, f"enums/{ENUM}"), place).get_text()
    for literal in (SCRIPT, IMG, TEMPLATE, RAW, LOOP):
        assert literal in text, f"{literal!r} not shown as text in {place}"
    assert "49" not in text  # {{ 7*7 }} was not evaluated
    assert "xxx" not in text  # the loop did not run


@pytest.mark.parametrize("place", PLACES)
def test_allowed_formatting_renders(built, place):
    element = holder(page(built, f"enums/{ENUM}"), place)
    assert [em.get_text() for em in element.find_all("em")] == ["emphasis"]
    assert [code.get_text() for code in element.find_all("code")] == ["code"]
    links = {a.get_text(): a.get("href") for a in element.find_all("a")}
    assert links["link"] == "https://example.org"
    assert links.get("x") is None  # the javascript: link keeps its text and loses its target


def test_index_summary_is_plain_text(built):
    rows = [row for row in page(built, "enums").find_all("tr") if row.td and row.td.get_text(strip=True) == ENUM]
    assert len(rows) == 1
    row = rows[0]
    text = row.get_text()
    assert "ENUM-DESCRIPTION" in text and TEMPLATE in text and "49" not in text
    assert not row.find_all(["script", "img", "em", "code"])


@pytest.mark.parametrize("place", ["OCPP16-NOTE", "OCPP16-REPLACEMENT"])
def test_ocpp16_notes_show_markup_and_templates_as_plain_text(built, place):
    soup = page(built, "ocpp16")
    text = holder(soup, place).get_text()
    for literal in (SCRIPT, IMG, TEMPLATE, RAW, LOOP, FORMATTING):
        assert literal in text, f"{literal!r} not shown as text in {place}"
    assert "49" not in text and "xxx" not in text
    assert not soup.find_all("img", src="x") and not [s for s in soup.find_all("script") if "alert" in s.get_text()]
