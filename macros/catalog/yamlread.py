"""The safe YAML reader: line numbers kept, aliases, merge keys, duplicate keys and deep nesting refused."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from macros.catalog.errors import DataError, schema_problems, short

MAX_FILE_BYTES = 256 * 1024  # the largest real file is ~4 KB; 256 KB is a mistake or an attack
MAX_DEPTH = 20  # the real files nest 4 levels deep


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
                raise _Refused(f"the key {short(key)} appears twice in this mapping (first at line {first_line[key]}); keep one", key_node.start_mark)
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


# libyaml's composer recurses in C once per level, unchecked: a line of "- - - ..." or "[[[..."
# would overflow the C stack (a crash, not an error). Levels come from flow brackets, from deeper
# indentation, and from several "- " or "? " on one line; a text with no bracket, no line indented
# 40 spaces or more and at most two of those on a line nests a few hundred levels at the very most.
_MAY_NEST_DEEP = re.compile(r"[\[{]|^ {40}|^ *(?:[-?][ \t]+){3}", re.M)
_OPEN = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _shallow_events(text: str) -> bool:
    """No alias and at most MAX_DEPTH levels, seen in libyaml's events (its parser keeps a stack of
    its own): a text that may nest deeply is composed by libyaml only when this holds."""
    parser = yaml.cyaml.CParser(text)
    try:
        depth = 0
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, _OPEN):
                depth += 1
                if depth > MAX_DEPTH:
                    return False
            elif isinstance(event, _CLOSE):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                return False
        return True
    finally:
        parser.dispose()


def _parse(text: str) -> tuple[object, yaml.Node | None]:
    """(data, node tree) of one YAML document. libyaml composes it when that is safe (see
    `_MAY_NEST_DEEP`), and the tree is then checked for aliases and depth; anything else, or
    anything libyaml or that check rejects, goes through `_Loader`, whose errors are the messages,
    so a problem reads the same either way."""
    checked = _MAY_NEST_DEEP.search(text) is not None
    quick = None
    try:
        if not checked or _shallow_events(text):
            quick = _QuickLoader(text)
            node = quick.get_single_node()
            if node is None:
                return None, None
            if checked or _is_plain_tree(node):
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



def read_valid(path: Path, shown: str, schema: Path) -> tuple[object, yaml.Node | None]:
    """(data, node tree) of a file that matches its JSON Schema; raises DataError naming `shown`."""
    data, node = read_yaml(path, shown)
    if problems := schema_problems(data, node, shown, schema):
        raise DataError(problems)
    return data, node
