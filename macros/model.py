"""Load and validate the YAML data into a typed, read-only model.

Everything the site shows comes through `load_catalog`; nothing else reads the YAML.
A problem in the data raises `DataError`, whose lines read `file:line: what is wrong`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import jsonschema
import yaml

MAX_FILE_BYTES = 256 * 1024  # the largest real file is ~25 KB; more is a mistake or an attack
ENUM_SCHEMA = Path(__file__).resolve().parent.parent / "data" / "enum.schema.json"


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
    description: str


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
    source: str  # path of the YAML file, relative to the repository root

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
class Catalog:
    enums: dict[str, Enum]  # sorted by name
    messages: dict[str, str]  # action (e.g. "Authorize") -> "CS->CSMS", "CSMS->CS" or "both"

    retired: tuple[RetiredEnum, ...]

    def direction(self, message: str) -> str:
        """Who sends a message, e.g. "AuthorizeResponse" -> "CSMS->CS"."""
        sent = self.messages[action(message)]
        if message.endswith("Response") and sent != "both":
            return "->".join(reversed(sent.split("->")))
        return sent


def action(message: str) -> str:
    """The action a message belongs to: "AuthorizeRequest" -> "Authorize"."""
    return message.removesuffix("Request").removesuffix("Response")


# ---------------------------------------------------------------------------
# YAML reading with line numbers and without aliases
# ---------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """Safe loader that refuses aliases (no "billion laughs") and duplicate keys."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(problem="aliases (*name) are not allowed", problem_mark=event.start_mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.MarkedYAMLError(problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def _line_of(node: yaml.Node, path) -> int:
    """1-based line of the node at a JSON path (as jsonschema reports it), or its nearest parent."""
    for part in path:
        if isinstance(node, yaml.MappingNode):
            match = [v for k, v in node.value if k.value == part]
            if not match:
                break
            node = match[0]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
    return node.start_mark.line + 1


def read_yaml(path: Path, shown: str) -> tuple[object, yaml.Node | None]:
    """Parse one file; returns (data, node tree). Raises DataError naming `shown`."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataError([f"{shown}: file is {size} bytes, more than the {MAX_FILE_BYTES} allowed"])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError([f"{shown}:{line}: not UTF-8 text (byte 0x{raw[error.start]:02x})"]) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = " ".join(filter(None, [error.context, error.problem]))
        raise DataError([f"{shown}{line}: YAML error: {problem}"]) from None
    except yaml.YAMLError as error:
        raise DataError([f"{shown}: YAML error: {error}"]) from None
    finally:
        loader.dispose()
    return data, node


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(ENUM_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _explain(error: jsonschema.ValidationError) -> str:
    """Plain words for a schema error, e.g. "values[3].value: must be text, YAML read True"."""
    where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path).lstrip(".")
    where = f"{where}: " if where else ""
    if error.validator == "type" and error.validator_value == "string":
        hint = " (quote it)" if isinstance(error.instance, (bool, int, float)) or error.instance is None else ""
        shown = {True: "true", False: "false", None: "null"}.get(error.instance, error.instance) if not isinstance(error.instance, (dict, list)) else type(error.instance).__name__
        return f"{where}must be text, but YAML reads {shown!r} as a {type(error.instance).__name__}{hint}"
    if error.validator == "additionalProperties":
        allowed = ", ".join(error.schema.get("properties", {}))
        return f"{where}{error.message} (allowed: {allowed})"
    if error.validator == "minItems" and error.validator_value == 1:
        return f"{where}must not be empty"
    if error.validator == "pattern":
        return f"{where}{error.instance!r} is not allowed here ({error.schema.get('description', error.message)})"
    return f"{where}{error.message}"


def validate_enum(data: object, node: yaml.Node | None, shown: str) -> list[str]:
    """Problems of one enum file's data, as `file:line: text` lines; empty when it is valid."""
    if node is None:
        return [f"{shown}:1: the file is empty"]
    problems = [
        f"{shown}:{_line_of(node, error.absolute_path)}: {_explain(error)}"
        for error in sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    ]
    if problems:
        return problems
    stem = Path(shown).stem
    if data["name"] != stem:
        problems.append(f"{shown}:{_line_of(node, ['name'])}: name {data['name']!r} differs from the file name {stem!r}")
    seen: dict[str, int] = {}
    for index, value in enumerate(data["values"]):
        if value["value"] in seen:
            line = _line_of(node, ["values", index, "value"])
            problems.append(f"{shown}:{line}: duplicate value {value['value']!r} (first at line {seen[value['value']]})")
        seen.setdefault(value["value"], _line_of(node, ["values", index, "value"]))
    if data.get("default") is not None and data["default"] not in seen:
        problems.append(f"{shown}:{_line_of(node, ['default'])}: default {data['default']!r} is not one of the values")
    return problems


