"""Read the official OCA JSON schemas shipped by the `ocpp` package.

This is the source reference: the sync command writes the YAML from it and the
cross-check test compares the YAML with it. The site build never reads it.
OCPP 1.6 (`ocpp/v16/schemas`, the security extension's messages included) is read
only for its enumerations, which are lists inline in each message schema.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Iterator

import ocpp

VERSIONS = {"2.1": "v21", "2.0.1": "v201", "1.6": "v16"}


@dataclass(frozen=True)
class Field:
    """One property of a message, reached from the message root."""

    message: str  # e.g. "TransactionEventRequest"
    path: str  # e.g. "transactionInfo.chargingState"
    required: bool
    is_list: bool
    schema: dict  # the property's schema, with a list's `items` resolved
    definitions: dict  # the file's definitions, to resolve `$ref`
    description: str | None  # the property's own text, else the enum definition's

    @property
    def enum_name(self) -> str | None:
        """Name of the enumeration this field carries, or None."""
        ref = self.schema.get("$ref")
        if ref and "enum" in self.definitions[ref.rsplit("/", 1)[-1]]:
            return ref.rsplit("/", 1)[-1]
        return None


def schema_dir(version: str = "2.1") -> Path:
    """Folder of the official schemas in the installed package, e.g. .../ocpp/v21/schemas."""
    return Path(ocpp.__file__).parent / VERSIONS[version] / "schemas"


def load_schemas(version: str = "2.1", folder: Path | None = None) -> dict[str, dict]:
    """All message schemas of a version (from `folder` if given), keyed by message name, sorted."""
    paths = sorted((folder or schema_dir(version)).glob("*.json"))
    if not paths:
        raise FileNotFoundError(f"{folder or schema_dir(version)}: no JSON schema files (*.json) in this folder")
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in paths}


def source_of(folder: Path | None = None) -> dict[str, str | None]:
    """What a folder of 2.1 schemas says it is: the edition (from the files' `comment`, e.g.
    "OCPP 2.1 Edition 1"), the `$id` prefix (e.g. "urn:OCPP:Cp:2:2025:1") and, where the folder lies
    in an installed `ocpp` package, that package's version (else None)."""
    folder = folder or schema_dir("2.1")
    found = load_schemas("2.1", folder)
    editions = Counter(schema.get("comment", "").split(" (c)")[0].strip() for schema in found.values())
    ids = Counter(schema.get("$id", "").rpartition(":")[0] for schema in found.values())
    for what, counts in (("comment", editions), ("$id", ids)):
        if len(counts) != 1 or not next(iter(counts)):
            raise ValueError(f"{folder}: the schema files do not agree on their {what}: {dict(counts)}")
    package = None
    if folder.resolve().parent.parent.name == "ocpp":  # <site-packages>/ocpp/v21/schemas
        installed = metadata.distributions(name="ocpp", path=[str(folder.resolve().parents[2])])
        package = next((dist.version for dist in installed), None)
    return {"edition": next(iter(editions)), "schema_id": next(iter(ids)), "package": package}


def normalize(text: str | None) -> str:
    """The rule the YAML follows for official texts: CRLF -> LF, blank space at line ends and around the text removed."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def walk_fields(message: str, schema: dict) -> Iterator[Field]:
    """Every property of a message, depth first in schema order (object types entered once per path)."""
    definitions = schema.get("definitions", {})

    def walk(node: dict, prefix: str, seen: tuple[str, ...]) -> Iterator[Field]:
        required = set(node.get("required", []))
        for name, prop in node.get("properties", {}).items():
            is_list = prop.get("type") == "array"
            item = prop["items"] if is_list else prop
            target = definitions.get(item.get("$ref", "").rsplit("/", 1)[-1], {})
            description = prop.get("description") or item.get("description") or target.get("description")
            field = Field(message, prefix + name, name in required, is_list, item, definitions, description)
            yield field
            ref_name = item.get("$ref", "").rsplit("/", 1)[-1]
            if target.get("type") == "object" and ref_name not in seen:
                yield from walk(target, field.path + ".", seen + (ref_name,))

    yield from walk(schema, "", ())


@dataclass(frozen=True)
class OfficialEnum:
    """An enumeration as the official schemas of one version define it."""

    name: str
    values: tuple[str, ...]
    description: str  # chosen by `choose_description`
    default: str | None
    usages: tuple[Field, ...]


def choose_description(texts: dict[str, str]) -> str:
    """The enum's description: the text most schema files give it; a tie goes to the first file by name.

    `texts` maps schema file name -> normalized text ("" where the file has none).
    """
    counts = Counter(text for text in texts.values() if text)
    if not counts:
        return ""
    best = max(counts.values())
    return next(text for _, text in sorted(texts.items()) if counts.get(text) == best)


def official_enums(version: str = "2.1", folder: Path | None = None) -> dict[str, OfficialEnum]:
    """Every enumeration of a version (from `folder` if given) with its values, chosen description, default and usages."""
    values: dict[str, tuple[str, ...]] = {}
    texts: dict[str, dict[str, str]] = {}
    defaults: dict[str, str | None] = {}
    usages: dict[str, list[Field]] = {}
    for message, schema in load_schemas(version, folder).items():
        for name, definition in schema.get("definitions", {}).items():
            if "enum" not in definition:
                continue
            found = tuple(definition["enum"])
            if values.setdefault(name, found) != found:
                raise ValueError(f"{message}: {name} has values {found}, elsewhere {values[name]}")
            texts.setdefault(name, {})[message] = normalize(definition.get("description"))
            defaults[name] = definition.get("default", defaults.get(name))
        for field in walk_fields(message, schema):
            if field.enum_name:
                usages.setdefault(field.enum_name, []).append(field)
    return {
        name: OfficialEnum(
            name,
            values[name],
            choose_description(texts[name]),
            defaults[name],
            tuple(usages.get(name, ())),
        )
        for name in sorted(values)
    }


# ---------------------------------------------------------------------------
# OCPP 1.6: enumerations are inline lists, named by no schema
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class InlineEnumField:
    """A 1.6 message field whose schema carries an `enum` list."""

    message: str  # named like the 2.1 messages: "StatusNotificationRequest", "ResetResponse"
    path: str  # from the message root, e.g. "meterValue.sampledValue.measurand"
    values: tuple[str, ...]  # in the schema's order


def message_name_16(schema_file: str) -> str:
    """A 1.6 schema file's message, named like the 2.1 ones: "Reset" -> "ResetRequest"; "ResetResponse" stays."""
    return schema_file if schema_file.endswith("Response") else schema_file + "Request"


def enum_fields_16() -> list[InlineEnumField]:
    """Every 1.6 field that carries an enumeration, by schema file name, then depth first in schema order."""
    found = []

    def walk(node: dict, message: str, path: str, root: dict) -> None:
        ref = node.get("$ref", "")
        if ref:  # the security extension's schemas use definitions; the core ones nest inline
            node = {**root["definitions"][ref.rsplit("/", 1)[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
        if "enum" in node:
            found.append(InlineEnumField(message, path, tuple(node["enum"])))
        for name, prop in node.get("properties", {}).items():
            walk(prop, message, f"{path}.{name}".lstrip("."), root)
        if isinstance(node.get("items"), dict):
            walk(node["items"], message, path, root)

    for name, schema in load_schemas("1.6").items():
        walk(schema, message_name_16(name), "", schema)
    return found
