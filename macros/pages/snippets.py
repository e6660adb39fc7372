"""Code to copy from an enum or code-list page: Python, TypeScript and JSON Schema, each value with its explanation.

A code list is an open set (the field is a string; the appendix predefines values): its TypeScript
type also admits any string, and its JSON Schema lists the values as examples, not as an enum.

Values are pattern-checked (letters, digits, `_`, `.`, `-`) and explanations are folded into
comments on one line each, so no text from the YAML can end a comment or a string early.
"""

from __future__ import annotations

import json
import keyword
import re
from functools import cache

from macros.catalog.model import CodeList, Enum

COMMENT_WIDTH = 72  # comment text per line, so a snippet stays readable in a narrow code block


def python_member(value: str) -> str:
    """Python member name of a value: "L1-N" -> "L1_N", "Energy.Active.Import.Register" -> "Energy_Active_Import_Register"."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", value)
    if name[0].isdigit():
        name = "_" + name
    return name + "_" if keyword.iskeyword(name) else name


@cache  # each explanation is wrapped once, for both languages
def wrapped(text: str) -> tuple[str, ...]:
    """An explanation in lines of at most COMMENT_WIDTH characters, broken at spaces only (a longer
    word stands on its own line). Greedy, like textwrap.wrap(break_on_hyphens=False), at a tenth of its cost."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= COMMENT_WIDTH:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return tuple(lines)


def comment_lines(text: str, marker: str, indent: str) -> str:
    """An explanation as comment lines, e.g. "    # The EV is plugged in ...\\n"; "" for no text."""
    return "".join(f"{indent}{marker} {line}\n" for line in wrapped(text))


def python_code(enum: Enum) -> str:
    """The enum as a Python 3.11 `enum.StrEnum`, each member under its explanation."""
    members = "".join(
        comment_lines(v.description, "#", "    ") + f"    {python_member(v.name)} = {json.dumps(v.name)}\n" for v in enum.values
    )
    return f"from enum import StrEnum\n\n\nclass {enum.name}(StrEnum):\n{members}"


def typescript_code(enum: Enum | CodeList) -> str:
    """The enum as a TypeScript `const` array plus the string-literal union type of the same name
    (for a code list, `| (string & {})` keeps other strings allowed and the predefined ones suggested)."""
    values = "".join(comment_lines(v.description, "//", "  ") + f"  {json.dumps(v.name)},\n" for v in enum.values)
    open_set = " | (string & {})" if isinstance(enum, CodeList) else ""
    return (
        f"export const {enum.name} = [\n{values}] as const;\n\n"
        f"export type {enum.name} = (typeof {enum.name})[number]{open_set};\n"
    )


def json_schema(enum: Enum | CodeList) -> dict:
    """The enum as a JSON Schema (draft 2020-12) fragment; a code list's values as `examples` (any string is valid)."""
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": enum.name, "type": "string"}
    if isinstance(enum, CodeList):
        lengths = {u.max_length for u in enum.usages if u.max_length}
        if len(lengths) == 1:
            schema["maxLength"] = lengths.pop()
        schema["examples"] = [v.name for v in enum.values]
        return schema
    schema["enum"] = [v.name for v in enum.values]
    if enum.default:
        schema["default"] = enum.default
    return schema


def code_tabs(enum: Enum | CodeList) -> str:
    """Content tabs with Python, TypeScript and JSON Schema snippets."""
    tabs = [
        ("Python", "python", python_code(enum)),
        ("TypeScript", "typescript", typescript_code(enum)),
        ("JSON Schema", "json", json.dumps(json_schema(enum), indent=2) + "\n"),
    ]
    out = []
    for title, lang, code in tabs:
        indented = "".join(f"    {line}\n" if line else "\n" for line in code.splitlines())
        out.append(f'=== "{title}"\n\n    ```{lang}\n{indented}    ```\n')
    return "\n".join(out)
