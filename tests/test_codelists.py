"""Code lists: every appendix list as its CSV table (and the errata) give it, the fields that take it, its page, search target and exports."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import DATA, ROOT, copy_data, mkdocs_build

from macros.sources import schemas

CSV = DATA / "official" / "ocpp21" / "appendix-csv"
LISTS = {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((DATA / "codelists").glob("*.yaml"))}
APPENDIX = {name: data for name, data in LISTS.items() if data.get("appendix_section")}
# The appendix's tables, read here with the csv module: (file, column holding the value).
TABLES = {
    "IdTokenEnumStringType": [("idtokenenumtype.csv", "Value")],
    "ChargingLimitSourceEnumStringType": [("charginglimitsourceenumtype.csv", "Value")],
    "ConnectorEnumStringType": [("connectorenumtype.csv", "Value")],
    "SigningMethodEnumStringType": [("signingmethod.csv", "SigningMethod")],
    "ReasonCodes": [("reason_codes.csv", "Reason code")],
    "SecurityEvents": [("security_events.csv", "Security Event")],
    "UnitsOfMeasure": [("units_of_measure.csv", "Value")],
    "AdditionalInfoTypes": [("additional_info_types.csv", "additionalInfo.type"), ("additional_info_types_adhoc.csv", "additionalInfo.type")],
    "PaymentBrand": [("paymentbrand.csv", "PaymentBrand")],
    "PaymentRecognition": [("paymentrecognition.csv", "PaymentRecognition")],
}


def table(file: str) -> list[dict[str, str]]:
    text = (CSV / file).read_bytes().decode("utf-8", errors="replace")
    return [{k.strip(): (v or "").strip() for k, v in row.items() if k} for row in csv.DictReader(io.StringIO(text), delimiter=";")]


def test_every_appendix_table_has_its_code_list():
    assert set(APPENDIX) == set(TABLES)


@pytest.mark.parametrize("name", sorted(TABLES))
def test_a_code_list_holds_its_tables_values_in_order_and_spelling(name):
    expected = [row[column] for file, column in TABLES[name] for row in table(file) if row[column]]
    added = [v["value"] for v in APPENDIX[name]["values"] if v.get("erratum")]
    assert [v["value"] for v in APPENDIX[name]["values"]] == expected + added


def test_the_errata_add_the_battery_slot_connector_type():
    values = {v["value"]: v for v in APPENDIX["ConnectorEnumStringType"]["values"]}
    assert values["bBatterySlot"]["erratum"] == "2025-09 added"


def test_the_extra_columns_are_the_tables():
    codes = {v["value"]: v["columns"] for v in APPENDIX["ReasonCodes"]["values"]}
    assert codes["DuplicateProfile"] == {"group": "Charging Profiles", "typically_used_for": ["SetChargingProfile"]}
    rows = {row["Security Event"]: row["Critical"] for row in table("security_events.csv")}
    assert {v["value"]: v["columns"]["critical"] for v in APPENDIX["SecurityEvents"]["values"]} == {k: v == "Yes" for k, v in rows.items()}
    methods = {row["SigningMethod"]: row for row in table("signingmethod.csv")}
    for value in APPENDIX["SigningMethodEnumStringType"]["values"]:
        assert value["columns"]["curve"] == methods[value["value"]]["Curve"]


@pytest.mark.parametrize(("name", "was"), [("IdTokenEnumStringType", "IdTokenEnumType"), ("ConnectorEnumStringType", "ConnectorEnumType"),
                                           ("ChargingLimitSourceEnumStringType", "ChargingLimitSourceEnumType")])
def test_a_list_that_was_an_enumeration_marks_what_201_had(name, was):
    old = schemas.official_enums("2.0.1")[was].values
    data = APPENDIX[name]
    assert data["was_enum"] == was
    assert {v["value"] for v in data["values"] if v["since"] == "2.0.1"} == set(old) & {v["value"] for v in data["values"]}
    assert data["removed_values"] == [v for v in old if v not in {x["value"] for x in data["values"]}]


def test_the_fields_come_from_the_schemas():
    fields = {name: {(u["message"], u["path"]) for u in data["usages"]} for name, data in APPENDIX.items()}
    reason_codes = {(m, f.path) for m, s in schemas.load_schemas("2.1").items() for f in schemas.walk_fields(m, s) if f.path.endswith("reasonCode")}
    assert fields["ReasonCodes"] == reason_codes and len(reason_codes) == 61
    connector = {u["path"]: u for u in APPENDIX["ConnectorEnumStringType"]["usages"]}
    assert connector["connectorType"]["max_length"] == 20 and ("ReserveNowRequest", "connectorType") in fields["ConnectorEnumStringType"]
    assert ("SecurityEventNotificationRequest", "type") in fields["SecurityEvents"]
    assert ("MeterValuesRequest", "meterValue.sampledValue.unitOfMeasure.unit") in fields["UnitsOfMeasure"]
    assert all(u["case_insensitive"] for u in APPENDIX["ReasonCodes"]["usages"])  # the schema says so of reasonCode


def test_every_code_value_is_explained():
    missing = [f"{name}.{v['value']}" for name, data in LISTS.items() for v in data["values"] if not v.get("description")]
    assert missing == []


def test_the_sync_writes_the_code_lists_as_committed():
    result = subprocess.run([sys.executable, "-m", "macros.sources.sync", "--check"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "codelists" not in result.stdout


# ---------------------------------------------------------------------------
# On the site
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(LISTS))
def test_a_code_list_page_has_an_anchor_per_value_and_its_fields(site, name):
    soup = BeautifulSoup((site / "codelists" / name / "index.html").read_text(encoding="utf-8"), "html.parser")
    for value in LISTS[name]["values"]:
        heading = soup.find(id=value["value"])
        assert heading is not None and heading.name == "h3", value["value"]
    for usage in LISTS[name].get("usages", []):
        assert soup.find(id=f"used-in-{usage['message']}-{usage['path']}") is not None


def test_the_index_lists_the_code_lists_in_a_section_of_their_own(site):
    soup = BeautifulSoup((site / "enums" / "index.html").read_text(encoding="utf-8"), "html.parser")
    names = [a.get_text() for a in soup.select(".ocpp-codelist-index tbody tr td:first-child > a")]
    assert names == sorted(LISTS)
    assert len(soup.select(".ocpp-index tbody tr")) == 110  # the enumerations' table is unchanged


def test_the_changes_page_links_each_retired_enumeration_to_its_list(site):
    soup = BeautifulSoup((site / "changes" / "index.html").read_text(encoding="utf-8"), "html.parser")
    for retired in ("IdTokenEnumType", "ConnectorEnumType", "ChargingLimitSourceEnumType"):
        section = soup.find(id=retired).find_next("p").find_next("p")
        successor = next(name for name, data in APPENDIX.items() if data.get("was_enum") == retired)
        assert f"../codelists/{successor}/" in [a["href"] for a in section.find_all("a")]


def test_a_16_unit_points_at_its_code_value(site):
    soup = BeautifulSoup((site / "ocpp16" / "index.html").read_text(encoding="utf-8"), "html.parser")
    row = soup.find(id="UnitOfMeasure.Wh").find_parent("tr")
    assert "../codelists/UnitsOfMeasure/#Wh" in [a["href"] for a in row.find_all("a")]


def test_an_enum_page_shows_the_device_model_variables_that_take_its_values(site, catalog):
    taken = [v for v in catalog.device_model if v.takes in catalog.enums]
    assert taken, "no device-model variable takes an enumeration"
    variable = taken[0]
    soup = BeautifulSoup((site / "enums" / variable.takes / "index.html").read_text(encoding="utf-8"), "html.parser")
    section = soup.find(id="used-in-device-model")
    assert section is not None and variable.label in section.find_next("ul").get_text()


def test_the_code_list_export_matches_its_schema_and_the_data(site):
    exported = json.loads((site / "codelists.json").read_text(encoding="utf-8"))
    jsonschema.validate(exported, json.loads((site / "codelists.schema.json").read_text(encoding="utf-8")))
    assert {c["name"]: [v["value"] for v in c["values"]] for c in exported["codelists"]} == {n: [v["value"] for v in d["values"]] for n, d in LISTS.items()}
    rows = list(csv.DictReader(io.StringIO((site / "codelists.csv").read_text(encoding="utf-8"))))
    assert len(rows) == sum(len(d["values"]) for d in LISTS.values())


def test_the_inventory_has_the_code_values_in_a_role_of_their_own(site):
    import sphobjinv

    inventory = sphobjinv.Inventory(site / "objects.inv")
    found = {(o.name, o.role): o.uri_expanded for o in inventory.objects if o.domain == "codelist"}
    assert found[("IdTokenEnumStringType.ISO14443", "value")] == "codelists/IdTokenEnumStringType/#ISO14443"
    assert found[("ReasonCodes", "list")] == "codelists/ReasonCodes/"
    assert len([k for k in found if k[1] == "value"]) == sum(len(d["values"]) for d in LISTS.values())


# ---------------------------------------------------------------------------
# Bad data
# ---------------------------------------------------------------------------


def _build_with(tmp_path, edit) -> str:
    data = copy_data(tmp_path / "data")
    edit(data)
    result = mkdocs_build(tmp_path / "site", data)
    assert result.returncode != 0
    return result.stdout + result.stderr


def test_a_code_value_twice_is_refused_with_its_line(tmp_path):
    def edit(data):
        path = data / "codelists" / "PaymentRecognition.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("- value: Debit", "- value: CC"), encoding="utf-8")

    output = _build_with(tmp_path, edit)
    assert "codelists/PaymentRecognition.yaml:" in output and "the value 'CC' appears twice" in output
    assert "Traceback" not in output


def test_a_device_model_variable_taking_an_unknown_list_is_refused(tmp_path):
    def edit(data):
        path = data / "devicemodel.yaml"
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        document["variables"][0]["takes"] = "NoSuchList"
        path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")

    output = _build_with(tmp_path, edit)
    assert "devicemodel.yaml:" in output and "takes NoSuchList, which is no enumeration in data/enums/ and no code list" in output
