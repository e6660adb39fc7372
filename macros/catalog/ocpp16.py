"""OCPP 1.6 enumerations and their OCPP 2.1 counterparts: data/ocpp16.yaml, read and validated.

`make sync` writes each type's fields and values from the 1.6 schemas; the mapping of each value
(kind, targets, note, judgement, replacement) is hand-kept. `load_catalog` calls `read_ocpp16`, so
a problem here stops the build with `file:line: problem` lines like any other data file.
"""

from __future__ import annotations

from pathlib import Path

from macros.catalog.errors import DataError, line_of
from macros.catalog.model import KINDS, Enum, Ocpp16Type, Ocpp16Value
from macros.catalog.yamlread import read_valid

OCPP16_SCHEMA = Path(__file__).resolve().parents[2] / "data" / "ocpp16.schema.json"


def _value(data: dict) -> Ocpp16Value:
    targets = tuple(tuple(t.split(".", 1)) for t in data.get("targets", ()))
    code = tuple(data["code_value"].split(".", 1)) if data.get("code_value") else None
    return Ocpp16Value(data["value"], data["kind"], targets, data.get("note"), data.get("judgement", False), data.get("replacement"), code)


def _mapping_problems(value: dict, at: list, line) -> list[tuple[int, str]]:
    """What the kind of one value's mapping asks for and the entry lacks."""
    kind, where, problems = value["kind"], f"{value['value']} ({value['kind']})", []
    targets = value.get("targets", [])
    if kind == "none":
        if targets:
            problems.append((line(at + ["targets"]), f"{where}: a value with no 2.1 counterpart lists no targets; say what replaces it in replacement"))
        if not value.get("replacement"):
            problems.append((line(at), f"{where}: missing the key 'replacement': the 2.1 mechanism that takes over"))
    elif not targets:
        problems.append((line(at), f"{where}: missing the key 'targets': its 2.1 counterpart(s), each EnumName.Value"))
    if kind == "combination" and len({t.split(".", 1)[0] for t in targets}) < 2:
        problems.append((line(at + ["targets"]), f"{where}: a combination names values of at least two 2.1 enumerations"))
    if kind == "same" and any(t.split(".", 1)[1] != value["value"] for t in targets):
        problems.append((line(at + ["targets"]), f"{where}: a target has another name: use kind renamed"))
    if kind != "same" and not value.get("note"):
        problems.append((line(at), f"{where}: missing the key 'note': every mapping but same-name-same-meaning says why in one line"))
    if value.get("judgement") and not value.get("note"):
        problems.append((line(at), f"{where}: a judgement needs a note saying why"))
    return problems


def read_ocpp16(path: Path, shown: str, enums: dict[str, Enum], codelists: dict | None = None) -> tuple[tuple[Ocpp16Type, ...], tuple[str, ...]]:
    """The types and the sources of data/ocpp16.yaml; every target must be a value of `enums`. Raises DataError."""
    data, node = read_valid(path, shown, OCPP16_SCHEMA)
    found: list[tuple[int, str]] = []
    first_type: dict[str, int] = {}
    owner: dict[tuple[str, str], str] = {}
    for t_index, entry in enumerate(data["types"]):
        name = entry["name"]

        def line(at: list, t_index=t_index) -> int:
            return line_of(node, ["types", t_index, *at])

        if name in first_type:
            found.append((line(["name"]), f"the type {name} appears twice (first at line {first_type[name]}); keep one"))
        first_type.setdefault(name, line(["name"]))
        for f_index, field in enumerate(entry["fields"]):
            key = (field["message"], field["path"])
            if key in owner:
                found.append((line(["fields", f_index]), f"{name}: {' '.join(key)} is listed by {owner[key]} already"))
            owner.setdefault(key, name)
        seen: set[str] = set()
        for v_index, value in enumerate(entry["values"]):
            at = ["values", v_index]
            if value["value"] in seen:
                found.append((line(at + ["value"]), f"{name}: the value {value['value']!r} appears twice; keep one"))
            seen.add(value["value"])
            found += [(n, f"{name}.{text}") for n, text in _mapping_problems(value, at, line)]
            for t_index2, target in enumerate(value.get("targets", [])):
                enum, _, wire = target.partition(".")
                if enum not in enums:
                    found.append((line(at + ["targets", t_index2]), f"{name}.{value['value']}: target {target}: no enumeration {enum} in the data"))
                elif wire not in enums[enum].value_names:
                    found.append((line(at + ["targets", t_index2]), f"{name}.{value['value']}: target {target}: {enum} has no value {wire!r}"))
            if value.get("code_value"):  # a value with no 2.1 enumeration value whose 2.1 home is a code list's value
                codelist, _, wire = value["code_value"].partition(".")
                if wire not in getattr((codelists or {}).get(codelist), "value_names", ()):
                    found.append((line(at + ["code_value"]), f"{name}.{value['value']}: code_value {value['code_value']}: no such value in data/codelists/"))
    if found:
        raise DataError([f"{shown}:{n}: {text}" for n, text in sorted(set(found))])
    types = tuple(
        Ocpp16Type(e["name"], e.get("note"), tuple((f["message"], f["path"]) for f in e["fields"]), tuple(_value(v) for v in e["values"]))
        for e in data["types"]
    )
    return types, tuple(data["sources"])


_last_index: list = [None, {}]  # the types last asked about and their index by 2.1 enum (one catalog per build)


def mapped_to(types: tuple[Ocpp16Type, ...], enum: str) -> tuple[tuple[Ocpp16Type, Ocpp16Value, str], ...]:
    """Every (1.6 type, 1.6 value, 2.1 value) whose counterpart is a value of the 2.1 `enum`, in file order.

    Asked once per enum page and once per index row: the types are indexed once, not scanned each time.
    """
    if _last_index[0] is not types:
        index: dict[str, list] = {}
        for t in types:
            for v in t.values:
                for target, wire in v.targets:
                    index.setdefault(target, []).append((t, v, wire))
        _last_index[:] = [types, {name: tuple(found) for name, found in index.items()}]
    return _last_index[1].get(enum, ())


def counts(types: tuple[Ocpp16Type, ...]) -> dict[str, int]:
    """How many 1.6 values map each way, e.g. {"same": 175, "renamed": 9, ...}."""
    return {kind: sum(v.kind == kind for t in types for v in t.values) for kind in KINDS}
