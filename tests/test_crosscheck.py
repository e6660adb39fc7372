"""The YAML data against the official OCA JSON schemas shipped by the `ocpp` package.

The expectations are read straight from the schema files here, independently of the
sync command that wrote the YAML, so a bug in the sync cannot hide itself.
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib.metadata
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import ocpp
import pytest
import yaml

from conftest import ROOT

from macros.catalog import assemble, model
from macros.sources import sync

SCHEMAS = {version: Path(ocpp.__file__).parent / folder / "schemas" for version, folder in (("2.1", "v21"), ("2.0.1", "v201"))}


def clean(text: str | None) -> str:
    """The documented text rule: CRLF -> LF, blank space at line ends and around the text removed."""
    return "\n".join(line.rstrip() for line in (text or "").replace("\r\n", "\n").split("\n")).strip()


def read_official(version: str) -> dict[str, dict]:
    """name -> {values, texts (file -> text), default, usages} for one OCPP version."""
    enums: dict[str, dict] = {}
    for path in sorted(SCHEMAS[version].glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        definitions = schema.get("definitions", {})
        for name, definition in definitions.items():
            if "enum" in definition:
                entry = enums.setdefault(name, {"values": definition["enum"], "texts": {}, "default": None, "usages": []})
                assert entry["values"] == definition["enum"], f"{name} differs between schema files"
                entry["texts"][path.stem] = clean(definition.get("description"))
                entry["default"] = definition.get("default", entry["default"])

        def visit(node: dict, prefix: str, seen: frozenset) -> None:
            for prop_name, prop in node.get("properties", {}).items():
                item = prop.get("items", prop) if prop.get("type") == "array" else prop
                ref = item.get("$ref", "").split("/")[-1]
                target = definitions.get(ref, {})
                if "enum" in target:
                    enums[ref]["usages"].append(
                        (
                            path.stem,
                            prefix + prop_name,
                            prop_name in node.get("required", []),
                            prop.get("type") == "array",
                            clean(prop.get("description") or target.get("description")),
                        )
                    )
                elif target.get("type") == "object" and ref not in seen:
                    visit(target, f"{prefix}{prop_name}.", seen | {ref})

        visit(schema, "", frozenset())
    return enums


def chosen_description(texts: dict[str, str]) -> str:
    """The documented rule: the text most files give; a tie goes to the first file by name."""
    counts = Counter(t for t in texts.values() if t)
    if not counts:
        return ""
    return next(t for _, t in sorted(texts.items()) if counts.get(t) == max(counts.values()))


def differences(catalog: model.Catalog, current: dict, previous: dict) -> list[str]:
    """Every way the catalog differs from the official schemas, one line naming enum and field each."""
    problems = []
    for name in sorted(set(current) - set(catalog.enums)):
        problems.append(f"{name}: in the schemas, missing from data/enums/")
    for name in sorted(set(catalog.enums) - set(current)):
        problems.append(f"{name}: in data/enums/, not in the schemas")
    for name in sorted(set(current) & set(catalog.enums)):
        enum, official, old = catalog.enums[name], current[name], previous.get(name)
        values = [v.name for v in enum.values]
        if values != official["values"]:
            problems.append(f"{name}: values {values} != official {official['values']}")
        if enum.description != chosen_description(official["texts"]):
            problems.append(f"{name}: description {enum.description!r} != official {chosen_description(official['texts'])!r}")
        if enum.default != official["default"]:
            problems.append(f"{name}: default {enum.default!r} != official {official['default']!r}")
        if enum.since != ("2.0.1" if old else "2.1"):
            problems.append(f"{name}: since {enum.since} but OCPP 2.0.1 {'has' if old else 'lacks'} it")
        for value in enum.values:
            expected = "2.0.1" if old and value.name in old["values"] else "2.1"
            if value.since != expected:
                problems.append(f"{name}.{value.name}: since {value.since}, expected {expected}")
        removed = [v for v in (old["values"] if old else []) if v not in official["values"]]
        if list(enum.removed_values) != removed:
            problems.append(f"{name}: removed_values {list(enum.removed_values)} != {removed}")
        usages = [(u.message, u.path, u.required, u.is_list, u.description) for u in enum.usages]
        for missing in sorted(set(official["usages"]) - set(usages)):
            problems.append(f"{name}: usage {missing[0]} {missing[1]} (required={missing[2]}, list={missing[3]}) missing or different")
        for extra in sorted(set(usages) - set(official["usages"])):
            problems.append(f"{name}: usage {extra[0]} {extra[1]} (required={extra[2]}, list={extra[3]}) not in the schemas as written")
    return problems


@pytest.fixture(scope="module")
def official():
    return read_official("2.1"), read_official("2.0.1")


def test_yaml_matches_official_schemas(catalog, official):
    current, previous = official
    problems = differences(catalog, current, previous)
    assert not problems, "\n".join(problems)


def test_counts_match_the_specification(catalog):
    assert len(catalog.enums) == 110
    assert sum(len(e.values) for e in catalog.enums.values()) == 599
    assert sum(len(e.usages) for e in catalog.enums.values()) == 240
    assert [e.name for e in catalog.enums.values() if not e.description] == sorted(
        ["DayOfWeekEnumType", "TariffClearStatusEnumType", "MonitoringCriterionEnumType", "ComponentCriterionEnumType",
         "GetVariableStatusEnumType", "NotifyAllowedEnergyTransferStatusEnumType", "IslandingDetectionEnumType",
         "TariffSetStatusEnumType"]
    )


def test_spec_quirks_stay_verbatim(catalog):
    assert "IdleTIme" in [v.name for v in catalog.enums["CostDimensionEnumType"].values]


def test_version_marks_match_the_2_0_1_difference(catalog, official):
    current, previous = official
    assert sorted(e.name for e in catalog.enums.values() if e.since == "2.1") == sorted(set(current) - set(previous))
    grown = {e.name: len(e.new_values) for e in catalog.enums.values() if e.new_values}
    assert grown == {n: len(set(current[n]["values"]) - set(previous[n]["values"])) for n in current if n in previous and set(current[n]["values"]) - set(previous[n]["values"])}
    assert grown["MeasurandEnumType"] == 31 and grown["TriggerReasonEnumType"] == 8
    assert len(grown) == 22 and sum(e.since == "2.1" for e in catalog.enums.values()) == 25


def test_retired_enums_are_the_2_0_1_enums_gone_from_2_1(catalog, official):
    current, previous = official
    assert [r.name for r in catalog.retired] == sorted(set(previous) - set(current))
    for retired in catalog.retired:
        assert list(retired.values) == previous[retired.name]["values"]
        assert [(m, p) for m, p, _, _ in retired.fields] == [(u[0], u[1]) for u in previous[retired.name]["usages"]]
        assert all(kind == "string" for _, _, kind, _ in retired.fields), retired


def test_message_directions_cover_exactly_the_schema_messages(catalog):
    actions = {model.action(p.stem) for p in SCHEMAS["2.1"].glob("*.json")}
    assert set(catalog.messages) == actions


def test_mismatch_names_enum_and_difference(catalog, official):
    current, previous = official
    enum = catalog.enums["ConnectorStatusEnumType"]
    swapped = dataclasses.replace(enum, values=enum.values[::-1], usages=enum.usages[:0])
    tampered = dataclasses.replace(catalog, enums={**catalog.enums, enum.name: swapped})
    problems = differences(tampered, current, previous)
    assert any(p.startswith("ConnectorStatusEnumType: values ['Faulted'") for p in problems), problems
    assert any(p.startswith("ConnectorStatusEnumType: usage StatusNotificationRequest connectorStatus") for p in problems)


def test_sync_check_reports_no_drift():
    result = subprocess.run([sys.executable, "-m", "macros.sources.sync", "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_sync_check_reports_drift_and_writes_nothing(tmp_path):
    from conftest import copy_data

    data = copy_data(tmp_path / "data")
    target = data / "enums" / "ConnectorStatusEnumType.yaml"
    target.write_text(target.read_text().replace("Occupied", "Ocupied"))
    before = target.read_bytes()
    result = subprocess.run([sys.executable, "-m", "macros.sources.sync", "--check", "--data", str(data)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "data/enums/ConnectorStatusEnumType.yaml: value Ocupied renamed to Occupied" in result.stdout
    assert target.read_bytes() == before


def test_sync_keeps_hand_written_explanations_notes_and_sections(tmp_path):
    from conftest import copy_data

    data = copy_data(tmp_path / "data")
    target = data / "enums" / "ConnectorStatusEnumType.yaml"
    document = yaml.safe_load(target.read_text())
    document["spec_section"] = "3.999"
    document["values"][1].update(description="A vehicle is plugged in: an edited explanation.", note="An edited note.")
    document["values"][2].pop("note", None)
    document["description"] = "Not the official text."  # taken from the schemas: sync restores it
    target.write_text(sync.dump(document, sync.SCHEMA_LINE))
    (data / "enums" / "ChargingStateEnumType.yaml").unlink()
    result = subprocess.run([sys.executable, "-m", "macros.sources.sync", "--data", str(data)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    loaded = assemble.load_catalog(data)
    enum = loaded.enums["ConnectorStatusEnumType"]
    assert (enum.values[1].description, enum.values[1].note) == ("A vehicle is plugged in: an edited explanation.", "An edited note.")
    assert enum.values[2].note is None
    assert enum.spec_section == "3.999"
    assert enum.description == "This contains the current status of the Connector."
    assert "ChargingStateEnumType" in loaded.enums  # recreated


def test_the_footer_and_home_page_name_the_exact_source_and_the_last_sync(site):
    # Read from the schema files and the installed package here, not from data/source.yaml alone:
    # a raised pin without `make sync` fails `make check`, and a stale record shows here.
    schema = json.loads(next(SCHEMAS["2.1"].glob("*.json")).read_text(encoding="utf-8"))
    edition = schema["comment"].split(" (c)")[0]  # "OCPP 2.1 Edition 1 (c) OCA, ..."
    schema_id = schema["$id"].rpartition(":")[0]  # "urn:OCPP:Cp:2:2025:1:<Message>"
    synced = yaml.safe_load((ROOT / "data" / "source.yaml").read_text())["synced"]
    expected = (
        f"Data: the official {edition} JSON schemas (<code>{schema_id}</code>) from the <code>ocpp</code> "
        f"{importlib.metadata.version('ocpp')} package, last synced {synced}."
    )
    home = (site / "index.html").read_text(encoding="utf-8")
    footer = home.split('class="md-copyright__highlight"')[1]
    assert expected in home.split('class="md-copyright"')[0] and expected in footer
    assert expected in (site / "enums" / "ConnectorStatusEnumType" / "index.html").read_text(encoding="utf-8")
    assert f"{edition} JSON schemas ({schema_id}) of the ocpp {importlib.metadata.version('ocpp')} package" in json.loads((site / "enums.json").read_text())["source"]
    assert f"(pinned {importlib.metadata.version('ocpp')}:" in (ROOT / "README.md").read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# `make check SCHEMAS=…` and `make drift`: what the schema-drift workflow runs
# ---------------------------------------------------------------------------


def doctor(folder: Path, edit) -> None:
    """Apply `edit(file name, schema)` to every schema file of a folder (a release changes an enum in every file)."""
    for path in folder.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        if edit(path.stem, schema):
            path.write_text(json.dumps(schema, indent=2), encoding="utf-8")


def make_check(schemas: Path) -> subprocess.CompletedProcess:
    """`make check SCHEMAS=…`, as the schema-drift workflow runs it (through `make drift`)."""
    return subprocess.run(["make", "--no-print-directory", "check", f"SCHEMAS={schemas}"], cwd=ROOT, capture_output=True, text=True)


def add_parked(message: str, schema: dict) -> bool:
    """A doctored release: ConnectorStatusEnumType gains the value Parked."""
    definition = schema.get("definitions", {}).get("ConnectorStatusEnumType")
    if definition:
        definition["enum"].append("Parked")
    return definition is not None


def test_check_against_other_schemas_names_each_change_and_writes_nothing(tmp_path):
    copy = tmp_path / "schemas"
    shutil.copytree(SCHEMAS["2.1"], copy)
    same = make_check(copy)
    assert same.returncode == 0 and "data/ matches" in same.stdout, same.stdout + same.stderr

    def edit(message: str, schema: dict) -> bool:
        definitions = schema.get("definitions", {})
        add_parked(message, schema)  # a value added
        if "ChargingStateEnumType" in definitions:
            text = definitions["ChargingStateEnumType"]["description"]
            definitions["ChargingStateEnumType"]["description"] = text.replace("charging", "energy transfer")  # reworded
        if "OperationalStatusEnumType" in definitions:
            definitions["OperationalStatusEnumType"]["enum"].remove("Inoperative")  # a value removed
        if message == "StatusNotificationRequest":  # a new enumeration and a field that carries it
            schema["definitions"]["ConnectorColourEnumType"] = {"type": "string", "additionalProperties": False, "enum": ["Red", "Green"]}
            schema["properties"]["connectorColour"] = {"$ref": "#/definitions/ConnectorColourEnumType"}
        return True

    doctor(copy, edit)
    before = {path: path.read_bytes() for path in (ROOT / "data").rglob("*.yaml")}
    result = make_check(copy)
    assert result.returncode != 0
    lines = result.stdout.splitlines()

    def reported(*words: str) -> bool:
        return any(all(word in line for word in words) for line in lines)

    assert reported("ConnectorStatusEnumType.yaml", "Parked", "added"), lines
    assert reported("OperationalStatusEnumType.yaml", "Inoperative", "removed"), lines
    assert reported("ChargingStateEnumType.yaml", "description", '"charging" -> "energy transfer"'), lines
    assert reported("ConnectorColourEnumType.yaml", "new enumeration", "Red, Green"), lines
    assert {path: path.read_bytes() for path in (ROOT / "data").rglob("*.yaml")} == before


def test_check_names_a_renamed_value_and_a_new_edition(tmp_path):
    copy = tmp_path / "schemas"
    shutil.copytree(SCHEMAS["2.1"], copy)

    def edit(message: str, schema: dict) -> bool:
        schema["comment"] = schema["comment"].replace("Edition 1", "Edition 2")
        values = schema.get("definitions", {}).get("PhaseEnumType", {}).get("enum", [])
        values[:] = ["L1-Neutral" if value == "L1-N" else value for value in values]
        return True

    doctor(copy, edit)
    result = make_check(copy)
    assert result.returncode != 0
    assert "data/enums/PhaseEnumType.yaml: value L1-N renamed to L1-Neutral" in result.stdout
    assert "data/source.yaml: edition: data/ was synced from 'OCPP 2.1 Edition 1', " in result.stdout
    assert "says 'OCPP 2.1 Edition 2'" in result.stdout


def test_a_folder_that_is_not_schemas_is_one_clear_line(tmp_path):
    result = make_check(tmp_path)
    assert result.returncode != 0
    assert result.stderr.splitlines()[0] == f"--schemas: {tmp_path}: no JSON schema files (*.json) in this folder"
    assert "Traceback" not in result.stderr


def test_sync_records_the_date_only_when_the_data_changed(tmp_path):
    from conftest import copy_data

    data = copy_data(tmp_path / "data")
    record = data / "source.yaml"
    record.write_text(record.read_text().replace(yaml.safe_load(record.read_text())["synced"], "2020-01-02"))
    run = [sys.executable, "-m", "macros.sources.sync", "--data", str(data)]
    assert subprocess.run(run, capture_output=True, text=True).returncode == 0
    assert yaml.safe_load(record.read_text())["synced"] == "2020-01-02"  # nothing changed
    copy = tmp_path / "schemas"
    shutil.copytree(SCHEMAS["2.1"], copy)
    doctor(copy, add_parked)
    assert subprocess.run([*run, "--schemas", str(copy)], capture_output=True, text=True).returncode == 0
    written = yaml.safe_load(record.read_text())
    assert written["synced"] == datetime.date.today().isoformat() and written["package"] is None  # a bare folder is no package
    assert "Parked" in {v.name for v in assemble.load_catalog(data).enums["ConnectorStatusEnumType"].values}


def test_make_drift_checks_a_release_installed_from_the_registry():
    # The pinned release, so that the outcome does not change when the OCA publishes: it must match.
    version = importlib.metadata.version("ocpp")
    result = subprocess.run(["make", "--no-print-directory", "drift", f"DRIFT_PACKAGE=ocpp=={version}"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"data/ matches the ocpp {version} package (" in result.stdout
