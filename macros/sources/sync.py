"""Write the YAML data from the official OCPP 2.1, 2.0.1 and 1.6 JSON schemas.

    python -m macros.sources.sync          # create or refresh data/
    python -m macros.sources.sync --check  # name each difference, write nothing (exit 1 on drift)
    python -m macros.sources.sync --check --schemas some/ocpp/v21/schemas  # against other 2.1 schemas

Fields taken from the schemas are overwritten; hand-written ones (value
explanations and notes, the enum's Part 2 section, the 1.6 -> 2.1 mapping) are kept.
data/source.yaml records which schemas data/ was last synced from, and the date.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import sys
from pathlib import Path

import yaml

from macros.sources import load_yaml
from macros.sources import codelists, requirement_index, schemas

DATA = Path(__file__).resolve().parents[2] / "data"
SCHEMA_LINE = "# yaml-language-server: $schema=../enum.schema.json\n"
OCPP16_LINE = (
    "# yaml-language-server: $schema=ocpp16.schema.json\n"
    "# OCPP 1.6 enumerations and their OCPP 2.1 counterparts. `make sync` writes each type's fields and values\n"
    "# from the 1.6 schemas; the sources, type names and notes, and each value's mapping are hand-kept.\n"
)
SOURCE_LINE = "# yaml-language-server: $schema=source.schema.json\n# Written by `make sync`: the official schemas data/ was last synced from, and when.\n"
SOURCE_KEYS = ("edition", "schema_id", "package")  # what the schemas say they are; `synced` is the date
REQUIREMENTS_LINE = (
    "# yaml-language-server: $schema=requirements.schema.json\n"
    "# Written by `make sync` from data/official/ocpp21/ (OCPP 2.1 Part 2 with the errata 2025-09): the functional\n"
    "# requirements that name enumeration values. Do not edit: corrections go to data/requirements-corrections.yaml.\n"
)
RETIRED_LINE = "# yaml-language-server: $schema=retired.schema.json\n# Written by `make sync`: OCPP 2.0.1 enumerations that are plain strings in OCPP 2.1.\n"


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Block style for multi-line text, so diffs of descriptions stay readable; no aliases (the reader
    refuses them). libyaml's emitter writes the same text as PyYAML's, four times faster."""

    def ignore_aliases(self, data):
        return True


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


def retired_document(current: dict, previous: dict, folder: Path | None = None) -> dict:
    """2.0.1 enums missing from 2.1, each with the 2.1 fields that carry its former usages."""
    fields_21 = {
        (field.message, field.path): field
        for message, schema in schemas.load_schemas("2.1", folder).items()
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


_MAPPING_KEYS = ("kind", "targets", "code_value", "replacement", "note", "judgement")  # a 1.6 value's hand-kept keys, in file order


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


def planned_files(data: Path, problems: list[str] | None = None, folder: Path | None = None) -> dict[Path, str]:
    """Every data file the schemas call for (2.1 from `folder` if given), with its text; what sync
    cannot settle goes into `problems`. data/source.yaml is not among them: see `main`."""
    current, previous = schemas.official_enums("2.1", folder), schemas.official_enums("2.0.1")
    files = {}
    for name, enum in current.items():
        path = data / "enums" / f"{name}.yaml"
        kept = {}
        if path.exists():
            kept = load_yaml(path.read_text(encoding="utf-8")) or {}
        files[path] = dump(enum_document(enum, previous.get(name), kept), SCHEMA_LINE)
    files[data / "retired.yaml"] = dump(retired_document(current, previous, folder), RETIRED_LINE)
    ocpp16 = data / "ocpp16.yaml"
    if ocpp16.exists():  # hand-kept mapping: sync refreshes it and never creates it
        document, found = ocpp16_document(load_yaml(ocpp16.read_text(encoding="utf-8")) or {}, schemas.enum_fields_16())
        files[ocpp16] = dump(document, OCPP16_LINE)
        if problems is not None:
            problems += [f"{ocpp16.relative_to(data.parent)}: {problem}" for problem in found]
    for path, document in codelists.planned(data, previous).items():
        files[path] = dump(document, codelists.CODELIST_LINE if path.parent.name == "codelists" else codelists.DEVICEMODEL_LINE)
    built = requirement_index.document(data, current)
    if built:  # only where the data folder carries the vendored specification text
        document, found = built
        files[data / "requirements.yaml"] = dump(document, REQUIREMENTS_LINE)
        if problems is not None:
            problems += [f"{data.name}/{problem}" for problem in found]
    return files


# ---------------------------------------------------------------------------
# What changed: one line per difference, for `--check`
# ---------------------------------------------------------------------------


def _reworded(old: str, new: str) -> str:
    """The changed words of a text, e.g. `"the Connector" -> "the EVSE"` (at most three spans)."""
    a, b = old.split(), new.split()
    spans = [f'"{" ".join(a[i1:i2])}" -> "{" ".join(b[j1:j2])}"' for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b).get_opcodes() if tag != "equal"]
    return "; ".join(spans[:3]) + (f" (and {len(spans) - 3} more)" if len(spans) > 3 else "") if spans else "blank space only"


