"""Downloads at the site root: enums.json against its schema and the data, enums.csv, the home page links."""

from __future__ import annotations

import copy
import csv
import io
import json
import urllib.request
from pathlib import Path

import jsonschema
import ocpp
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from test_links import resolve, scan, site_file

OFFICIAL_SCHEMAS = Path(ocpp.__file__).parent / "v21" / "schemas"
EXPORTS = {"enums.json", "enums.schema.json", "enums.csv", "objects.inv", "ocpp16.json", "ocpp16.schema.json"}


@pytest.fixture(scope="module")
def export(site) -> dict:
    return json.loads((site / "enums.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(site) -> jsonschema.Draft202012Validator:
    schema = json.loads((site / "enums.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def official_values() -> dict[str, list[str]]:
    """Enum name -> its values in the order the official OCPP 2.1 JSON schemas list them."""
    found: dict[str, list[str]] = {}
    for path in sorted(OFFICIAL_SCHEMAS.glob("*.json")):
        for name, definition in json.loads(path.read_text(encoding="utf-8")).get("definitions", {}).items():
            if "enum" in definition:
                found.setdefault(name, definition["enum"])
    return found


def resolves(site: Path, url: str) -> bool:
    """Whether a site-relative "page#anchor" URL names an existing page and element id."""
    path, _, anchor = url.partition("#")
    page = site_file(site, path)
    return page is not None and (not anchor or anchor in scan(page).ids)


# ---------------------------------------------------------------------------
# enums.json
# ---------------------------------------------------------------------------


def test_published_schema_is_the_committed_one(site):
    assert (site / "enums.schema.json").read_text(encoding="utf-8") == (ROOT / "data" / "export.schema.json").read_text(encoding="utf-8")


def test_enums_json_validates_against_its_schema(export, validator):
    assert [error.message for error in validator.iter_errors(export)] == []


@pytest.mark.parametrize(
    "break_it",
    [
        lambda doc: doc["enums"][0].pop("values"),
        lambda doc: doc["enums"][0]["values"][0].update(since="2.2"),
        lambda doc: doc["enums"][0]["usages"].append({"message": "X"}),
        lambda doc: doc["enums"][0].update(colour="blue"),
        lambda doc: doc["enums"][0].update(values=[]),
        lambda doc: doc["enums"][0].update(url="https://elsewhere.example/"),
        lambda doc: doc["enums"][0].update(spec_section="chapter 3"),
        lambda doc: doc["enums"][0]["values"][0].update(note=""),
        lambda doc: doc["enums"][0]["values"][0].pop("note"),
    ],
    ids=["missing field", "unknown version", "incomplete usage", "unknown field", "no values", "url off the scheme",
         "malformed section", "empty note", "note missing"],
)
def test_schema_rejects_a_malformed_export(export, validator, break_it):
    broken = copy.deepcopy(export)
    break_it(broken)
    assert not validator.is_valid(broken)


def test_enums_json_equals_the_data_field_by_field(export, catalog):
    assert export["ocpp_version"] == "2.1"
    assert [e["name"] for e in export["enums"]] == list(catalog.enums)
    for entry in export["enums"]:
        enum = catalog.enums[entry["name"]]
        assert entry["description"] == enum.description
        assert entry["since"] == enum.since
        assert entry["spec_section"] == enum.spec_section
        assert entry["default"] == enum.default
        assert entry["removed_values"] == list(enum.removed_values)
        assert [(v["value"], v["since"], v["description"], v["note"]) for v in entry["values"]] == [
            (v.name, v.since, v.description, v.note) for v in enum.values
        ]
        assert [(u["message"], u["path"], u["required"], u["list"], u["description"], u["sent_by"]) for u in entry["usages"]] == [
            (u.message, u.path, u.required, u.is_list, u.description, catalog.direction(u.message)) for u in enum.usages
        ], enum.name


def test_enums_json_urls_follow_the_scheme_and_resolve(export, site):
    for entry in export["enums"]:
        assert entry["url"] == f"enums/{entry['name']}/"
        assert [v["anchor"] for v in entry["values"]] == [f"enums/{entry['name']}/#{v['value']}" for v in entry["values"]]
        for url in [entry["url"], *(v["anchor"] for v in entry["values"])]:
            assert resolves(site, url), url


# ---------------------------------------------------------------------------
# enums.csv
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def csv_rows(site) -> list[list[str]]:
    return list(csv.reader(io.StringIO((site / "enums.csv").read_text(encoding="utf-8"), newline="")))


def test_enums_csv_has_one_row_per_value(csv_rows, catalog):
    assert csv_rows[0] == ["enum", "value", "position", "since", "url", "spec_section", "description", "note", "requirements"]
    assert len(csv_rows) - 1 == sum(len(e.values) for e in catalog.enums.values())
    assert len({(row[0], row[1]) for row in csv_rows[1:]}) == len(csv_rows) - 1


def test_enums_csv_lists_values_in_the_official_order(csv_rows, catalog):
    official = official_values()
    by_enum: dict[str, list[list[str]]] = {}
    for row in csv_rows[1:]:
        by_enum.setdefault(row[0], []).append(row)
    assert list(by_enum) == sorted(official) == list(catalog.enums)
    for name, rows in by_enum.items():
        assert [row[1] for row in rows] == official[name], name
        assert [row[2] for row in rows] == [str(i) for i in range(1, len(rows) + 1)], name
        assert [row[3] for row in rows] == [v.since for v in catalog.enums[name].values], name


def test_enums_csv_carries_each_explanation_and_note(csv_rows, catalog):
    for enum, value, _, _, _, section, description, note, _ in csv_rows[1:]:
        entry = next(v for v in catalog.enums[enum].values if v.name == value)
        assert (section, description, note) == (catalog.enums[enum].spec_section, entry.description, entry.note or ""), (enum, value)


def test_enums_csv_urls_resolve(csv_rows, site):
    for enum, value, _, _, url, *_ in csv_rows[1:]:
        assert url == f"enums/{enum}/#{value}"
        assert resolves(site, url), url


# ---------------------------------------------------------------------------
# The home page's Download section
# ---------------------------------------------------------------------------


def test_home_page_download_section_links_every_export(site, base_url):
    heading = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser").find("h2", id="download")
    hrefs = []
    for element in heading.find_next_siblings():
        if element.name == "h2":
            break
        hrefs += [link["href"] for link in element.select("a[href]")]
    targets = {resolve("index.html", href)[0] for href in hrefs}
    assert targets == EXPORTS
    for name in sorted(targets):
        with urllib.request.urlopen(base_url + name, timeout=10) as response:
            assert response.status == 200 and response.read(), name