def _enum(data: dict, source: str) -> Enum:
    return Enum(
        name=data["name"],
        description=data["description"],
        since=data["since"],
        default=data.get("default"),
        values=tuple(Value(v["value"], v["since"], v["description"]) for v in data["values"]),
        removed_values=tuple(data.get("removed_values", ())),
        usages=tuple(Usage(u["message"], u["path"], u["required"], u["list"], u["description"]) for u in data["usages"]),
        source=source,
    )


def _read_messages(path: Path, shown: str) -> dict[str, str]:
    data, node = read_yaml(path, shown)
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise DataError([f"{shown}:1: expected a mapping of message name to direction"])
    bad = [k for k, v in data.items() if v not in ("CS->CSMS", "CSMS->CS", "both")]
    if bad:
        line = _line_of(node, [bad[0]])
        raise DataError([f"{shown}:{line}: {bad[0]}: direction must be CS->CSMS, CSMS->CS or both"])
    return dict(sorted(data.items()))


def _read_retired(path: Path, shown: str) -> tuple[RetiredEnum, ...]:
    data, _ = read_yaml(path, shown)
    try:
        return tuple(
            RetiredEnum(
                r["name"],
                tuple(r["values"]),
                tuple((f["message"], f["path"], f["type_in_2_1"], f["max_length"]) for f in r["fields_in_2_1"]),
            )
            for r in data["retired"]
        )
    except (KeyError, TypeError) as error:
        raise DataError([f"{shown}: unexpected layout ({error}); regenerate it with `make sync`"]) from None


def load_catalog(data_dir: Path, root: Path | None = None) -> Catalog:
    """Read and validate every file of a data folder; raises DataError listing every problem."""
    root = root or data_dir.parent

    def shown(path: Path) -> str:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    problems: list[str] = []
    enums: dict[str, Enum] = {}
    defined_in: dict[str, str] = {}
    paths = sorted([*(data_dir / "enums").glob("*.yaml"), *(data_dir / "enums").glob("*.yml")])
    if not paths:
        problems.append(f"{shown(data_dir / 'enums')}: no enumeration files (*.yaml) found")
    for path in paths:
        try:
            data, node = read_yaml(path, shown(path))
        except DataError as error:
            problems += error.problems
            continue
        found = validate_enum(data, node, shown(path))
        if not found and data["name"] in defined_in:
            found.append(f"{shown(path)}:{_line_of(node, ['name'])}: {data['name']} is already defined in {defined_in[data['name']]}")
        problems += found
        if not found:
            defined_in[data["name"]] = shown(path)
            enums[data["name"]] = _enum(data, shown(path))
    messages: dict[str, str] = {}
    retired: tuple[RetiredEnum, ...] = ()
    for name, reader in (("messages.yaml", _read_messages), ("retired.yaml", _read_retired)):
        try:
            result = reader(data_dir / name, shown(data_dir / name))
        except FileNotFoundError:
            problems.append(f"{shown(data_dir / name)}: file is missing")
            continue
        except DataError as error:
            problems += error.problems
            continue
        if name == "messages.yaml":
            messages = result
        else:
            retired = result
    for enum in enums.values():
        for usage in enum.usages:
            if messages and action(usage.message) not in messages:
                problems.append(f"{enum.source}: usage in {usage.message}, which data/messages.yaml does not list")
    if problems:
        raise DataError(problems)
    return Catalog(dict(sorted(enums.items())), messages, retired)
