"""Bad data in plain words: `DataError` and the wording of what a JSON Schema rejects, with YAML line numbers."""

from __future__ import annotations

import datetime
import difflib
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import jsonschema_rs
import yaml

if TYPE_CHECKING:
    import jsonschema


class DataError(Exception):
    """Bad data: one line per problem, each naming the file, the line and the problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))




def short(value: object, limit: int = 60) -> str:
    """A value as quoted in a message, cut to `limit` characters and always on one line."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."



# Two validators of the same schema: jsonschema-rs (compiled) decides in microseconds whether a
# file is valid; only a file it rejects goes through jsonschema, whose structured errors become
# the plain-words messages below. A test checks that the two agree on random documents.
@cache
def quick_check(path: Path) -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(json.loads(path.read_text(encoding="utf-8")))


@cache
def validator(path: Path) -> jsonschema.Draft202012Validator:
    import jsonschema  # imported here: a build of valid data never needs it (its import alone takes ~30 ms)

    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def passes_quick_check(data: object, schema: Path) -> bool:
    try:
        return quick_check(schema).is_valid(data)
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


def line_of(node: yaml.Node, path) -> int:
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
    line = line_of(root, path)
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
        return [(line, f"{prefix}must be {allowed}, not {short(instance)}{hint}")]
    if error.validator == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        found = []
        for key in [k for k in instance if k not in known]:
            close = difflib.get_close_matches(str(key), known, n=1)
            guess = f" (did you mean '{close[0]}'?)" if close else ""
            found.append((_key_line(root, path, key), f"{prefix}unknown key {short(key)}{guess}; the keys allowed here are {', '.join(known)}"))
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
        return [(line, f"{prefix}{short(instance)} is not allowed here: {rule}")]
    return [(line, f"{prefix}{' '.join(error.message.split())[:200]}")]


def repeated_values(values: list[dict], node: yaml.Node, shown: str) -> tuple[list[str], dict[str, int]]:
    """`file:line: the value 'X' appears twice ...` for each repeat in a `values` list, and each value's first index."""
    problems, seen = [], {}  # value -> index of its first entry (lines are looked up only for a repeat)
    for index, value in enumerate(values):
        if value["value"] in seen:
            line, first = (line_of(node, ["values", at, "value"]) for at in (index, seen[value["value"]]))
            problems.append(f"{shown}:{line}: the value {value['value']!r} appears twice (first at line {first}); keep one")
        seen.setdefault(value["value"], index)
    return problems, seen


def schema_problems(data: object, node: yaml.Node | None, shown: str, schema: Path) -> list[str]:
    """`file:line: text` lines for what a data file's JSON Schema rejects; empty when it is valid."""
    if node is None:
        return [f"{shown}:1: the file is empty"]
    if passes_quick_check(data, schema):
        return []
    found = [problem for error in validator(schema).iter_errors(data) for problem in _explain(error, node)]
    return [f"{shown}:{line}: {text}" for line, text in sorted(set(found))]