def enum_changes(old: dict | None, new: dict) -> list[str]:
    """What the schemas changed in one enumeration, a line each, from its current and its planned mapping."""
    new_values = [v["value"] for v in new["values"]]
    if old is None:
        return [f"new enumeration, values {', '.join(new_values)}"]
    old_values = [v.get("value") for v in old.get("values", []) if isinstance(v, dict)]
    added = [v for v in new_values if v not in old_values]
    removed = [v for v in old_values if v not in new_values]
    lines = []
    if len(added) == len(removed) == 1 and old_values.index(removed[0]) == new_values.index(added[0]):
        lines.append(f"value {removed[0]} renamed to {added[0]} (same place in the list)")
    else:
        lines += [f"value {value} added (number {new_values.index(value) + 1} of {len(new_values)})" for value in added]
        lines += [f"value {value} removed" for value in removed]
    if not added and not removed and old_values != new_values:
        lines.append(f"values reordered: {', '.join(new_values)}")
    if old.get("description") != new["description"]:
        lines.append(f"description reworded: {_reworded(str(old.get('description', '')), new['description'])}")
    for key in ("since", "default"):
        if old.get(key) != new.get(key):
            lines.append(f"{key} {old.get(key)} -> {new.get(key)}")
    old_since = {v.get("value"): v.get("since") for v in old.get("values", []) if isinstance(v, dict)}
    lines += [f"value {v['value']} since {old_since[v['value']]} -> {v['since']}" for v in new["values"] if v["value"] in old_since and old_since[v["value"]] != v["since"]]
    if old.get("removed_values") != new.get("removed_values"):
        lines.append(f"removed_values {old.get('removed_values')} -> {new.get('removed_values')}")
    old_usages = {(u.get("message"), u.get("path")): u for u in old.get("usages", []) if isinstance(u, dict)}
    new_usages = {(u["message"], u["path"]): u for u in new["usages"]}
    for key in new_usages.keys() - old_usages.keys():
        lines.append(f"now used in {key[0]} {key[1]}")
    for key in old_usages.keys() - new_usages.keys():
        lines.append(f"no longer used in {key[0]} {key[1]}")
    for key in new_usages.keys() & old_usages.keys():
        for field in ("required", "list", "description"):
            before, after = old_usages[key].get(field), new_usages[key][field]
            if before != after:
                change = _reworded(str(before), after) if field == "description" else f"{before} -> {after}"
                lines.append(f"{key[0]} {key[1]}: {field} {'reworded: ' if field == 'description' else ''}{change}")
    return lines


def requirement_changes(old_text: str | None, new_text: str) -> list[str]:
    """One line per requirement whose named values differ, e.g. "B03.FR.05: now names X.Y (was nothing)"."""
    def named(text: str | None) -> dict[str, list[str]]:
        document = (load_yaml(text) if text else None) or {}
        return {r["id"]: r["values"] for u in document.get("use_cases", []) for r in u["requirements"]}

    old, new = named(old_text), named(new_text)
    return [
        f"requirement {rid}: now names {', '.join(new.get(rid, [])) or 'no value'} (was {', '.join(old.get(rid, [])) or 'no value'})"
        for rid in sorted(set(old) | set(new))
        if old.get(rid) != new.get(rid)
    ]


