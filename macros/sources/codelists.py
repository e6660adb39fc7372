"""What `make sync` writes for the code lists: data/codelists/<Name>.yaml per appendix list and data/devicemodel.yaml.

Names, order, columns, fields and the device model's list variables come from the vendored appendix
(CSV tables) and the schemas; explanations, notes and which value set a variable takes are hand-kept.
A code list that only the device model defines (`defined_by: device model`) is hand-kept whole.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml

from macros.sources import load_yaml
from macros.sources import appendix, requirements

OFFICIAL = Path("official") / "ocpp21"  # inside the data folder
LIST_KINDS = ("OptionList", "MemberList", "SequenceList")
CODELIST_LINE = "# yaml-language-server: $schema=../codelist.schema.json\n"
DEVICEMODEL_LINE = (
    "# yaml-language-server: $schema=devicemodel.schema.json\n"
    "# Written by `make sync` from the appendix's table of components and variables (the list-valued ones);\n"
    "# `takes` (the enumeration or code list a variable's values come from) and `source` are hand-kept.\n"
)


def _kept(path: Path) -> dict:
    return (load_yaml(path.read_text(encoding="utf-8")) if path.exists() else None) or {}


def codelist_document(source: appendix.ListSource, values: list[appendix.CodeValue], fields: list[appendix.ListField],
                      kept: dict, in_201: tuple[str, ...] | None) -> dict:
    """One appendix code list's file: the sync's fields from the appendix and schemas, the hand-kept ones from `kept`."""
    old = {v.get("value"): v for v in kept.get("values") or []}
    document: dict = {"name": source.name, "title": source.title, "appendix_section": source.section,
                      "source": ", ".join(file for file, _ in source.files)}
    if source.was_enum:
        document["was_enum"] = source.was_enum
    document["values"] = []
    for value in values:
        entry: dict = {"value": value.value}
        if in_201 is not None:
            entry["since"] = "2.0.1" if value.value in in_201 else "2.1"
        if value.columns:
            entry["columns"] = value.columns
        if value.erratum:
            entry["erratum"] = value.erratum
        for key in ("description", "note"):
            if old.get(value.value, {}).get(key):
                entry[key] = old[value.value][key]
        document["values"].append(entry)
    if in_201 is not None:
        document["removed_values"] = [name for name in in_201 if name not in {v.value for v in values}]
    document["usages"] = [
        {"message": f.message, "path": f.path, "required": f.required, "list": f.is_list, "max_length": f.max_length,
         "case_insensitive": f.case_insensitive, "description": f.description}
        for f in fields
    ]
    return document


def device_model_document(folder: Path, kept: dict) -> dict:
    """data/devicemodel.yaml: every standardized variable whose data type is a list, with what it takes (hand-kept)."""
    text = (folder / "appendix-csv" / "dm_components_vars.csv").read_bytes().decode("utf-8", errors="replace")
    old = {(v.get("component"), v.get("variable"), v.get("instance")): v for v in kept.get("variables") or []}
    variables = []
    for row in csv.DictReader(io.StringIO(text), delimiter=";"):
        kind = (row.get("DataType") or "").replace(" ", "")
        if kind not in LIST_KINDS:
            continue
        key = (row["Specific Component"].strip(), row["Variable"].strip(), row["Instance"].strip() or None)
        entry = {"component": key[0], "variable": key[1]}
        if key[2]:
            entry["instance"] = key[2]
        entry["kind"] = kind
        entry["takes"] = old.get(key, {}).get("takes")
        for hand_kept in ("source", "note"):
            if old.get(key, {}).get(hand_kept):
                entry[hand_kept] = old[key][hand_kept]
        variables.append(entry)
    listed = {(v["component"], v["variable"], v.get("instance")) for v in variables}
    # Hand-added: a variable the table does not type as a list, whose text names its value set (or says it has none).
    extra = [v for v in kept.get("variables") or [] if (v.get("component"), v.get("variable"), v.get("instance")) not in listed]
    return {"variables": variables + extra}


def planned(data: Path, official_enums_201) -> dict[Path, dict]:
    """Every code-list file and the device-model file the vendored appendix calls for (empty without it)."""
    folder = data / OFFICIAL
    if not (folder / "appendix-csv").is_dir():
        return {}
    errata = (folder / requirements.ERRATA).read_text(encoding="utf-8")
    fields = appendix.list_fields()
    documents: dict[Path, dict] = {}
    for source in appendix.LISTS:
        path = data / "codelists" / f"{source.name}.yaml"
        in_201 = official_enums_201[source.was_enum].values if source.was_enum else None
        values = appendix.read_list(folder, source, errata)
        documents[path] = codelist_document(source, values, fields.get(source.name, []), _kept(path), in_201)
    documents[data / "devicemodel.yaml"] = device_model_document(folder, _kept(data / "devicemodel.yaml"))
    return documents
