"""data/requirements.yaml (written by `make sync`), read and validated: every value it names must exist."""

from __future__ import annotations

from pathlib import Path

from macros.catalog.errors import DataError, line_of
from macros.catalog.model import Enum, Requirement, RequirementIndex, UseCase
from macros.catalog.yamlread import read_valid

REQUIREMENTS_SCHEMA = Path(__file__).resolve().parents[2] / "data" / "requirements.schema.json"


def _requirement(entry: dict, use_case: str, enums: dict[str, Enum]) -> Requirement:
    values = tuple(pair for pair in (tuple(v.split(".", 1)) for v in entry["values"]) if pair[0] in enums)
    return Requirement(entry["id"], use_case, values, entry.get("erratum"))


def read_requirements(path: Path, shown: str, enums: dict[str, Enum]) -> RequirementIndex:
    """The requirement index; raises DataError naming each value that is not in the data."""
    data, node = read_valid(path, shown, REQUIREMENTS_SCHEMA)
    problems = []
    for u_index, use_case in enumerate(data["use_cases"]):
        for r_index, entry in enumerate(use_case["requirements"]):
            for v_index, value in enumerate(entry["values"]):
                enum, _, name = value.partition(".")
                if enum in enums and name not in enums[enum].value_names:  # a whole enumeration dropped from the data drops its pairs
                    line = line_of(node, ["use_cases", u_index, "requirements", r_index, "values", v_index])
                    problems.append(f"{shown}:{line}: {entry['id']} names {value}, which is not a value in data/enums/: run `make sync`")
    if problems:
        raise DataError(problems)
    use_cases = []
    for u in data["use_cases"]:
        kept = tuple(r for r in (_requirement(entry, u["id"], enums) for entry in u["requirements"]) if r.values)
        if kept:
            use_cases.append(UseCase(u["id"], u["title"], kept))
    return RequirementIndex(
        blocks=dict(data["blocks"]),
        use_cases=tuple(use_cases),
        deleted=tuple(_requirement(r, r["id"][:3], enums) for r in data.get("deleted", [])),
        counts=dict(data["counts"]),
    )
