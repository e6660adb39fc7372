"""Text from the YAML is shown, never run: no markup, script, handler, javascript: link or template
gets through; the formatting the descriptions use (emphasis, code, http(s) links) still does."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import copy_data, mkdocs_build

from macros.sources import sync

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


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The site built from data whose enum, value and usage descriptions and a value's note are hostile."""
    root = tmp_path_factory.mktemp("inert")
    data = copy_data(root / "data")
    path = data / "enums" / f"{ENUM}.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["description"] = hostile("ENUM-DESCRIPTION")
    occupied = next(v for v in document["values"] if v["value"] == "Occupied")
    occupied["description"] = hostile("VALUE-DESCRIPTION")
    occupied["note"] = hostile("VALUE-NOTE")
    document["usages"][0]["description"] = hostile("USAGE-DESCRIPTION")
    path.write_text(sync.dump(document, sync.SCHEMA_LINE), encoding="utf-8")
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


PLACES = ["ENUM-DESCRIPTION", "VALUE-DESCRIPTION", "VALUE-NOTE", "USAGE-DESCRIPTION"]
# Official descriptions keep their formatting; our explanations and notes are plain text with names in backticks.
OFFICIAL = ["ENUM-DESCRIPTION", "USAGE-DESCRIPTION"]
# The pages that show description text: the enum's page (all of them), the index (the enum's
# summary; the explanations in an attribute for the filter) and the all-in-one page (explanations
# and notes). The changes and home pages show names only, which the schema restricts.
PAGES = [f"enums/{ENUM}", "enums", "all"]


@pytest.mark.parametrize("url", PAGES)
def test_no_script_handler_or_javascript_link_gets_through(built, url):
    soup = page(built, url)
    assert "-DESCRIPTION" in str(soup)  # the hostile text is on this page
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


@pytest.mark.parametrize("place", ["VALUE-DESCRIPTION", "VALUE-NOTE"])
def test_explanations_show_on_the_all_in_one_page_as_plain_text(built, place):
    text = holder(page(built, "all"), place).get_text()
    for literal in (SCRIPT, IMG, TEMPLATE, RAW, LOOP, "*emphasis*"):
        assert literal in text, f"{literal!r} not shown as text in {place}"
    assert "49" not in text and "xxx" not in text


@pytest.mark.parametrize("place", ["VALUE-DESCRIPTION", "VALUE-NOTE"])
def test_an_explanation_shows_markdown_as_typed_and_names_in_backticks_as_code(built, place):
    element = holder(page(built, f"enums/{ENUM}"), place)
    assert "*emphasis*" in element.get_text() and "[link](https://example.org)" in element.get_text()
    assert not element.find_all("em")
    assert [code.get_text() for code in element.find_all("code")] == ["code"]
    assert not element.find_all("a", href=lambda h: h and "example.org" in h)


@pytest.mark.parametrize("place", OFFICIAL)
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
