"""The requirement index that `make sync` writes to data/requirements.yaml: use cases, their requirements, the values each names."""

from __future__ import annotations

from pathlib import Path

import yaml

from macros.sources import load_yaml
from macros.sources import mentions, requirements

OFFICIAL = Path("official") / "ocpp21"  # inside the data folder
CORRECTIONS = "requirements-corrections.yaml"


def enum_facts(official: dict) -> list[mentions.EnumFacts]:
    """What the mention finder needs of each enumeration of the schemas (`schemas.official_enums()`)."""
    return [
        mentions.EnumFacts(
            enum.name,
            enum.values,
            frozenset(field.message.removesuffix("Request").removesuffix("Response") for field in enum.usages),
            frozenset(field.path.split(".")[-1] for field in enum.usages) - mentions.GENERIC_FIELDS,
        )
        for enum in official.values()
    ]


def _corrections(data: Path) -> dict[str, list[dict]]:
    path = data / CORRECTIONS
    kept = (load_yaml(path.read_text(encoding="utf-8")) if path.exists() else None) or {}
    return {"add": kept.get("add") or [], "remove": kept.get("remove") or []}


def document(data: Path, official: dict) -> tuple[dict, list[str]] | None:
    """data/requirements.yaml as a document, and the problems of the corrections list; None without the vendored text."""
    folder = data / OFFICIAL
    if not (folder / requirements.PART2).exists():
        return None
    blocks, titles, use_case_text, rows, printed, errata = requirements.read(folder)
    facts = enum_facts(official)
    index = mentions.place(rows, facts, use_case_text, titles)
    placed = {rid: list(dict.fromkeys(values)) for rid, values in index.placed.items()}
    problems = []
    known_ids = {row.id for row in rows}
    known_values = {f"{enum.name}.{value}" for enum in facts for value in enum.values}
    fixes = _corrections(data)
    for kind in ("remove", "add"):
        for fix in fixes[kind]:
            rid, value = fix.get("requirement"), fix.get("value")
            if rid not in known_ids or value not in known_values or not fix.get("why"):
                problems.append(f"{CORRECTIONS}: {kind} {rid} {value}: needs a requirement of Part 2, an Enum.Value and a why")
            elif kind == "remove":
                if value not in placed.get(rid, []):
                    problems.append(f"{CORRECTIONS}: remove {rid} {value}: the extraction does not place it (drop the correction)")
                placed[rid] = [v for v in placed.get(rid, []) if v != value]
            else:
                if value in placed.get(rid, []):
                    problems.append(f"{CORRECTIONS}: add {rid} {value}: the extraction places it already (drop the correction)")
                placed.setdefault(rid, []).append(value)
    use_cases: dict[str, list[dict]] = {}
    seen = set()
    for row in rows:
        if not placed.get(row.id) or row.id in seen:  # Part 2 prints K10.FR.06 twice: one entry, the values of both
            continue
        seen.add(row.id)
        entry = {"id": row.id, "values": placed[row.id]}
        if row.errata:
            date, change = row.errata[-1]
            entry["erratum"] = f"{date} {change}"
        use_cases.setdefault(row.use_case, []).append(entry)
    deleted_index = mentions.place([row for row in printed if row.id in errata.deleted], facts, use_case_text, titles)
    deleted = [{"id": rid, "erratum": f"{date} deleted", "values": deleted_index.placed.get(rid, [])}
               for rid, date in sorted(errata.deleted.items())]
    document = {
        "source": {"part2": requirements.PART2, "errata": requirements.ERRATA},
        "counts": {
            "requirements": len(rows),
            "naming_values": sum(1 for entries in use_cases.values() for _ in entries),
            "mentions": sum(len(entry["values"]) for entries in use_cases.values() for entry in entries),
            "left_out": len(index.left_out),
        },
        "blocks": blocks,
        "use_cases": [{"id": uc, "title": titles.get(uc, uc), "requirements": entries} for uc, entries in sorted(use_cases.items())],
        "deleted": deleted,
        "left_out": [f"{rid} {value}: {why}" for rid, value, why in index.left_out],
    }
    return document, problems
