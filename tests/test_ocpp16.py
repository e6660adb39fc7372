"""Coming from OCPP 1.6: data/ocpp16.yaml against the official 1.6 schemas and the 2.1 data, the page,
the "In OCPP 1.6" sections, search, the index filter and the exports."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from dataclasses import replace

import jsonschema
import pytest
import sphobjinv
import yaml
from bs4 import BeautifulSoup
from conftest import DATA, ROOT, copy_data
from test_browser import location, search
from test_links import resolve, scan, site_file

from macros.catalog import assemble, errors, ocpp16
from macros.pages import links, ocpp16_page
from macros.sources import schemas, sync
from macros.catalog.model import Ocpp16Type, Ocpp16Value


def crosscheck(types, fields: list[schemas.InlineEnumField]) -> list[str]:
    """What differs between the 1.6 mapping and the 1.6 schemas, one line per problem, naming the entry."""
    carried = {(f.message, f.path): f.values for f in fields}
    problems, owner = [], {}
    for t in types:
        values = tuple(v.name for v in t.values)
        for key in t.fields:
            if key not in carried:
                problems.append(f"{t.name}: field {' '.join(key)} is not in the 1.6 schemas")
            elif carried[key] != values:
                problems.append(f"{t.name}: values {list(values)} != {' '.join(key)} in the schemas {list(carried[key])}")
            if key in owner:
                problems.append(f"{t.name}: field {' '.join(key)} is listed by {owner[key]} too")
            owner.setdefault(key, t.name)
    lists = {tuple(v.name for v in t.values) for t in types}
    for key, values in carried.items():
        if key not in owner:
            problems.append(f"{' '.join(key)}: carries {list(values)}, listed by no type")
        if values not in lists:
            listed_by = f" (listed by {owner[key]})" if key in owner else ""
            problems.append(f"{' '.join(key)}{listed_by}: no type has its values {list(values)}")
    return problems


@pytest.fixture(scope="module")
def fields() -> list[schemas.InlineEnumField]:
    return schemas.enum_fields_16()


def article(site, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser").select_one("article")


# ---------------------------------------------------------------------------
# The data against the official 1.6 schemas and the 2.1 data
# ---------------------------------------------------------------------------


def test_the_16_schemas_hold_the_enumerations_the_issue_counts(fields):
    lists = {f.values for f in fields}
    assert (len(lists), sum(len(values) for values in lists)) == (43, 243)
    assert any(f.message == "StatusNotificationRequest" and f.path == "status" for f in fields)
    assert any(f.message == "SignedFirmwareStatusNotificationRequest" for f in fields)  # the security extension is read too


def test_every_16_enumeration_is_mapped_exactly_in_schema_order(catalog, fields):
    assert crosscheck(catalog.ocpp16, fields) == []


def test_every_16_value_of_the_schemas_has_a_mapping(catalog, fields):
    mapped = {(t.name, v.name) for t in catalog.ocpp16 for v in t.values}
    for t in catalog.ocpp16:
        assert {v.name for v in t.values} == set(next(f.values for f in fields if (f.message, f.path) == t.fields[0]))
    assert len(mapped) == sum(len(t.values) for t in catalog.ocpp16)


@pytest.mark.parametrize(
    "change,named",
    [
        (lambda t: replace(t, values=t.values[1:]), "ChargePointStatus: values"),
        (lambda t: replace(t, values=t.values[::-1]), "ChargePointStatus: values"),
        (lambda t: replace(t, fields=(("StatusNotificationRequest", "state"),)), "ChargePointStatus: field StatusNotificationRequest state is not in"),
        (lambda t: replace(t, fields=()), "StatusNotificationRequest status: carries"),
    ],
    ids=["value-left-out", "order-changed", "unknown-field", "field-left-out"],
)
def test_a_mismatch_names_the_entry(catalog, fields, change, named):
    types = tuple(change(t) if t.name == "ChargePointStatus" else t for t in catalog.ocpp16)
    problems = crosscheck(types, fields)
    assert any(named in p for p in problems), problems
    assert all("ChargePointStatus" in p or "StatusNotificationRequest status" in p for p in problems), problems


def test_every_target_is_a_value_in_the_21_data(catalog):
    for t in catalog.ocpp16:
        for value in t.values:
            for enum, wire in value.targets:
                assert wire in {v.name for v in catalog.enums[enum].values}, f"{t.name}.{value.name}: {enum}.{wire}"


def test_every_mapping_but_same_has_a_one_line_note_and_none_a_replacement(catalog):
    for t in catalog.ocpp16:
        for v in t.values:
            where = f"{t.name}.{v.name}"
            if v.kind != "same":
                assert v.note and "\n" not in v.note, where
            if v.kind == "none":
                assert v.replacement and not v.targets, where
            else:
                assert v.targets and not v.replacement, where
            if v.kind == "same":
                assert all(wire == v.name for _, wire in v.targets), where
            if v.kind == "combination":
                assert len({enum for enum, _ in v.targets}) >= 2, where
            if v.judgement:
                assert v.note, where


def test_counts_of_each_kind(catalog):
    assert ocpp16.counts(catalog.ocpp16) == {"same": 175, "renamed": 9, "combination": 14, "none": 57}
    assert sum(v.judgement for t in catalog.ocpp16 for v in t.values) == 31


def test_the_mapping_file_names_its_sources(catalog):
    assert len(catalog.ocpp16_sources) >= 5
    assert not [s for s in catalog.ocpp16_sources if re.search(r"(^|\s)/[a-z]", s) or "\n" in s]  # no local paths, one line each


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(
    "old,new,problem",
    [
        ("  - ConnectorStatusEnumType.Occupied\n", "  - ConnectorStatusEnumType.Occupy\n", "ChargePointStatus.Preparing: target ConnectorStatusEnumType.Occupy: ConnectorStatusEnumType has no value 'Occupy'"),
        ("  - ConnectorStatusEnumType.Occupied\n", "  - ConnectorEnumType.Occupied\n", "ChargePointStatus.Preparing: target ConnectorEnumType.Occupied: no enumeration ConnectorEnumType in the data"),
        ("    kind: renamed\n", "    kind: renamd\n", "kind: must be 'same' or 'renamed' or 'combination' or 'none', not 'renamd'"),
    ],
    ids=["unknown-value", "unknown-enum", "unknown-kind"],
)
def test_bad_mapping_names_file_and_line(tmp_path, old, new, problem):
    data = copy_data(tmp_path / "data")
    text = (data / "ocpp16.yaml").read_text(encoding="utf-8")
    start = text.index("- name: ChargePointStatus") if "Occupied" in old else 0
    at = text.index(old, start)
    (data / "ocpp16.yaml").write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    with pytest.raises(errors.DataError) as error:
        assemble.load_catalog(data, root=tmp_path)
    line = text[:at].count("\n") + 1
    assert any(p.startswith(f"data/ocpp16.yaml:{line}: ") and problem in p for p in error.value.problems), error.value.problems


def test_a_mapping_without_a_note_or_replacement_is_refused(tmp_path):
    data = copy_data(tmp_path / "data")
    path = data / "ocpp16.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    reason = next(t for t in document["types"] if t["name"] == "Reason")
    del reason["values"][0]["note"]
    error_code = next(t for t in document["types"] if t["name"] == "ChargePointErrorCode")
    del error_code["values"][0]["replacement"]
    path.write_text(sync.dump(document, sync.OCPP16_LINE), encoding="utf-8")
    with pytest.raises(errors.DataError) as error:
        assemble.load_catalog(data, root=tmp_path)
    text = "\n".join(error.value.problems)
    assert re.search(r"data/ocpp16\.yaml:\d+: Reason\.EmergencyStop \(combination\): missing the key 'note'", text), text
    assert re.search(r"data/ocpp16\.yaml:\d+: ChargePointErrorCode\.ConnectorLockFailure \(none\): missing the key 'replacement'", text), text


def test_sync_keeps_the_mapping_and_restores_what_the_schemas_give(tmp_path, fields):
    kept = yaml.safe_load((DATA / "ocpp16.yaml").read_text(encoding="utf-8"))
    status = next(t for t in kept["types"] if t["name"] == "ChargePointStatus")
    status["values"] = status["values"][::-1]  # out of schema order
    purpose = next(t for t in kept["types"] if t["name"] == "ChargingProfilePurposeType")
    purpose["fields"] = purpose["fields"][:1]  # two fields left out: sync gives them back (the only type with that list)
    document, problems = sync.ocpp16_document(kept, fields)
    assert problems == []
    assert sync.dump(document, sync.OCPP16_LINE) == (DATA / "ocpp16.yaml").read_text(encoding="utf-8")


def test_sync_reports_a_field_no_type_can_take(fields):
    kept = yaml.safe_load((DATA / "ocpp16.yaml").read_text(encoding="utf-8"))
    kept["types"] = [t for t in kept["types"] if t["name"] != "ResetType"]
    _, problems = sync.ocpp16_document(kept, fields)
    assert problems == ["ResetRequest type carries ['Hard', 'Soft'], which no type in ocpp16.yaml lists: add it to one"]


def test_sync_check_passes_on_the_committed_mapping_and_reports_drift(tmp_path):
    data = copy_data(tmp_path / "data")
    run = [sys.executable, "-m", "macros.sources.sync", "--check", "--data", str(data)]
    assert subprocess.run(run, cwd=ROOT, capture_output=True, text=True).returncode == 0
    path = data / "ocpp16.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - value: Preparing\n", "  - value: Preparng\n", 1), encoding="utf-8")
    result = subprocess.run(run, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "data/ocpp16.yaml: differs: " in result.stdout and "Preparng" in result.stdout


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------


def test_yaml_text_on_the_16_page_is_escaped(catalog):
    hostile = "<script>alert(1)</script> {{ 7*7 }}"
    value = Ocpp16Value("Oops", "none", (), hostile, True, hostile)
    html = ocpp16_page.type_section(Ocpp16Type("Broken", hostile, (("ResetRequest", "type"),), (value,)), catalog, "ocpp16/")
    assert "<script>" not in html and html.count("&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }}") == 3


# ---------------------------------------------------------------------------
# The built site
# ---------------------------------------------------------------------------


def test_16_page_has_a_section_per_type_and_an_anchor_per_value(site, catalog):
    page = article(site, "ocpp16")
    for t in catalog.ocpp16:
        assert page.find("h2", id=t.name) is not None, t.name
        headings = [h["id"] for h in page.find_all("h3", id=re.compile("^" + re.escape(t.name) + r"\."))]
        assert headings == [links.ocpp16_anchor(t.name, v.name) for v in t.values], t.name


def test_each_16_value_row_links_its_21_counterparts(site, catalog):
    page = article(site, "ocpp16")
    for t in catalog.ocpp16:
        for v in t.values:
            heading = page.find(id=links.ocpp16_anchor(t.name, v.name))
            row = heading.find_parent("tr") or heading.find_parent("li")
            targets = {resolve("ocpp16/index.html", a["href"]) for a in row.select("a[href]")}
            assert {(f"enums/{e}/", w) for e, w in v.targets} <= targets, f"{t.name}.{v.name}"
            if v.kind == "none":
                assert v.replacement in row.get_text(), f"{t.name}.{v.name}"


def test_judgement_is_marked_where_the_data_says(site, catalog):
    page = article(site, "ocpp16")
    for t in catalog.ocpp16:
        for v in t.values:
            row = page.find(id=links.ocpp16_anchor(t.name, v.name)).find_parent(["tr", "li"])
            assert bool(row.select(".ocpp-badge--judgement")) == v.judgement, f"{t.name}.{v.name}"


def test_types_with_only_unchanged_values_are_listed_on_one_line(site, catalog):
    page = article(site, "ocpp16")
    unchanged = [t for t in catalog.ocpp16 if t.unchanged]
    assert unchanged and len(unchanged) < len(catalog.ocpp16)
    for t in catalog.ocpp16:
        section = page.find("h2", id=t.name).find_next_sibling("div")
        assert bool(section.select("ul.ocpp16-inline")) == t.unchanged and bool(section.select("table")) != t.unchanged, t.name


def test_16_page_states_the_counts_and_the_sources(site, catalog):
    page = article(site, "ocpp16")
    counts = page.select_one(".ocpp16-counts").get_text()
    assert "49 OCPP 1.6 types, 255 values: 175 same · 9 renamed · 14 combination · 57 none" in counts
    assert len(page.find("h2", id="sources").find_next_sibling("ul").find_all("li")) == len(catalog.ocpp16_sources)


def test_enum_pages_with_a_16_predecessor_link_back_before_history(site, catalog):
    pages = 0
    for name in catalog.enums:
        found = ocpp16.mapped_to(catalog.ocpp16, name)
        page = article(site, f"enums/{name}")
        section = page.find("h2", id="in-ocpp-16")
        assert (section is not None) == bool(found), name
        if not found:
            continue
        pages += 1
        assert [h["id"] for h in page.find_all("h2")].index("in-ocpp-16") == [h["id"] for h in page.find_all("h2")].index("history") - 1
        targets = {resolve(f"enums/{name}/index.html", a["href"]) for a in section.find_next_sibling("div").select("ul.ocpp16-from a[href]")}
        assert {("ocpp16/", links.ocpp16_anchor(t.name, v.name)) for t, v, _ in found} <= targets, name
    assert pages > 40


def test_ocpp16_json_follows_its_schema_and_the_data(site, catalog):
    schema = json.loads((site / "ocpp16.schema.json").read_text(encoding="utf-8"))
    assert schema == json.loads((ROOT / "data" / "ocpp16-export.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    export = json.loads((site / "ocpp16.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(export)
    assert [t["name"] for t in export["types"]] == [t.name for t in catalog.ocpp16]
    assert Counter(v["kind"] for t in export["types"] for v in t["values"]) == Counter(ocpp16.counts(catalog.ocpp16))
    for t in export["types"]:
        for v in t["values"]:
            path, _, anchor = v["url"].partition("#")
            assert anchor in scan(site_file(site, path)).ids, v["url"]
            for target in v["targets"]:
                path, _, anchor = target["anchor"].partition("#")
                assert anchor in scan(site_file(site, path)).ids, target["anchor"]


def test_inventory_names_16_types_and_values_in_their_own_domain(site, catalog):
    objects = [o for o in sphobjinv.Inventory(fname_zlib=site / "objects.inv").objects if o.domain == "ocpp16"]
    expected = {(t.name, "type") for t in catalog.ocpp16} | {(links.ocpp16_anchor(t.name, v.name), "value") for t in catalog.ocpp16 for v in t.values}
    assert {(o.name, o.role) for o in objects} == expected and len(objects) == len(expected)
    for o in objects:
        path, _, anchor = o.uri_expanded.partition("#")
        assert path == "ocpp16/" and anchor in scan(site_file(site, path)).ids, o.name


def test_home_page_links_the_16_page(site):
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser").select_one("article")
    assert ("ocpp16/", "") in {resolve("index.html", a["href"]) for a in soup.select("a[href]")}


# ---------------------------------------------------------------------------
# In a browser
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query,anchor",
    [
        ("Preparing", "ChargePointStatus.Preparing"),
        ("ChargePointStatus", "ChargePointStatus"),
        ("SoftReset", "Reason.SoftReset"),
        ("ConnectorLockFailure", "ChargePointErrorCode.ConnectorLockFailure"),
    ],
)
def test_search_for_a_16_name_lands_on_its_row(page, base_url, query, anchor):
    results = search(page, base_url, query)
    top = [r for r in results[:3] if location(r["page"]) == "ocpp16/"]
    assert top, f"{query!r}: the 1.6 page is not in the top 3: {[location(r['page']) for r in results[:3]]}"
    assert location(top[0]["first"]) == f"ocpp16/#{anchor}", top[0]
    page.click(f'.md-search-result__item a.md-search-result__link[href$="#{anchor}"] >> nth=0')
    page.wait_for_url(re.compile(rf".*/ocpp16/.*#{re.escape(anchor)}$"))
    assert page.locator(f'[id="{anchor}"]').is_visible()


def test_16_page_fits_a_phone_without_sideways_scrolling(browser, base_url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = context.new_page()
    for url in ["enums/ConnectorStatusEnumType/#in-ocpp-16", "ocpp16/#ChargePointErrorCode"]:
        phone.goto(base_url + url, wait_until="load")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, url
    # the tables stack: no header row, each cell under its column's name
    assert phone.evaluate("getComputedStyle(document.querySelector('.ocpp16-map thead')).display") == "none"
    assert phone.evaluate("getComputedStyle(document.querySelector('.ocpp16-map td'), '::before').content") == '"1.6 value"'
    context.close()
