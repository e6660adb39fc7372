"""The code lists of the OCPP 2.1 Part 2 appendices (run by the sync only): values and columns from the vendored CSV
tables (read with the csv module), values the errata add, and the schema fields that take each list.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from macros.sources import schemas


@dataclass(frozen=True)
class ListSource:
    """Where one code list stands in the appendices and how its CSV is read."""

    name: str  # the name the appendix or the schemas give it, e.g. "IdTokenEnumStringType"
    title: str
    section: str  # appendix chapter, e.g. "7.1"
    files: tuple[tuple[str, str | None], ...]  # (CSV file, group name for its rows or None)
    value_column: str
    columns: dict[str, str] = field(default_factory=dict)  # CSV header -> key in the data
    was_enum: str | None = None  # the OCPP 2.0.1 enumeration it replaces


LISTS = (
    ListSource("IdTokenEnumStringType", "IdToken types", "7.1", (("idtokenenumtype.csv", None),), "Value", was_enum="IdTokenEnumType"),
    ListSource("ChargingLimitSourceEnumStringType", "Charging limit sources", "7.2", (("charginglimitsourceenumtype.csv", None),), "Value",
               was_enum="ChargingLimitSourceEnumType"),
    ListSource("ConnectorEnumStringType", "Connector types", "7.3", (("connectorenumtype.csv", None),), "Value", was_enum="ConnectorEnumType"),
    ListSource("SigningMethodEnumStringType", "Signing methods", "7.4", (("signingmethod.csv", None),), "SigningMethod",
               {"Algorithm": "algorithm", "Curve": "curve", "Key Length": "key_length", "Hash Algorithm": "hash_algorithm"}),
    ListSource("ReasonCodes", "Reason codes", "5", (("reason_codes.csv", None),), "Reason code",
               {"Group": "group", "Typically used for": "typically_used_for"}),
    ListSource("SecurityEvents", "Security events", "1", (("security_events.csv", None),), "Security Event", {"Critical": "critical"}),
    ListSource("UnitsOfMeasure", "Units of measure", "2", (("units_of_measure.csv", None),), "Value"),
    ListSource("AdditionalInfoTypes", "additionalInfo types", "6",
               (("additional_info_types.csv", "Generic"), ("additional_info_types_adhoc.csv", "Ad hoc payment")), "additionalInfo.type"),
    ListSource("PaymentBrand", "Payment brands", "6.2.1", (("paymentbrand.csv", None),), "PaymentBrand"),
    ListSource("PaymentRecognition", "Payment recognition", "6.2.2", (("paymentrecognition.csv", None),), "PaymentRecognition"),
)

# The errata amend the appendix too: "Added connector type BatterySlot" (2.65, 2025-09).
_APPENDIX_ERRATUM = re.compile(r"^# [\d.]+\s+Appendix Page \d+ - \((\d{4}-\d{2})\) - Added connector type (\w+)\s*$", re.M)


@dataclass(frozen=True)
class CodeValue:
    value: str
    columns: dict[str, object]
    erratum: str | None = None  # e.g. "2025-09 added"


def _rows(path: Path) -> list[dict[str, str]]:
    text = path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    reader.fieldnames = [name.strip() for name in reader.fieldnames or []]
    return [{key.strip(): (cell or "").strip() for key, cell in row.items() if key} for row in reader]


def _column(key: str, text: str) -> object:
    if key == "critical":
        return text.lower() == "yes"
    if key == "typically_used_for":
        return [part.strip() for part in text.split(",") if part.strip()]
    return text


def read_list(folder: Path, source: ListSource, errata_text: str = "") -> list[CodeValue]:
    """One list's values in the appendix's order, with its extra columns; an erratum's addition comes last."""
    values: list[CodeValue] = []
    for file, group in source.files:
        current_group = group
        for row in _rows(folder / "appendix-csv" / file):
            name = row.get(source.value_column, "")
            if "Group" in row and row["Group"] and not name:  # a group's heading row in reason_codes.csv
                current_group = row["Group"]
                continue
            if not name:
                continue
            columns = {key: _column(key, row.get(header, "")) for header, key in source.columns.items() if key != "group"}
            if current_group is not None:
                columns = {"group": current_group, **columns}
            values.append(CodeValue(name, columns))
    if source.name == "ConnectorEnumStringType":
        for date, word in _APPENDIX_ERRATUM.findall(errata_text):
            value = word if word[0].islower() else "b" + word  # "BatterySlot" is the connector type bBatterySlot
            if value not in {v.value for v in values}:
                values.append(CodeValue(value, {}, f"{date} added"))
    return values


# ---------------------------------------------------------------------------
# The schema fields that take each list
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ListField:
    message: str
    path: str
    required: bool
    is_list: bool
    max_length: int | None
    case_insensitive: bool
    description: str


def _takes(prop: schemas.Field) -> str | None:
    """The code list a schema field takes, or None."""
    text = prop.description or ""
    named = re.search(r"\b(\w+Enum[Ss]tringType)\b", text)
    if named:
        return named.group(1).replace("EnumstringType", "EnumStringType")
    last = prop.path.split(".")[-1]
    if last == "reasonCode":
        return "ReasonCodes"
    if prop.message == "SecurityEventNotificationRequest" and prop.path == "type":
        return "SecurityEvents"
    if prop.path.endswith("unitOfMeasure.unit"):
        return "UnitsOfMeasure"
    if prop.path.endswith("signedMeterValue.signingMethod"):
        return "SigningMethodEnumStringType"
    if prop.path.endswith("additionalInfo.type"):
        return "AdditionalInfoTypes"
    if last in ("paymentBrand", "paymentRecognition"):
        return {"paymentBrand": "PaymentBrand", "paymentRecognition": "PaymentRecognition"}[last]
    return None


def list_fields(folder: Path | None = None) -> dict[str, list[ListField]]:
    """Code list name -> every field of the 2.1 schemas that takes it, in message order."""
    found: dict[str, list[ListField]] = {}
    for message, schema in schemas.load_schemas("2.1", folder).items():
        for prop in schemas.walk_fields(message, schema):
            name = _takes(prop)
            if name is None or prop.schema.get("type") not in ("string", None) or prop.enum_name:
                continue
            text = schemas.normalize(prop.description)
            found.setdefault(name, []).append(ListField(
                message, prop.path, prop.required, prop.is_list, prop.schema.get("maxLength"),
                "case insensitive" in text.lower() or "case-insensitive" in text.lower(), text,
            ))
    return found


def values_in_201(name: str) -> tuple[str, ...]:
    """The values an OCPP 2.0.1 enumeration had, e.g. IdTokenEnumType's."""
    return schemas.official_enums("2.0.1")[name].values
