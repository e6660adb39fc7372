"""Write the YAML data from the official OCPP 2.1, 2.0.1 and 1.6 JSON schemas.

    python -m macros.sync          # create or refresh data/
    python -m macros.sync --check  # report drift, write nothing (exit 1 on drift)

Fields taken from the schemas are overwritten; hand-written ones (value
explanations and notes, the enum's Part 2 section, the 1.6 -> 2.1 mapping) are kept.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from macros import schemas

DATA = Path(__file__).resolve().parent.parent / "data"
SCHEMA_LINE = "# yaml-language-server: $schema=../enum.schema.json\n"
OCPP16_LINE = (
    "# yaml-language-server: $schema=ocpp16.schema.json\n"
    "# OCPP 1.6 enumerations and their OCPP 2.1 counterparts. `make sync` writes each type's fields and values\n"
    "# from the 1.6 schemas; the sources, type names and notes, and each value's mapping are hand-kept.\n"
)
RETIRED_LINE = "# yaml-language-server: $schema=retired.schema.json\n# Written by `make sync`: OCPP 2.0.1 enumerations that are plain strings in OCPP 2.1.\n"


class _Dumper(yaml.SafeDumper):
    """Block style for multi-line text, so diffs of descriptions stay readable."""


def _str(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _str)


def dump(document: dict, header: str) -> str:
    """YAML text of one data file, e.g. `# yaml-language-server: ...\\nname: ...`."""
    return header + yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def enum_document(enum: schemas.OfficialEnum, old: schemas.OfficialEnum | None, kept: dict) -> dict:
    """The YAML mapping of one enum; `old` is its 2.0.1 form, `kept` the file's current mapping."""
    kept_values = {v.get("value"): v for v in kept.get("values", []) if isinstance(v, dict)}
    document: dict = {"name": enum.name, "description": enum.description}
    document["since"] = "2.0.1" if old else "2.1"
    if kept.get("spec_section"):
        document["spec_section"] = kept["spec_section"]
    if enum.default is not None:
        document["default"] = enum.default
    document["values"] = [_value(value, "2.0.1" if old and value in old.values else "2.1", kept_values.get(value, {})) for value in enum.values]
    removed = [value for value in (old.values if old else ()) if value not in enum.values]
    if removed:
        document["removed_values"] = removed
    document["usages"] = [
        {
            "message": field.message,
            "path": field.path,
            "required": field.required,
            "list": field.is_list,
            "description": schemas.normalize(field.description),
        }
        for field in enum.usages
    ]
    return document


def _value(value: str, since: str, kept: dict) -> dict:
    """One value's mapping: the wire value and version from the schemas, the hand-written texts kept."""
    entry = {"value": value, "since": since, "description": kept.get("description", "")}
    if kept.get("note"):
        entry["note"] = kept["note"]
    return entry


def retired_document(current: dict, previous: dict) -> dict:
    """2.0.1 enums missing from 2.1, each with the 2.1 fields that carry its former usages."""
    fields_21 = {
        (field.message, field.path): field
        for message, schema in schemas.load_schemas("2.1").items()
        for field in schemas.walk_fields(message, schema)
    }
    retired = []
    for name in sorted(set(previous) - set(current)):
        fields = []
        for usage in previous[name].usages:
            field = fields_21.get((usage.message, usage.path))
            fields.append(
                {
                    "message": usage.message,
                    "path": usage.path,
                    "type_in_2_1": field.schema.get("type", "missing") if field else "missing",
                    "max_length": field.schema.get("maxLength") if field else None,
                }
            )
        retired.append({"name": name, "values": list(previous[name].values), "fields_in_2_1": fields})
    return {"retired": retired}


_MAPPING_KEYS = ("kind", "targets", "replacement", "note", "judgement")  # a 1.6 value's hand-kept keys, in file order


