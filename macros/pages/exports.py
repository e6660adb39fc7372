"""Machine-readable exports written at the site root: enums.json and ocpp16.json (+ their schemas), enums.csv, objects.inv."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from mkdocstrings import Inventory

from macros.catalog.model import Catalog
from macros.catalog.ocpp16 import counts as kind_counts
from macros.pages.links import code_value_url, codelist_url, enum_url, explanation_text, ocpp16_anchor, ocpp16_url, requirement_url, value_url

EXPORT_SCHEMA = Path(__file__).resolve().parents[2] / "data" / "export.schema.json"
OCPP16_EXPORT_SCHEMA = EXPORT_SCHEMA.with_name("ocpp16-export.schema.json")
CODELISTS_EXPORT_SCHEMA = EXPORT_SCHEMA.with_name("codelists-export.schema.json")


def enums_json(catalog: Catalog) -> dict:
    """Every enum with description, values, usages and version marks."""
    return {
        "ocpp_version": "2.1",
        "source": f"Official OCA JSON schemas: {catalog.source.described}, last synced {catalog.source.synced}; history against ocpp/v201/schemas",
        "enums": [
            {
                "name": e.name,
                "url": enum_url(e.name),
                "description": e.description,
                "since": e.since,
                "spec_section": e.spec_section,
                "default": e.default,
                "values": [
                    {
                        "value": v.name,
                        "since": v.since,
                        "description": v.description,
                        "note": v.note,
                        "anchor": value_url(e.name, v.name),
                        "requirements": _requirement_ids(catalog, e.name, v.name),
                    }
                    for v in e.values
                ],
                "removed_values": list(e.removed_values),
                "usages": [
                    {
                        "message": u.message,
                        "sent_by": catalog.direction(u.message),
                        "path": u.path,
                        "required": u.required,
                        "list": u.is_list,
                        "description": u.description,
                    }
                    for u in e.usages
                ],
            }
            for e in catalog.enums.values()
        ],
    }


def ocpp16_json(catalog: Catalog) -> dict:
    """Every 1.6 type with its fields and each value's 2.1 counterpart, in the data's order."""
    judged = sum(v.judgement for t in catalog.ocpp16 for v in t.values)
    return {
        "from_version": "1.6",
        "to_version": "2.1",
        "source": f"Official OCPP 1.6 JSON schemas, security extension included (ocpp/v16/schemas of the ocpp {catalog.source.package or 'pinned'} package)",
        "sources": list(catalog.ocpp16_sources),
        "counts": {**kind_counts(catalog.ocpp16), "judgement": judged},
        "types": [
            {
                "name": t.name,
                "url": ocpp16_url(t.name),
                "note": t.note,
                "fields": [{"message": message, "path": path} for message, path in t.fields],
                "values": [
                    {
                        "value": v.name,
                        "url": ocpp16_url(t.name, v.name),
                        "kind": v.kind,
                        "targets": [{"enum": e, "value": w, "anchor": value_url(e, w)} for e, w in v.targets],
                        "note": v.note,
                        "judgement": v.judgement,
                        "replacement": v.replacement,
                        "code_value": {"codelist": v.code_value[0], "value": v.code_value[1], "anchor": code_value_url(*v.code_value)} if v.code_value else None,
                    }
                    for v in t.values
                ],
            }
            for t in catalog.ocpp16
        ],
    }


def _requirement_ids(catalog: Catalog, enum: str, value: str) -> list[str]:
    """The IDs of the requirements naming a value, in use-case order, e.g. ["B03.FR.02", "B03.FR.05"]."""
    if catalog.requirements is None:
        return []
    return [requirement.id for _, requirement in catalog.requirements.by_value.get((enum, value), ())]


def _csv(header: list[str], rows) -> str:
    """CSV text with "\n" line ends: the header, then the rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def enums_csv(catalog: Catalog) -> str:
    """One row per (enum, value), in the official value order, with the value's explanation and note."""
    return _csv(
        ["enum", "value", "position", "since", "url", "spec_section", "description", "note", "requirements"],
        ([enum.name, value.name, position, value.since, value_url(enum.name, value.name), enum.spec_section or "", value.description,
          value.note or "", " ".join(_requirement_ids(catalog, enum.name, value.name))]
         for enum in catalog.enums.values() for position, value in enumerate(enum.values, 1)),
    )


def inventory(catalog: Catalog) -> bytes:
    """A Sphinx inventory (v2): py:class per enum, py:attribute per value, URIs relative to the site root;
    the OCPP 1.6 types and values in a domain of their own (ocpp16:type, ocpp16:value), so a 1.6 name
    never stands for a 2.1 one.

    Written with mkdocstrings' inventory, a plain formatter; sphobjinv (which the tests read it
    with) also fetches inventories over HTTPS and pays for that on import: a TLS context and jsonschema.
    """
    inv = Inventory(project="OCPP 2.1 enumerations", version="2.1")
    for enum in catalog.enums.values():
        inv.register(enum.name, "py", "class", enum_url(enum.name))
        for value in enum.values:
            inv.register(f"{enum.name}.{value.name}", "py", "attribute", value_url(enum.name, value.name))
    for t in catalog.ocpp16:
        inv.register(t.name, "ocpp16", "type", ocpp16_url(t.name))
        for value in t.values:
            inv.register(ocpp16_anchor(t.name, value.name), "ocpp16", "value", ocpp16_url(t.name, value.name))
    for c in catalog.codelists.values():  # code lists in a domain of their own: codelist:list, codelist:value
        inv.register(c.name, "codelist", "list", codelist_url(c.name))
        for v in c.values:
            inv.register(f"{c.name}.{v.name}", "codelist", "value", code_value_url(c.name, v.name))
    if catalog.requirements is not None:  # requirements and use cases in a domain of their own: req:requirement, req:usecase
        for use_case in catalog.requirements.use_cases:
            inv.register(use_case.id, "req", "usecase", requirement_url(use_case.id), dispname=f"{use_case.id} {use_case.title}")
            for requirement in use_case.requirements:
                inv.register(requirement.id, "req", "requirement", requirement_url(requirement.id))
    return inv.format_sphinx()


