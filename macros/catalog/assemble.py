"""Read every file of a data folder into one validated `Catalog`; `python -m macros.catalog [data]` checks a folder.

Everything the site shows comes through `load_catalog`; nothing else reads the YAML.
A problem in the data raises `DataError`, whose lines read `file:line: what is wrong`.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

import yaml

from macros.catalog.errors import DataError, line_of, repeated_values, schema_problems
from macros.catalog.codelists import read_codelist, read_device_model
from macros.catalog.model import BACKTICKED, Catalog, CodeList, DeviceVariable, Enum, RetiredEnum, Source, Usage, Value, action
from macros.catalog.ocpp16 import read_ocpp16
from macros.catalog.requirements import read_requirements
from macros.catalog.yamlread import read_valid, read_yaml

_SCHEMAS = Path(__file__).resolve().parents[2] / "data"
ENUM_SCHEMA = _SCHEMAS / "enum.schema.json"
MESSAGES_SCHEMA = _SCHEMAS / "messages.schema.json"
RETIRED_SCHEMA = _SCHEMAS / "retired.schema.json"
SOURCE_SCHEMA = _SCHEMAS / "source.schema.json"


def validate_enum(data: object, node: yaml.Node | None, shown: str, named_after: Mapping[str, str] | None = None) -> list[str]:
    """Problems of one enum file's data, as `file:line: text` lines; empty when it is valid.

    `named_after` maps a file stem to that file (as shown), so that a second file defining
    an enumeration is told which file already does.
    """
    if problems := schema_problems(data, node, shown, ENUM_SCHEMA):
        return problems
    name, stem = data["name"], Path(shown).stem
    if name != stem:
        line = line_of(node, ["name"])
        if named_after and name in named_after:
            problems.append(f"{shown}:{line}: {name} is defined in {named_after[name]} already: two files define it; delete this one or give it a name of its own")
        else:
            problems.append(f"{shown}:{line}: the name {name!r} differs from the file name {stem!r}: rename the file to {name}.yaml or change the name")
    repeats, seen = repeated_values(data["values"], node, shown)
    problems += repeats
    if data.get("default") is not None and data["default"] not in seen:
        problems.append(f"{shown}:{line_of(node, ['default'])}: default {data['default']!r} is not one of the values")
    return problems


def _enum(data: dict, source: str) -> Enum:
    return Enum(
        name=data["name"],
        description=data["description"],
        since=data["since"],
        default=data.get("default"),
        values=tuple(Value(v["value"], v["since"], v["description"], v.get("note")) for v in data["values"]),
        removed_values=tuple(data.get("removed_values", ())),
        usages=tuple(Usage(u["message"], u["path"], u["required"], u["list"], u["description"]) for u in data["usages"]),
        source=source,
        spec_section=data.get("spec_section"),
    )


def _reference_problems(catalog: Catalog, nodes: Mapping[str, yaml.Node]) -> list[str]:
    """`file:line: ...` for every backticked name in an explanation or note that refers to nothing."""
    problems = []
    for enum in [*catalog.enums.values(), *catalog.codelists.values()]:
        for index, value in enumerate(enum.values):
            for field in ("description", "note"):
                for name in BACKTICKED.findall(getattr(value, field) or ""):
                    try:
                        catalog.reference(enum.name, name)
                    except ValueError as error:
                        line = line_of(nodes[enum.name], ["values", index, field])
                        problems.append(f"{enum.source}:{line}: values[{index}].{field}: {error}")
    for codelist in catalog.codelists.values():  # a device-model list's own description
        for name in BACKTICKED.findall(codelist.description or ""):
            try:
                catalog.reference(codelist.name, name)
            except ValueError as error:
                problems.append(f"{codelist.source}:{line_of(nodes[codelist.name], ['description'])}: description: {error}")
    return problems


def _read_messages(path: Path, shown: str) -> dict[str, str]:
    data, _ = read_valid(path, shown, MESSAGES_SCHEMA)
    return dict(sorted(data.items()))


def _read_retired(path: Path, shown: str) -> tuple[RetiredEnum, ...]:
    data, _ = read_valid(path, shown, RETIRED_SCHEMA)
    return tuple(
        RetiredEnum(
            r["name"],
            tuple(r["values"]),
            tuple((f["message"], f["path"], f["type_in_2_1"], f["max_length"]) for f in r["fields_in_2_1"]),
        )
        for r in data["retired"]
    )


def _read_source(path: Path, shown: str) -> Source:
    data, _ = read_valid(path, shown, SOURCE_SCHEMA)
    return Source(**data)


# The data folder's files beside enums/, each with its reader; all three must be there.
_FILES = {"messages.yaml": _read_messages, "retired.yaml": _read_retired, "source.yaml": _read_source}


def _misnamed(path: Path, shown) -> str:
    """The problem of an enumeration file ending in .yml."""
    twin = path.with_suffix(".yaml")
    if twin.exists():
        return f"{shown(path)}:1: a second file for {path.stem} beside {shown(twin)}: enumeration files end in .yaml, so move any change into that file and delete this one"
    return f"{shown(path)}:1: enumeration files end in .yaml: rename this one to {twin.name}"


def load_catalog(data_dir: Path, root: Path | None = None) -> Catalog:
    """Read and validate every file of a data folder; raises DataError listing every problem."""
    root = root or data_dir.parent

    prefix = root.as_posix().rstrip("/") + "/"

    def shown(path: Path) -> str:  # what Path.relative_to gives, at a tenth of its cost (478 files)
        text = path.as_posix()
        return text[len(prefix):] if text.startswith(prefix) else text

    problems: list[str] = []
    read: dict[str, object] = {}
    for name, reader in _FILES.items():
        path = data_dir / name
        if not path.is_file():
            problems.append(f"{shown(path)}: the file is missing" + (": `make sync` writes it" if name == "source.yaml" else ""))
            continue
        try:
            read[name] = reader(path, shown(path))
        except DataError as error:
            problems += error.problems
    messages = read.get("messages.yaml", {})
    enums: dict[str, Enum] = {}
    nodes: dict[str, yaml.Node] = {}
    folder = data_dir / "enums"
    paths = sorted(folder.glob("*.yaml"))
    named_after = {path.stem: shown(path) for path in paths}
    problems += [_misnamed(path, shown) for path in sorted(folder.glob("*.yml"))]
    if not paths:
        problems.append(f"{shown(folder)}: no enumeration files (*.yaml) found")
    for path in paths:
        try:
            data, node = read_yaml(path, shown(path))
        except DataError as error:
            problems += error.problems
            continue
        found = validate_enum(data, node, shown(path), named_after)
        if not found and messages:
            found = [
                f"{shown(path)}:{line_of(node, ['usages', index, 'message'])}: usages[{index}].message: "
                f"{usage['message']} belongs to no action listed in {shown(data_dir / 'messages.yaml')}"
                for index, usage in enumerate(data["usages"])
                if action(usage["message"]) not in messages
            ]
        problems += found
        if not found:
            enums[data["name"]] = _enum(data, shown(path))
            nodes[data["name"]] = node
    if problems:
        raise DataError(problems)
    codelists: dict[str, CodeList] = {}
    for path in sorted((data_dir / "codelists").glob("*.yaml")):  # optional: a data folder without code lists has none
        try:
            codelist, nodes[path.stem] = read_codelist(path, shown(path))
            codelists[codelist.name] = codelist
        except DataError as error:
            problems += error.problems
    problems += [f"{shown(data_dir / 'codelists' / (name + '.yaml'))}:1: {name} is an enumeration's name too: a code list needs a name of its own"
                 for name in codelists if name in enums]
    ocpp16_types, ocpp16_sources = (), ()
    if (data_dir / "ocpp16.yaml").is_file():  # optional: a data folder without it has no 1.6 page content
        try:
            ocpp16_types, ocpp16_sources = read_ocpp16(data_dir / "ocpp16.yaml", shown(data_dir / "ocpp16.yaml"), enums, codelists)
        except DataError as error:
            problems += error.problems
    requirement_index = None
    if (data_dir / "requirements.yaml").is_file():  # optional: a data folder without it shows no requirements
        try:
            requirement_index = read_requirements(data_dir / "requirements.yaml", shown(data_dir / "requirements.yaml"), enums)
        except DataError as error:
            problems += error.problems
    device_model: tuple[DeviceVariable, ...] = ()
    if (data_dir / "devicemodel.yaml").is_file():
        try:
            device_model = read_device_model(data_dir / "devicemodel.yaml", shown(data_dir / "devicemodel.yaml"), enums, codelists)
        except DataError as error:
            problems += error.problems
    catalog = Catalog(dict(sorted(enums.items())), messages, read["retired.yaml"], read["source.yaml"], ocpp16_types, ocpp16_sources,
                      requirement_index, codelists, device_model)
    if problems := problems + _reference_problems(catalog, nodes):
        raise DataError(problems)
    return catalog


def main(argv: list[str] | None = None) -> int:
    """Check a data folder (`python -m macros.catalog [data]`): print its problems, exit 1 if there are any."""
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "data")
    try:
        catalog = load_catalog(folder.resolve(), root=Path.cwd().resolve())
    except DataError as error:
        count = len(error.problems)
        print("\n".join(error.problems), file=sys.stderr)
        print(f"{count} problem{'s' if count > 1 else ''} in {folder}", file=sys.stderr)
        return 1
    values = sum(len(enum.values) for enum in catalog.enums.values())
    print(f"{folder}: {len(catalog.enums)} enumerations, {values} values, all valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