def ocpp16_document(kept: dict, fields: list[schemas.InlineEnumField]) -> tuple[dict, list[str]]:
    """data/ocpp16.yaml from the 1.6 schemas' enum fields and the file's current mapping `kept`;
    returns (document, problems only a person can settle).

    A type keeps the fields it lists that the schemas still have (in schema order) and takes its
    values from them; a field no type lists goes to the one type with exactly its values. A value
    new in the schemas gets no mapping, which the data check then asks for.
    """
    order = {(f.message, f.path): index for index, f in enumerate(fields)}
    types = [t for t in kept.get("types", []) if isinstance(t, dict)]
    claimed = {t.get("name"): [(f["message"], f["path"]) for f in t.get("fields", []) if (f.get("message"), f.get("path")) in order] for t in types}
    listed = {key for keys in claimed.values() for key in keys}
    problems = []
    for field in fields:
        if (field.message, field.path) in listed:
            continue
        same = [t["name"] for t in types if tuple(v.get("value") for v in t.get("values", [])) == field.values]
        if len(same) == 1:
            claimed[same[0]].append((field.message, field.path))
        else:
            problems.append(f"{field.message} {field.path} carries {list(field.values)}, which {'several types' if same else 'no type'} in ocpp16.yaml list{'' if same else 's'}: add it to one")
    out = []
    for entry in types:
        keys = sorted(claimed[entry.get("name")], key=order.__getitem__)
        lists = {fields[order[key]].values for key in keys}
        if len(lists) != 1:
            problems.append(f"{entry.get('name')}: {'no field of it is in the 1.6 schemas' if not lists else 'its fields carry different values'}: fix its fields")
            out.append(entry)
            continue
        mapped = {v.get("value"): v for v in entry.get("values", []) if isinstance(v, dict)}
        document = {"name": entry.get("name")}
        if entry.get("note"):
            document["note"] = entry["note"]
        document["fields"] = [{"message": message, "path": path} for message, path in keys]
        document["values"] = [
            {"value": value, **{key: mapped[value][key] for key in _MAPPING_KEYS if key in mapped.get(value, {})}} for value in lists.pop()
        ]
        out.append(document)
    return {"sources": kept.get("sources", []), "types": out}, problems


def planned_files(data: Path, problems: list[str] | None = None) -> dict[Path, str]:
    """Every data file the schemas call for, with its text; what sync cannot settle goes into `problems`."""
    current, previous = schemas.official_enums("2.1"), schemas.official_enums("2.0.1")
    files = {}
    for name, enum in current.items():
        path = data / "enums" / f"{name}.yaml"
        kept = {}
        if path.exists():
            kept = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        files[path] = dump(enum_document(enum, previous.get(name), kept), SCHEMA_LINE)
    files[data / "retired.yaml"] = dump(retired_document(current, previous), RETIRED_LINE)
    ocpp16 = data / "ocpp16.yaml"
    if ocpp16.exists():  # hand-kept mapping: sync refreshes it and never creates it
        document, found = ocpp16_document(yaml.safe_load(ocpp16.read_text(encoding="utf-8")) or {}, schemas.enum_fields_16())
        files[ocpp16] = dump(document, OCPP16_LINE)
        if problems is not None:
            problems += [f"{ocpp16.relative_to(data.parent)}: {problem}" for problem in found]
    return files


def main(argv: list[str] | None = None) -> int:
    """Sync or check data/; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report drift, write nothing")
    parser.add_argument("--data", type=Path, default=DATA, help="data folder (default: data/)")
    args = parser.parse_args(argv)
    problems: list[str] = []
    files = planned_files(args.data, problems)
    for problem in problems:
        print(problem, file=sys.stderr)
    stale = sorted(set((args.data / "enums").glob("*.yaml")) - set(files))
    drift = [path for path, text in files.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
    if args.check:
        for path in drift:
            print(f"{path.relative_to(args.data.parent)}: differs from the official schemas (run `make sync`)")
        for path in stale:
            print(f"{path.relative_to(args.data.parent)}: no such enumeration in the official schemas")
        return 1 if drift or stale or problems else 0
    for path in drift:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], encoding="utf-8")
    for path in stale:
        path.unlink()
    print(f"{len(drift)} file(s) written, {len(stale)} removed, {len(files) - len(drift)} unchanged")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
