"""The catalog's model: frozen dataclasses for everything the data folder holds, and name lookups on it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

KINDS = ("same", "renamed", "combination", "none")  # in the order the page counts them


@dataclass(frozen=True)
class Ocpp16Value:
    name: str  # the 1.6 wire value, verbatim (e.g. "Celcius")
    kind: str  # one of KINDS
    targets: tuple[tuple[str, str], ...]  # (2.1 enum, value), e.g. ("ConnectorStatusEnumType", "Occupied")
    note: str | None  # one line, our words; every kind but "same" has one
    judgement: bool  # our reading rather than a rule of the specifications
    replacement: str | None  # for kind "none": the 2.1 mechanism that takes over
    code_value: tuple[str, str] | None = None  # for kind "none": (code list, value), where a code list is the value's 2.1 home


@dataclass(frozen=True)
class Ocpp16Type:
    name: str  # the 1.6 specification's type name, e.g. "ChargePointStatus"
    note: str | None
    fields: tuple[tuple[str, str], ...]  # (message, path), e.g. ("StatusNotificationRequest", "status")
    values: tuple[Ocpp16Value, ...]  # in the 1.6 schema's order

    @property
    def unchanged(self) -> bool:
        """Every value has the same name and meaning in 2.1."""
        return all(v.kind == "same" for v in self.values)


@dataclass(frozen=True)
class Value:
    name: str  # the wire value, verbatim (e.g. "IdleTIme")
    since: str  # "2.0.1" or "2.1"
    description: str  # our explanation; `Name` in backticks refers to a value, enum or message
    note: str | None = None  # what surprises: a wire spelling, a near-twin, a conflict in the spec text


@dataclass(frozen=True)
class Usage:
    message: str  # e.g. "TransactionEventRequest"
    path: str  # e.g. "transactionInfo.chargingState"
    required: bool
    is_list: bool
    description: str


@dataclass(frozen=True)
class Enum:
    name: str
    description: str
    since: str
    default: str | None
    values: tuple[Value, ...]
    removed_values: tuple[str, ...]
    usages: tuple[Usage, ...]
    source: str  # path of the YAML file: relative to the repository root, or absolute for a data folder outside it
    spec_section: str | None = None  # the OCPP 2.1 Part 2 section that defines it, e.g. "3.18"

    @cached_property  # asked for every name in backticks, twice per build
    def value_names(self) -> frozenset[str]:
        """The wire values, for membership tests."""
        return frozenset(v.name for v in self.values)

    @property
    def new_values(self) -> tuple[Value, ...]:
        """Values added in 2.1 to an enum that 2.0.1 already had."""
        return tuple(v for v in self.values if v.since == "2.1") if self.since != "2.1" else ()


@dataclass(frozen=True)
class RetiredEnum:
    """A 2.0.1 enumeration whose fields carry a plain string in 2.1."""

    name: str
    values: tuple[str, ...]
    fields: tuple[tuple[str, str, str, int | None], ...]  # (message, path, type in 2.1, maxLength)


@dataclass(frozen=True)
class Source:
    """data/source.yaml: the official schemas data/ was last synced from."""

    edition: str  # as the schema files state it, e.g. "OCPP 2.1 Edition 1"
    schema_id: str  # the files' $id prefix, e.g. "urn:OCPP:Cp:2:2025:1"
    package: str | None  # the ocpp package's version; None: schema files from elsewhere
    synced: str  # YYYY-MM-DD

    @property
    def described(self) -> str:
        """e.g. "the OCPP 2.1 Edition 1 JSON schemas (urn:OCPP:Cp:2:2025:1) of the ocpp 2.1.0 package"."""
        origin = f" of the ocpp {self.package} package" if self.package else ""
        return f"the {self.edition} JSON schemas ({self.schema_id}){origin}"


@dataclass(frozen=True, repr=False)
class Catalog:
    """Everything the data folder holds, validated. It lives in the MkDocs config, which
    mkdocs-macros turns into text on every build: hence the short `__repr__`."""

    enums: dict[str, Enum]  # sorted by name
    messages: dict[str, str]  # action (e.g. "Authorize") -> "CS->CSMS", "CSMS->CS" or "both"

    retired: tuple[RetiredEnum, ...]
    source: Source
    ocpp16: tuple[Ocpp16Type, ...] = ()  # data/ocpp16.yaml: each 1.6 type and its values' 2.1 counterparts
    ocpp16_sources: tuple[str, ...] = ()  # where those mappings come from
    requirements: RequirementIndex | None = None  # data/requirements.yaml; None: a data folder without it
    codelists: dict[str, CodeList] = field(default_factory=dict)  # data/codelists/, sorted by name
    device_model: tuple[DeviceVariable, ...] = ()  # data/devicemodel.yaml

    def used_in_device_model(self, name: str) -> tuple[DeviceVariable, ...]:
        """The device-model variables whose values come from an enumeration or code list."""
        return tuple(v for v in self.device_model if v.takes == name)

    def __repr__(self) -> str:
        return f"<Catalog: {len(self.enums)} enumerations, {sum(len(e.values) for e in self.enums.values())} values>"

    def reference(self, enum: str, name: str) -> tuple[str, str | None] | None:
        """What a backticked name in an explanation of `enum` refers to: (enum, value or None) to link to,
        None for plain code (a message, datatype, device-model variable or field name).

        "SuspendedEV" -> (enum, "SuspendedEV") when `enum` has that value; "ReasonEnumType" ->
        ("ReasonEnumType", None); "ReasonEnumType.Other" -> ("ReasonEnumType", "Other").
        Raises ValueError for a name that looks like one of these but is not.
        """
        owner = self.enums.get(enum) or self.codelists[enum]  # an explanation of an enumeration's or a code list's value
        if name in owner.value_names:
            return enum, name
        other, _, value = name.partition(".")
        for table in (self.enums, self.codelists):
            if other in table:
                if value and value not in table[other].value_names:
                    raise ValueError(f"`{name}`: {other} has no value {value!r}")
                return other, value or None
        if other.endswith("EnumType"):
            raise ValueError(f"`{name}`: no enumeration {other} in the data")
        if _PLAIN_CODE.fullmatch(name) or action(name) in self.messages:
            return None
        raise ValueError(
            f"`{name}` is not a value of {enum}, an enumeration (`OtherEnumType` or `OtherEnumType.Value`), a code list, a message,"
            " a datatype (…Type), a device-model variable (…Ctrlr.Name) or a field name (lower case first): correct it or drop the backticks"
        )

    def direction(self, message: str) -> str:
        """Who sends a message, e.g. "AuthorizeResponse" -> "CSMS->CS"."""
        sent = self.messages[action(message)]
        if message.endswith("Response") and sent != "both":
            return "->".join(reversed(sent.split("->")))
        return sent


# Backticked names shown as code, unlinked: a field name (lower case first), a datatype
# (ChargingProfileType), a device-model component or variable (TxCtrlr.StopTxOnInvalidId), or a
# literal that starts with no letter (a name part such as `.Register`, a number).
_PLAIN_CODE = re.compile(r"[a-z][A-Za-z0-9.\[\]]*|[A-Z][A-Za-z0-9]*Type|[A-Z][A-Za-z0-9]*Ctrlr(\.[A-Za-z0-9]+)*|[^A-Za-z].*")
BACKTICKED = re.compile(r"`([^`]+)`")


def action(message: str) -> str:
    """The action a message belongs to: "AuthorizeRequest" -> "Authorize"."""
    return message.removesuffix("Request").removesuffix("Response")


@dataclass(frozen=True)
class Requirement:
    """A functional requirement of OCPP 2.1 Part 2 that names enumeration values."""

    id: str  # e.g. "B03.FR.05"
    use_case: str  # e.g. "B03"
    values: tuple[tuple[str, str], ...]  # (enum, value), in the order the index lists them
    erratum: str | None = None  # e.g. "2025-09 changed", "2025-09 added", "2025-06 deleted"


@dataclass(frozen=True)
class UseCase:
    id: str  # e.g. "B03"
    title: str  # e.g. "Cold Boot Charging Station - Rejected"
    requirements: tuple[Requirement, ...]


@dataclass(frozen=True, repr=False)
class RequirementIndex:
    """data/requirements.yaml: which requirements name which values, by use case, as the errata leave them."""

    blocks: dict[str, str]  # "B" -> "Provisioning"
    use_cases: tuple[UseCase, ...]
    deleted: tuple[Requirement, ...]  # deleted by the errata
    counts: dict[str, int]

    @cached_property
    def by_value(self) -> dict[tuple[str, str], tuple[tuple[UseCase, Requirement], ...]]:
        """(enum, value) -> every (use case, requirement) naming it, in use-case order."""
        found: dict[tuple[str, str], list] = {}
        for use_case in self.use_cases:
            for requirement in use_case.requirements:
                for pair in requirement.values:
                    found.setdefault(pair, []).append((use_case, requirement))
        return {pair: tuple(entries) for pair, entries in found.items()}

    @cached_property
    def ids(self) -> frozenset[str]:
        """Every requirement ID on the requirements page."""
        return frozenset(r.id for u in self.use_cases for r in u.requirements) | frozenset(r.id for r in self.deleted)


@dataclass(frozen=True)
class CodeValue:
    name: str  # the value as the appendix spells it, e.g. "ISO14443"
    description: str  # our explanation
    note: str | None = None
    since: str | None = None  # "2.0.1" or "2.1", for a list that was a 2.0.1 enumeration
    columns: tuple[tuple[str, object], ...] = ()  # the appendix's other columns, e.g. (("critical", True),)
    erratum: str | None = None  # e.g. "2025-09 added"


@dataclass(frozen=True)
class CodeUsage:
    message: str
    path: str
    required: bool
    is_list: bool
    max_length: int | None
    case_insensitive: bool
    description: str


@dataclass(frozen=True)
class CodeList:
    """A value set that is not a JSON-schema enumeration: an appendix code list or a device-model list."""

    name: str  # e.g. "IdTokenEnumStringType", "ReasonCodes", "TxStartStopPoint"
    title: str
    values: tuple[CodeValue, ...]
    usages: tuple[CodeUsage, ...]
    source: str  # path of the YAML file
    appendix_section: str | None = None  # e.g. "7.1"; None for a list the device model defines
    was_enum: str | None = None  # the OCPP 2.0.1 enumeration it replaces
    removed_values: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()  # for a device-model list: the requirements that define it
    description: str | None = None  # for a device-model list: our words on what it is

    @cached_property
    def value_names(self) -> frozenset[str]:
        return frozenset(v.name for v in self.values)


@dataclass(frozen=True)
class DeviceVariable:
    """A standardized device-model variable whose values come from a value set."""

    component: str  # e.g. "TxCtrlr", "<generic>"
    variable: str  # e.g. "TxStartPoint"
    instance: str | None
    kind: str  # OptionList, MemberList, SequenceList, or "text" where its description names the value set
    takes: str | None  # an enumeration or code list name, or None where the appendix names none

    @property
    def label(self) -> str:
        """e.g. "TxCtrlr.TxStartPoint", "V2XChargingCtrlr.TxStartedMeasurands[<OperationMode>]"."""
        instance = f"[{self.instance}]" if self.instance else ""
        return f"{self.component}.{self.variable}{instance}"
