"""data/codelists/*.yaml and data/devicemodel.yaml, read and validated into CodeList and DeviceVariable."""

from __future__ import annotations

from pathlib import Path

from macros.catalog.errors import DataError, line_of, repeated_values
from macros.catalog.model import CodeList, CodeUsage, CodeValue, DeviceVariable, Enum
from macros.catalog.yamlread import read_valid

_SCHEMAS = Path(__file__).resolve().parents[2] / "data"
CODELIST_SCHEMA = _SCHEMAS / "codelist.schema.json"
DEVICEMODEL_SCHEMA = _SCHEMAS / "devicemodel.schema.json"


def read_codelist(path: Path, shown: str) -> tuple[CodeList, object]:
    """One code-list file; raises DataError naming the file and line."""
    data, node = read_valid(path, shown, CODELIST_SCHEMA)
    problems = []
    if data["name"] != path.stem:
        problems.append(f"{shown}:{line_of(node, ['name'])}: the name {data['name']!r} differs from the file name {path.stem!r}")
    problems += repeated_values(data["values"], node, shown)[0]
    if problems:
        raise DataError(problems)
    codelist = CodeList(
        name=data["name"],
        title=data["title"],
        values=tuple(CodeValue(v["value"], v.get("description", ""), v.get("note"), v.get("since"), tuple((v.get("columns") or {}).items()),
                               v.get("erratum")) for v in data["values"]),
        usages=tuple(CodeUsage(u["message"], u["path"], u["required"], u["list"], u["max_length"], u["case_insensitive"], u["description"])
                     for u in data.get("usages", [])),
        source=shown,
        appendix_section=data.get("appendix_section"),
        was_enum=data.get("was_enum"),
        removed_values=tuple(data.get("removed_values", ())),
        requirements=tuple(data.get("requirements", ())),
        description=data.get("description"),
    )
    return codelist, node


def read_device_model(path: Path, shown: str, enums: dict[str, Enum], codelists: dict[str, CodeList]) -> tuple[DeviceVariable, ...]:
    """The list-valued variables; a `takes` that names no enumeration or code list of the data is refused."""
    data, node = read_valid(path, shown, DEVICEMODEL_SCHEMA)
    problems = [
        f"{shown}:{line_of(node, ['variables', index, 'takes'])}: {v['component']}.{v['variable']} takes {v['takes']}, "
        "which is no enumeration in data/enums/ and no code list in data/codelists/"
        for index, v in enumerate(data["variables"])
        if v["takes"] and v["takes"] not in enums and v["takes"] not in codelists
    ]
    if problems:
        raise DataError(problems)
    return tuple(DeviceVariable(v["component"], v["variable"], v.get("instance"), v["kind"], v["takes"]) for v in data["variables"])
