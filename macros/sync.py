"""Write the YAML data from the official OCPP 2.1 and 2.0.1 JSON schemas.

    python -m macros.sync          # create or refresh data/
    python -m macros.sync --check  # report drift, write nothing (exit 1 on drift)

Fields taken from the schemas are overwritten; hand-written ones (value
explanations and notes, the enum's Part 2 section) are kept.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from macros import schemas

DATA = Path(__file__).resolve().parent.parent / "data"
SCHEMA_LINE = "# yaml-language-server: $schema=../enum.schema.json\n"
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


def planned_files(data: Path) -> dict[Path, str]:
    """Every data file the schemas call for, with its text."""
    current, previous = schemas.official_enums("2.1"), schemas.official_enums("2.0.1")
    files = {}
    for name, enum in current.items():
        path = data / "enums" / f"{name}.yaml"
        kept = {}
        if path.exists():
            kept = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        files[path] = dump(enum_document(enum, previous.get(name), kept), SCHEMA_LINE)
    files[data / "retired.yaml"] = dump(retired_document(current, previous), RETIRED_LINE)
    return files


def main(argv: list[str] | None = None) -> int:
    """Sync or check data/; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report drift, write nothing")
    parser.add_argument("--data", type=Path, default=DATA, help="data folder (default: data/)")
    args = parser.parse_args(argv)
    files = planned_files(args.data)
    stale = sorted(set((args.data / "enums").glob("*.yaml")) - set(files))
    drift = [path for path, text in files.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
    if args.check:
        for path in drift:
            print(f"{path.relative_to(args.data.parent)}: differs from the official schemas (run `make sync`)")
        for path in stale:
            print(f"{path.relative_to(args.data.parent)}: no such enumeration in the official schemas")
        return 1 if drift or stale else 0
    for path in drift:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], encoding="utf-8")
    for path in stale:
        path.unlink()
    print(f"{len(drift)} file(s) written, {len(stale)} removed, {len(files) - len(drift)} unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