def changes(path: Path, old_text: str | None, new_text: str) -> list[str]:
    """One line per difference between a data file and what the schemas call for."""
    if path.name == "requirements.yaml":
        try:
            if found := requirement_changes(old_text, new_text):
                return found
        except (yaml.YAMLError, KeyError, TypeError, AttributeError):  # a broken file: the line diff below shows it
            pass
    if path.parent.name == "enums":
        try:
            old = load_yaml(old_text) if old_text else None
        except yaml.YAMLError:  # a broken file: the line diff below shows it
            old = ""
        if old is None or isinstance(old, dict):
            if found := enum_changes(old, load_yaml(new_text)):
                return found
    diff = difflib.unified_diff((old_text or "").splitlines(), new_text.splitlines(), lineterm="", n=0)
    lines = [line for line in diff if not line.startswith(("---", "+++", "@@"))]
    return ["differs: " + " | ".join(lines[:6]) + (f" (and {len(lines) - 6} more lines)" if len(lines) > 6 else "")]


def source_document(found: dict, kept: dict, changed: bool, today: str) -> dict:
    """data/source.yaml: what the schemas say they are, and the date of the sync that last changed data/."""
    same = all(kept.get(key) == found[key] for key in SOURCE_KEYS)
    return {**{key: found[key] for key in SOURCE_KEYS}, "synced": kept["synced"] if same and not changed and kept.get("synced") else today}


def main(argv: list[str] | None = None) -> int:
    """Sync or check data/; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="name each difference, write nothing")
    parser.add_argument("--data", type=Path, default=DATA, help="data folder (default: data/)")
    parser.add_argument("--schemas", type=Path, help="another folder of OCPP 2.1 JSON schemas (default: the installed ocpp package's)")
    args = parser.parse_args(argv)
    try:
        found = schemas.source_of(args.schemas)
    except (OSError, ValueError) as error:
        print(f"--schemas: {error}", file=sys.stderr)
        return 2
    problems: list[str] = []
    files = planned_files(args.data, problems, args.schemas)
    for problem in problems:
        print(problem, file=sys.stderr)
    stale = sorted(set((args.data / "enums").glob("*.yaml")) - set(files))
    drift = [path for path, text in files.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
    source = args.data / "source.yaml"
    kept = (load_yaml(source.read_text(encoding="utf-8")) if source.exists() else None) or {}
    index = files.get(args.data / "requirements.yaml")
    if index:  # the figures the requirement index rests on, for the reviewer of a sync
        counts = load_yaml(index)["counts"]
        print(f"requirement index: {counts['naming_values']} of {counts['requirements']} requirements name values "
              f"({counts['mentions']} mentions placed, {counts['left_out']} left out as not placeable)", file=sys.stderr)
    if args.check:
        shown = f"the ocpp {found['package']} package" if found["package"] else str(args.schemas)
        if args.schemas and found["package"]:
            shown += f" ({args.schemas})"
        for path in drift:
            for line in changes(path, path.read_text(encoding="utf-8") if path.exists() else None, files[path]):
                print(f"{path.relative_to(args.data.parent)}: {line}")
        for path in stale:
            print(f"{path.relative_to(args.data.parent)}: no such enumeration in the official schemas (removed or renamed)")
        unlike = [key for key in SOURCE_KEYS if kept.get(key) != found[key] and (key != "package" or args.schemas is None)]
        for key in unlike:
            print(f"{source.relative_to(args.data.parent)}: {key}: data/ was synced from {kept.get(key)!r}, {shown} says {found[key]!r}")
        if args.schemas is not None and kept.get("package") != found["package"]:
            print(f"(data/ was synced from ocpp {kept.get('package')}; these schemas come from {'ocpp ' + str(found['package']) if found['package'] else 'no installed ocpp package'})")
        if drift or stale or unlike or problems:
            then = f"pin ocpp=={found['package']} in requirements-dev.in, `make lock`, then `make sync`" if args.schemas and found["package"] else "`make sync`"
            print(f"{len(drift) + len(stale)} file(s) differ from {shown}: review the lines above, then {then} (see the README)")
            return 1
        print(f"data/ matches {shown} ({found['edition']})")
        return 0
    for path in drift:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(files[path], encoding="utf-8")
    for path in stale:
        path.unlink()
    record = dump(source_document(found, kept, bool(drift or stale), datetime.date.today().isoformat()), SOURCE_LINE)
    if not source.exists() or source.read_text(encoding="utf-8") != record:
        source.write_text(record, encoding="utf-8")
    print(f"{len(drift)} file(s) written, {len(stale)} removed, {len(files) - len(drift)} unchanged; {found['edition']}, ocpp {found['package']}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
