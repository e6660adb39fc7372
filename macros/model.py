"""Load and validate the YAML data into a typed, read-only model.

Everything the site shows comes through `load_catalog`; nothing else reads the YAML.
A problem in the data raises `DataError`, whose lines read `file:line: what is wrong`.
`python -m macros.model [data]` checks a data folder the same way without building.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema_rs
import yaml

if TYPE_CHECKING:
    import jsonschema

    from macros.ocpp16 import Ocpp16Type

MAX_FILE_BYTES = 256 * 1024  # the largest real file is ~4 KB; 256 KB is a mistake or an attack
MAX_DEPTH = 20  # the real files nest 4 levels deep
_SCHEMAS = Path(__file__).resolve().parent.parent / "data"
ENUM_SCHEMA = _SCHEMAS / "enum.schema.json"
MESSAGES_SCHEMA = _SCHEMAS / "messages.schema.json"
RETIRED_SCHEMA = _SCHEMAS / "retired.schema.json"
SOURCE_SCHEMA = _SCHEMAS / "source.schema.json"


class DataError(Exception):
    """Bad data: one line per problem, each naming the file, the line and the problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------


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

    def __repr__(self) -> str:
        return f"<Catalog: {len(self.enums)} enumerations, {sum(len(e.values) for e in self.enums.values())} values>"

    def reference(self, enum: str, name: str) -> tuple[str, str | None] | None:
        """What a backticked name in an explanation of `enum` refers to: (enum, value or None) to link to,
        None for plain code (a message, datatype, device-model variable or field name).

        "SuspendedEV" -> (enum, "SuspendedEV") when `enum` has that value; "ReasonEnumType" ->
        ("ReasonEnumType", None); "ReasonEnumType.Other" -> ("ReasonEnumType", "Other").
        Raises ValueError for a name that looks like one of these but is not.
        """
        if name in self.enums[enum].value_names:
            return enum, name
        other, _, value = name.partition(".")
        if other in self.enums:
            if value and value not in self.enums[other].value_names:
                raise ValueError(f"`{name}`: {other} has no value {value!r}")
            return other, value or None
        if other.endswith("EnumType"):
            raise ValueError(f"`{name}`: no enumeration {other} in the data")
        if _PLAIN_CODE.fullmatch(name) or action(name) in self.messages:
            return None
        raise ValueError(
            f"`{name}` is not a value of {enum}, an enumeration (`OtherEnumType` or `OtherEnumType.Value`), a message,"
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


# ---------------------------------------------------------------------------
# YAML reading with line numbers and without aliases
# ---------------------------------------------------------------------------


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that the data must not use (aliases, duplicate keys, deep nesting)."""

    def __init__(self, problem: str, mark):
        super().__init__(problem=problem, problem_mark=mark)


class _Constructor(yaml.constructor.SafeConstructor):
    """Safe construction that refuses merge keys, keys that are not plain, and duplicate keys."""

    def construct_mapping(self, node, deep=False):
        first_line: dict = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused("merge keys (<<) are not allowed in the data: write the keys out", key_node.start_mark)
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise _Refused("a key must be a plain word, not a list or a mapping", key_node.start_mark) from None
            if key in first_line:
                raise _Refused(f"the key {_short(key)} appears twice in this mapping (first at line {first_line[key]}); keep one", key_node.start_mark)
            first_line[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep)


class _Loader(yaml.composer.Composer, yaml.cyaml.CParser, _Constructor, yaml.resolver.Resolver):
    """Safe loader that refuses aliases (no "billion laughs"), duplicate keys and deep nesting.

    libyaml (CParser) scans and parses, several times faster than PyYAML's Python reader; the Python
    composer comes first in the MRO so the checks below see every node.
    """

    def __init__(self, stream):
        yaml.cyaml.CParser.__init__(self, stream)
        yaml.composer.Composer.__init__(self)
        _Constructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self.depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _Refused("YAML aliases (*name) are not allowed in the data: write the text out", event.start_mark)
        # The composer recurses once per level: a file of 100,000 "[" would exhaust the stack.
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(f"nested more than {MAX_DEPTH} levels deep (the data nests 4 at most)", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _QuickLoader(yaml.cyaml.CParser, _Constructor, yaml.resolver.Resolver):
    """libyaml composes too: half the time of `_Loader`. Used only where that is safe (see `_parse`)."""

    def __init__(self, stream):
        yaml.cyaml.CParser.__init__(self, stream)
        _Constructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)


def _is_plain_tree(node: yaml.Node) -> bool:
    """No node reached twice (an alias) and at most MAX_DEPTH levels: what `_Loader` makes sure of as it composes."""
    seen, stack = set(), [(node, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen or depth > MAX_DEPTH:
            return False
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack += [(item, depth + 1) for item in node.value]
        elif isinstance(node, yaml.MappingNode):
            stack += [(part, depth + 1) for pair in node.value for part in pair]
    return True


def _parse(text: str) -> tuple[object, yaml.Node | None]:
    """(data, node tree) of one YAML document. Files without flow collections ("[", "{": libyaml's
    composer recurses once per level, unchecked) are composed by libyaml, then checked; anything
    else, or anything that check or libyaml rejects, goes through `_Loader`, whose errors are the
    messages, so a problem reads the same either way."""
    if "[" not in text and "{" not in text:
        quick = None
        try:
            quick = _QuickLoader(text)
            node = quick.get_single_node()
            if node is None:
                return None, None
            if _is_plain_tree(node):
                return quick.construct_document(node), node
        except yaml.YAMLError:
            pass
        finally:
            if quick is not None:
                quick.dispose()
    loader = _Loader(text)  # its reader refuses control characters right here
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def _short(value: object, limit: int = 60) -> str:
    """A value as quoted in a message, cut to `limit` characters and always on one line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# What the parser's words (libyaml's, or PyYAML's) mean for someone editing a data file; the
# original words follow in brackets.
_SYNTAX_HINTS = [
    ("found character '\\t'", "a tab character: YAML indents with spaces only"),
    ("found a tab character", "a tab character: YAML indents with spaces only"),
    ("mapping values are not allowed", "a ': ' where no key can start: put text that contains ': ' in quotes, or check the indentation"),
    ("expected <block end>", "this line's indentation does not fit the lines above"),
    ("did not find expected key", "this line's indentation does not fit the lines above"),
    ("did not find expected '-' indicator", "this line's indentation does not fit the lines above"),
    ("could not find expected ':'", "a line that is neither 'key: value' nor '- item' (is a ':' missing?)"),
    ("while scanning a quoted scalar; found unexpected end of stream", "a quote that is never closed"),
    ("but found another document", "one YAML document per file: remove the '---' line"),
    ("could not determine a constructor for the tag", "YAML tags (!name, !!type) are not allowed in the data"),
]


def _syntax_problem(error: yaml.MarkedYAMLError) -> tuple[int | None, str]:
    """(1-based line, plain words) for a PyYAML error."""
    if isinstance(error, _Refused):
        return error.problem_mark.line + 1, error.problem
    mark = error.problem_mark or error.context_mark
    # For a missing ':' or an unclosed quote PyYAML stops lines later; the context is where it began.
    if error.context_mark and error.context in ("while scanning a simple key", "while scanning a quoted scalar"):
        mark = error.context_mark
    original = "; ".join(filter(None, [error.context, error.problem]))
    hint = next((plain for words, plain in _SYNTAX_HINTS if words in original), None)
    text = f"YAML syntax error: {hint} ({original})" if hint else f"YAML syntax error: {original}"
    return (mark.line + 1 if mark else None), text


# While `mkdocs serve` runs, each rebuild parses only the files whose text changed: the hook hands
# over the previous rebuild's parsed files (by text) and a dict for this one's (`keep_parsed`).
_parsed_before: dict[str, tuple] = {}
_parsed_now: dict[str, tuple] | None = None


def keep_parsed(before: dict[str, tuple], now: dict[str, tuple]) -> None:
    """Reuse the parsed files in `before`; put this build's in `now` (the data is never modified)."""
    global _parsed_before, _parsed_now
    _parsed_before, _parsed_now = before, now


def _parse_or_reuse(text: str) -> tuple[object, yaml.Node | None]:
    if _parsed_now is None:
        return _parse(text)
    found = _parsed_now.get(text) or _parsed_before.get(text) or _parse(text)
    _parsed_now[text] = found
    return found


def read_yaml(path: Path, shown: str) -> tuple[object, yaml.Node | None]:
    """Parse one file; returns (data, node tree). Raises DataError naming `shown`."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError([f"{shown}: the file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,} bytes for a data file"])
        raw = path.read_bytes()
    except OSError as error:
        raise DataError([f"{shown}: cannot read the file ({error.strerror or error})"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - raw.rfind(b"\n", 0, error.start)
        raise DataError([f"{shown}:{line}: not UTF-8 text (byte 0x{raw[error.start]:02x} at column {column}); save the file as UTF-8"]) from None
    try:
        data, node = _parse_or_reuse(text)
    except yaml.MarkedYAMLError as error:
        line, problem = _syntax_problem(error)
        raise DataError([f"{shown}{f':{line}' if line else ''}: {problem}"]) from None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        raise DataError([f"{shown}:{line}: the character U+{error.character:04X} is not allowed in a YAML file ({error.reason}); remove it"]) from None
    except yaml.YAMLError as error:
        raise DataError([f"{shown}: YAML error: {' '.join(str(error).split())}"]) from None
    return data, node


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


# Two validators of the same schema: jsonschema-rs (compiled) decides in microseconds whether a
# file is valid; only a file it rejects goes through jsonschema, whose structured errors become
# the plain-words messages below. A test checks that the two agree on random documents.
@cache
def _quick_check(path: Path) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(json.loads(path.read_text(encoding="utf-8")))


@cache
def _validator(path: Path) -> jsonschema.Draft202012Validator:
    import jsonschema  # imported here: a build of valid data never needs it (its import alone takes ~30 ms)

    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _passes_quick_check(data: object, schema: Path) -> bool:
    try:
        return _quick_check(schema).is_valid(data)
    except ValueError:  # a value JSON has no type for (a YAML date, a number as a key): jsonschema words it
        return False


def _node_at(node: yaml.Node, path) -> yaml.Node:
    """The node at a JSON path (as jsonschema reports it), or its nearest parent."""
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part]
            if not match:
                break
            node = match[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
    return node


def _line_of(node: yaml.Node, path) -> int:
    """1-based line of the node at a JSON path, or of its nearest parent."""
    return _node_at(node, path).start_mark.line + 1


def _key_line(node: yaml.Node, path, key) -> int:
    """1-based line of the key `key` in the mapping at `path`."""
    mapping = _node_at(node, path)
    if isinstance(mapping, yaml.MappingNode):
        for key_node, _ in mapping.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(key):
                return key_node.start_mark.line + 1
    return mapping.start_mark.line + 1


_KINDS = {"string": "text", "boolean": "true or false", "array": "a list ('- ' lines)", "object": "a mapping ('key: value' lines)"}


def _kind(value: object) -> str:
    """What YAML made of a value, in words: "a number", "a list"..."""
    if value is None:
        return "no value (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "a date"
    return f"a {type(value).__name__}"


def _not_text(value: object, node: yaml.Node) -> str:
    """Why a scalar YAML did not read as text, and how to quote it."""
    if not isinstance(node, yaml.ScalarNode):
        return f"must be text, not {_kind(value)}"
    raw = " ".join(node.value.split())[:40]
    if not raw and value is None:
        return "has no value; write '' for an empty text"
    return f"YAML reads {raw} as {_kind(value)}, not as text: write it in quotes, '{raw}'"


def _explain(error: jsonschema.ValidationError, root: yaml.Node) -> list[tuple[int, str]]:
    """(line, plain words) for one schema error, e.g. (9, "values[1].value: YAML reads yes as ...")."""
    path = list(error.absolute_path)
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
    prefix = f"{where}: " if where else ""
    line = _line_of(root, path)
    node = _node_at(root, path)
    instance = error.instance
    if error.validator == "type":
        expected = error.validator_value
        if expected == "string":
            return [(line, prefix + _not_text(instance, node))]
        wanted = _KINDS.get(expected, str(expected)) if isinstance(expected, str) else " or ".join(map(str, expected))
        return [(line, f"{prefix or 'the file '}must be {wanted}, not {_kind(instance)}")]
    if error.validator == "enum":
        allowed = " or ".join(f"'{v}'" for v in error.validator_value)
        hint = ""
        if isinstance(node, yaml.ScalarNode) and not isinstance(instance, str):
            hint = f" (YAML reads {' '.join(node.value.split())[:40]} as {_kind(instance)}: write it in quotes)"
        return [(line, f"{prefix}must be {allowed}, not {_short(instance)}{hint}")]
    if error.validator == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        found = []
        for key in [k for k in instance if k not in known]:
            close = difflib.get_close_matches(str(key), known, n=1)
            guess = f" (did you mean '{close[0]}'?)" if close else ""
            found.append((_key_line(root, path, key), f"{prefix}unknown key {_short(key)}{guess}; the keys allowed here are {', '.join(known)}"))
        return found
    if error.validator == "required":
        missing = [key for key in error.validator_value if key not in instance]
        return [(line, f"{prefix}missing the required key '{key}'") for key in missing]
    if error.validator == "minProperties":
        return [(line, f"{prefix or 'the file '}has no entries; it needs at least {error.validator_value}")]
    if error.validator == "minItems":
        return [(line, f"{prefix}the list is empty; it needs at least {error.validator_value} entr{'y' if error.validator_value == 1 else 'ies'}")]
    if error.validator == "minLength":
        return [(line, f"{prefix}the text is empty: write it, or remove the key")]
    if error.validator == "uniqueItems":
        return [(line, f"{prefix}the list holds the same entry twice")]
    if error.validator == "pattern":
        rule = error.schema.get("description", f"it must match {error.validator_value}")
        return [(line, f"{prefix}{_short(instance)} is not allowed here: {rule}")]
    return [(line, f"{prefix}{' '.join(error.message.split())[:200]}")]


def _schema_problems(data: object, node: yaml.Node | None, shown: str, schema: Path) -> list[str]:
    """`file:line: text` lines for what a data file's JSON Schema rejects; empty when it is valid."""
    if node is None:
        return [f"{shown}:1: the file is empty"]
    if _passes_quick_check(data, schema):
        return []
    found = [problem for error in _validator(schema).iter_errors(data) for problem in _explain(error, node)]
    return [f"{shown}:{line}: {text}" for line, text in sorted(set(found))]


def validate_enum(data: object, node: yaml.Node | None, shown: str, named_after: Mapping[str, str] | None = None) -> list[str]:
    """Problems of one enum file's data, as `file:line: text` lines; empty when it is valid.

    `named_after` maps a file stem to that file (as shown), so that a second file defining
    an enumeration is told which file already does.
    """
    if problems := _schema_problems(data, node, shown, ENUM_SCHEMA):
        return problems
    name, stem = data["name"], Path(shown).stem
    if name != stem:
        line = _line_of(node, ["name"])
        if named_after and name in named_after:
            problems.append(f"{shown}:{line}: {name} is defined in {named_after[name]} already: two files define it; delete this one or give it a name of its own")
        else:
            problems.append(f"{shown}:{line}: the name {name!r} differs from the file name {stem!r}: rename the file to {name}.yaml or change the name")
    seen: dict[str, int] = {}  # value -> index of its first entry (lines are looked up only for a repeat)
    for index, value in enumerate(data["values"]):
        if value["value"] in seen:
            line, first = (_line_of(node, ["values", at, "value"]) for at in (index, seen[value["value"]]))
            problems.append(f"{shown}:{line}: the value {value['value']!r} appears twice (first at line {first}); keep one")
        seen.setdefault(value["value"], index)
    if data.get("default") is not None and data["default"] not in seen:
        problems.append(f"{shown}:{_line_of(node, ['default'])}: default {data['default']!r} is not one of the values")
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
    for enum in catalog.enums.values():
        for index, value in enumerate(enum.values):
            for field in ("description", "note"):
                for name in BACKTICKED.findall(getattr(value, field) or ""):
                    try:
                        catalog.reference(enum.name, name)
                    except ValueError as error:
                        line = _line_of(nodes[enum.name], ["values", index, field])
                        problems.append(f"{enum.source}:{line}: values[{index}].{field}: {error}")
    return problems


def read_valid(path: Path, shown: str, schema: Path) -> tuple[object, yaml.Node | None]:
    """(data, node tree) of a file that matches its JSON Schema; raises DataError naming `shown`."""
    data, node = read_yaml(path, shown)
    if problems := _schema_problems(data, node, shown, schema):
        raise DataError(problems)
    return data, node


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

    def shown(path: Path) -> str:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

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
                f"{shown(path)}:{_line_of(node, ['usages', index, 'message'])}: usages[{index}].message: "
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
    ocpp16_types, ocpp16_sources = (), ()
    if (data_dir / "ocpp16.yaml").is_file():  # optional: a data folder without it has no 1.6 page content
        from macros.ocpp16 import read_ocpp16  # imported here: it builds on this module

        try:
            ocpp16_types, ocpp16_sources = read_ocpp16(data_dir / "ocpp16.yaml", shown(data_dir / "ocpp16.yaml"), enums)
        except DataError as error:
            problems += error.problems
    catalog = Catalog(dict(sorted(enums.items())), messages, read["retired.yaml"], read["source.yaml"], ocpp16_types, ocpp16_sources)
    if problems := problems + _reference_problems(catalog, nodes):
        raise DataError(problems)
    return catalog


def main(argv: list[str] | None = None) -> int:
    """Check a data folder (`python -m macros.model [data]`): print its problems, exit 1 if there are any."""
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