def search_names(catalog: Catalog) -> dict:
    """The names site search shows first when typed whole (docs/javascripts/exact-search.js builds
    its lookup from these): every enum with its values and the fields that carry it, and the
    retired 2.0.1 enums, e.g. {"enums": [["ChargingStateEnumType", ["EVConnected", ...],
    [["TransactionEventRequest", "transactionInfo.chargingState"]]], ...], "retired": ["IdTokenEnumType", ...]}.
    """
    return {
        "enums": [[e.name, [v.name for v in e.values], [[u.message, u.path] for u in e.usages]] for e in catalog.enums.values()],
        "retired": [r.name for r in catalog.retired],
        "codelists": [[c.name, [v.name for v in c.values], [[u.message, u.path] for u in c.usages]] for c in catalog.codelists.values()],
        "variables": [[v.label, v.takes, "codelists" if v.takes in catalog.codelists else "enums"] for v in catalog.device_model if v.takes],
        "requirements": [
            [u.id, u.title, [[r.id, [f"{enum}.{value}" for enum, value in r.values]] for r in u.requirements]]
            for u in (catalog.requirements.use_cases if catalog.requirements else ())
        ],
    }


def explanations(catalog: Catalog) -> dict[str, list[list[str]]]:
    """Each enum's values with their explanations as plain text, for the index filter
    (docs/javascripts/enum-filter.js), e.g. {"ChargingStateEnumType": [["EVConnected", "An EV is ..."], ...]}."""
    return {e.name: [[v.name, explanation_text(v.description)] for v in e.values if v.description]
            for e in [*catalog.enums.values(), *catalog.codelists.values()]}


def codelists_json(catalog: Catalog) -> dict:
    """Every code list with its values (explanation, note, the appendix's columns), fields and device-model variables."""
    return {
        "ocpp_version": "2.1",
        "source": "OCPP 2.1 Part 2 appendices v2.0 (CSV tables) with the errata 2025-09, and the device model; fields from the JSON schemas",
        "codelists": [
            {
                "name": c.name,
                "title": c.title,
                "url": codelist_url(c.name),
                "appendix_section": c.appendix_section,
                "was_enum": c.was_enum,
                "requirements": list(c.requirements),
                "values": [
                    {"value": v.name, "since": v.since, "description": v.description, "note": v.note, "columns": dict(v.columns),
                     "erratum": v.erratum, "anchor": code_value_url(c.name, v.name)}
                    for v in c.values
                ],
                "removed_values": list(c.removed_values),
                "usages": [
                    {"message": u.message, "sent_by": catalog.direction(u.message), "path": u.path, "required": u.required, "list": u.is_list,
                     "max_length": u.max_length, "case_insensitive": u.case_insensitive}
                    for u in c.usages
                ],
                "device_model": [v.label for v in catalog.used_in_device_model(c.name)],
            }
            for c in catalog.codelists.values()
        ],
    }


def codelists_csv(catalog: Catalog) -> str:
    """One row per (code list, value), in the appendix's order."""
    def columns(v) -> str:
        return "; ".join(f"{k}={', '.join(x) if isinstance(x, list) else x}" for k, x in v.columns)

    return _csv(
        ["codelist", "value", "position", "since", "url", "appendix_section", "columns", "description", "note"],
        ([c.name, v.name, position, v.since or "", code_value_url(c.name, v.name), c.appendix_section or "", columns(v), v.description,
          v.note or ""] for c in catalog.codelists.values() for position, v in enumerate(c.values, 1)),
    )


def _one_line_each(document: dict, key: str) -> str:
    """JSON with each entry of document[key] on a line of its own: diffs between releases stay
    readable, and the C encoder does the work (`indent` makes json use its pure-Python encoder)."""
    head = json.dumps({k: v for k, v in document.items() if k != key}, ensure_ascii=False)
    entries = ",\n".join(json.dumps(entry, ensure_ascii=False) for entry in document[key])
    return f'{head[:-1]}, "{key}": [\n{entries}\n]}}\n'


def files(catalog: Catalog) -> dict[str, str | bytes]:
    """Every export, keyed by its path at the site root."""
    return {
        "enums.json": _one_line_each(enums_json(catalog), "enums"),
        "enums.schema.json": EXPORT_SCHEMA.read_text(encoding="utf-8"),
        "enums.csv": enums_csv(catalog),
        "ocpp16.json": _one_line_each(ocpp16_json(catalog), "types"),
        "ocpp16.schema.json": OCPP16_EXPORT_SCHEMA.read_text(encoding="utf-8"),
        "objects.inv": inventory(catalog),
        "search-exact.json": json.dumps(search_names(catalog), separators=(",", ":"), ensure_ascii=False),
        "explanations.json": json.dumps(explanations(catalog), separators=(",", ":"), ensure_ascii=False),
        "codelists.json": _one_line_each(codelists_json(catalog), "codelists"),
        "codelists.schema.json": CODELISTS_EXPORT_SCHEMA.read_text(encoding="utf-8"),
        "codelists.csv": codelists_csv(catalog),
    }
