"""Bad data stops the build: one plain line per problem (file:line: what is wrong), no traceback,
a non-zero exit, and the previous site left byte for byte as it was."""

from __future__ import annotations

import hashlib
import re
import shutil
import socket
import subprocess
import sys
import time
import tracemalloc
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
import yaml
from conftest import BUILD_ENV, DATA, ROOT, copy_data, mkdocs_build, site_copy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros.catalog import assemble, errors, yamlread

ENUM = "ConnectorStatusEnumType"


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def enum_file(data: Path, name: str = ENUM) -> Path:
    return data / "enums" / f"{name}.yaml"


def replace_once(path: Path, old: str, new: str) -> None:
    """Edit a data file; fails the test if `old` is not there (the edit must really happen)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_number(path: Path, text: str) -> int:
    """1-based number of the first line of `path` that contains `text`."""
    for number, line in enumerate(path.read_bytes().split(b"\n"), start=1):
        if text.encode("utf-8") in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


BESIDE_ENUMS = ("messages.yaml", "retired.yaml", "source.yaml")  # the data files a load needs besides enums/


def small_copy(target: Path) -> Path:
    """A data folder with only ConnectorStatusEnumType, messages.yaml, retired.yaml and source.yaml: fast to load."""
    (target / "enums").mkdir(parents=True)
    shutil.copy(enum_file(DATA), enum_file(target))
    for name in BESIDE_ENUMS:
        shutil.copy(DATA / name, target / name)
    return target


def tree_digest(folder: Path) -> str:
    """One hash over every file's path and bytes under `folder` (and the folder's own listing)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


# ---------------------------------------------------------------------------
# The cases: each breaks a private copy of data/ and says which file, line and words to expect
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    # Breaks the data copy; returns the file that is wrong and the line the message must name
    # (None where no line is knowable: a file too large to read).
    breaks: Callable[[Path], tuple[Path, int | None]]
    words: tuple[str, ...]  # what the message must say, in plain words


def edit(old: str, new: str, at: str, file: str = f"enums/{ENUM}.yaml") -> Callable[[Path], tuple[Path, int]]:
    """A case that replaces `old` with `new` in one data file; the message must name the line holding `at`."""

    def breaks(data):
        path = data / file
        replace_once(path, old, new)
        return path, line_number(path, at)

    return breaks


yaml_syntax_error = edit("spec_section: '3.24'\nvalues:", "spec_section: '3.24'\n  values:", at="  values:")
tab_indentation = edit("- value: Reserved\n  since", "- value: Reserved\n\tsince", at="\tsince")
duplicate_key = edit("since: 2.0.1\nspec_section:", "since: 2.0.1\nsince: '2.1'\nspec_section:", at="since: '2.1'")


def duplicate_value(data):
    path = enum_file(data)
    replace_once(path, "- value: Reserved", "- value: Occupied")
    lines = path.read_text().split("\n")
    return path, [number for number, line in enumerate(lines, start=1) if line == "- value: Occupied"][1]


def unquoted(word):
    return edit("- value: Occupied", f"- value: {word}", at=f"- value: {word}")


unquoted_since = edit("since: 2.0.1\nspec_section:", "since: 2.1\nspec_section:", at="since: 2.1")
unknown_key = edit("\nvalues:", "\nvaluse:", at="valuse:")
# The mapping that lacks the key starts at "name: ".
missing_key = edit("description: This contains the current status of the Connector.\nsince:", "since:", at="name: ")


def empty_values(data):
    path = enum_file(data)
    text = path.read_text()
    path.write_text(text[: text.index("values:")] + "values: []\n" + text[text.index("usages:") :])
    return path, line_number(path, "values: []")


name_differs = edit(f"name: {ENUM}", "name: ConnectorStateEnumType", at="name: ")


def yml_twin(data):
    twin = data / "enums" / f"{ENUM}.yml"
    shutil.copy(enum_file(data), twin)
    return twin, 1


def copy_under_other_name(data):
    copy = data / "enums" / "ChargingConnectorStatusEnumType.yaml"
    shutil.copy(enum_file(data), copy)
    return copy, line_number(copy, "name: ")


def not_utf8(data):
    path = enum_file(data)
    path.write_bytes(path.read_bytes().replace(b"Occupied", "Occup\xe9ed".encode("latin-1")))
    return path, line_number(path, "- value: Occup")


control_character = edit("- value: Faulted", "- value: Fau\x00lted", at="- value: Fau")


# Nine levels of nine references each: 9**9 (387 million) strings if the aliases were expanded,
# and the last level under a key the checks walk through.
BILLION_LAUGHS = 'lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]\n" for i in range(1, 9)
) + f"removed_values: [{', '.join(['*a8'] * 9)}]\n"


alias_bomb = edit("usages:", BILLION_LAUGHS + "usages:", at="*a0")


def deep_nesting(data):
    path = enum_file(data)
    path.write_text("x: " + "[" * 50_000 + "]" * 50_000 + "\n")
    return path, 1


def deep_block_nesting(data):
    path = enum_file(data)
    path.write_text("values:\n" + "- " * 100_000 + "x\n")  # block sequences, one inside the next, on one line
    return path, 2


def oversized(data):
    path = enum_file(data)
    replace_once(path, "description: This contains", "description: " + "x" * 300_000 + " This contains")
    return path, None


message_not_listed = edit("- message: StatusNotificationRequest", "- message: StatusNotifyRequest", at="StatusNotifyRequest")


def messages_empty(data):
    path = data / "messages.yaml"
    path.write_text("# yaml-language-server: $schema=messages.schema.json\n{}\n", encoding="utf-8")
    return path, 2


messages_unknown_direction = edit("Authorize: CS->CSMS", "Authorize: CS-CSMS", at="Authorize: CS-CSMS", file="messages.yaml")
explained = "- value: Occupied\n  since: 2.0.1\n  description: "
unknown_name_in_explanation = edit(explained, explained + "Bogus `Bogus` ", at="description: Bogus")
unknown_value_named = edit(explained, explained + f"Bogus `{ENUM}.Bogus` ", at="description: Bogus")
empty_note = edit("- value: Reserved\n  since: 2.0.1\n", "- value: Reserved\n  since: 2.0.1\n  note: ''\n", at="note: ''")
malformed_section = edit("spec_section: '3.24'", "spec_section: chapter 3.24", at="spec_section:")
retired_name_with_markup = edit("- name: ConnectorEnumType", "- name: <img src=x onerror=alert(1)>", at="<img src=x", file="retired.yaml")
source_edition_with_markup = edit("edition: OCPP 2.1 Edition 1", "edition: <b>Edition</b>", at="edition:", file="source.yaml")


def source_missing(data):
    (data / "source.yaml").unlink()
    return data / "source.yaml", None


CASES = [
    Case("yaml-syntax-error", yaml_syntax_error, ("YAML syntax error", "indentation")),
    Case("tab-indentation", tab_indentation, ("YAML syntax error", "tab character", "spaces only")),
    Case("duplicate-key", duplicate_key, ("key 'since'", "twice")),
    Case("duplicate-value", duplicate_value, ("value 'Occupied'", "twice")),
    *(
        Case(f"unquoted-{word}", unquoted(word), (f"YAML reads {word} as", "not as text", "quotes"))
        for word in ("yes", "no", "on", "1.6", "null")
    ),
    Case("unquoted-since", unquoted_since, ("since", "'2.1'", "quotes")),
    Case("unknown-key", unknown_key, ("unknown key 'valuse'", "did you mean 'values'")),
    Case("missing-key", missing_key, ("missing", "'description'")),
    Case("empty-values", empty_values, ("values", "empty")),
    Case("name-differs-from-file-name", name_differs, ("'ConnectorStateEnumType'", "differs from the file name")),
    Case("yml-beside-yaml", yml_twin, (f"{ENUM}.yaml", "end in .yaml", "delete")),
    Case("copy-under-another-name", copy_under_other_name, (ENUM, "already", "two files")),
    Case("not-utf8", not_utf8, ("not UTF-8",)),
    Case("control-character", control_character, ("U+0000", "not allowed")),
    Case("alias-bomb", alias_bomb, ("aliases", "not allowed")),
    Case("deep-nesting", deep_nesting, ("nested", "deep")),
    Case("deep-block-nesting", deep_block_nesting, ("nested", "deep")),
    Case("oversized-file", oversized, ("bytes", "limit")),
    Case("message-not-listed", message_not_listed, ("StatusNotifyRequest", "messages.yaml")),
    Case("messages-empty", messages_empty, ("no entries",)),
    Case("messages-unknown-direction", messages_unknown_direction, ("Authorize", "'CS->CSMS' or 'CSMS->CS' or 'both'", "'CS-CSMS'")),
    Case("unknown-name-in-explanation", unknown_name_in_explanation, ("values[1].description", "`Bogus` is not a value of " + ENUM, "drop the backticks")),
    Case("unknown-value-named", unknown_value_named, ("values[1].description", f"`{ENUM}.Bogus`", f"{ENUM} has no value 'Bogus'")),
    Case("empty-note", empty_note, ("values[2].note", "empty")),
    Case("malformed-section", malformed_section, ("spec_section", "'chapter 3.24' is not allowed here", "such as 3.18")),
    Case("source-edition-with-markup", source_edition_with_markup, ("edition", "'<b>Edition</b>'", "OCPP 2.1 Edition 1")),
    Case("source-missing", source_missing, ("the file is missing", "make sync")),
    Case("retired-name-with-markup", retired_name_with_markup, ("'<img src=x onerror=alert(1)>'", "is not allowed here", "EnumType")),
]

# The full `mkdocs build` runs for these; the loader tests cover every case (the build calls the loader).
BUILT = {"unknown-name-in-explanation", "yaml-syntax-error", "unquoted-yes", "unknown-key", "yml-beside-yaml", "not-utf8", "alias-bomb", "oversized-file", "retired-name-with-markup"}


def expected_prefix(file: str, line: int | None) -> str:
    return f"{file}:{line}: " if line is not None else f"{file}: "


def assert_names_the_problem(lines: list[str], file: str, line: int | None, words: tuple[str, ...]) -> None:
    """Some line is `file:line: ...` and says every one of `words`."""
    prefix = expected_prefix(file, line)
    matching = [text for text in lines if text.startswith(prefix) and all(word in text for word in words)]
    assert matching, f"no line starting {prefix!r} and saying {words} in:\n" + "\n".join(lines)


# ---------------------------------------------------------------------------
# The loader (what the build and the pre-commit hook call)
# ---------------------------------------------------------------------------


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_loader_names_file_line_and_problem(tmp_path, case):
    data = small_copy(tmp_path / "data")
    wrong, line = case.breaks(data)
    with pytest.raises(errors.DataError) as raised:
        assemble.load_catalog(data)
    shown = wrong.relative_to(tmp_path).as_posix()  # e.g. data/enums/X.yaml, as in the repository
    problems = raised.value.problems
    assert_names_the_problem(problems, shown, line, case.words)
    # Only the broken file is blamed, each problem on one line.
    assert all(problem.startswith(f"{shown}:") and "\n" not in problem for problem in problems), problems


@pytest.mark.timeout(60)  # expanded, the aliases would take hours
def test_alias_bomb_is_refused_fast_and_small(tmp_path):
    data = small_copy(tmp_path / "data")
    alias_bomb(data)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(errors.DataError):
            assemble.load_catalog(data)
        seconds = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seconds < 5, f"took {seconds:.1f} s"
    assert peak < 50 * 2**20, f"peak memory {peak / 2**20:.0f} MiB"


def test_oversized_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    data = small_copy(tmp_path / "data")
    path, _ = oversized(data)
    read = []
    original = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or original(self))
    with pytest.raises(errors.DataError):
        yamlread.read_yaml(path, "x.yaml")
    assert path not in read


def test_the_real_data_passes_every_check(catalog):
    assert len(catalog.enums) == len(list((DATA / "enums").glob("*.yaml")))


# ---------------------------------------------------------------------------
# The real build: `mkdocs build` into a folder that holds the previous good site
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def previous_site(site, tmp_path_factory) -> tuple[Path, str]:
    """A copy of a good build, and its digest."""
    folder = tmp_path_factory.mktemp("previous") / "site"
    shutil.copytree(site, folder)
    return folder, tree_digest(folder)


@pytest.mark.parametrize("case", [c for c in CASES if c.id in BUILT], ids=[c.id for c in CASES if c.id in BUILT])
def test_build_stops_with_a_plain_line_and_keeps_the_previous_site(tmp_path, previous_site, case):
    folder, digest = previous_site
    data = copy_data(tmp_path / "data")
    wrong, line = case.breaks(data)
    result = mkdocs_build(folder, data)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output, output[-3000:]
    assert_names_the_problem(output.splitlines(), wrong.as_posix(), line, case.words)
    assert tree_digest(folder) == digest, "the previous site changed"
    assert not folder.with_name(folder.name + ".building").exists(), "a staging folder was left behind"


@pytest.mark.parametrize("text,words", [
    ("[a link](missing.md)", "missing.md"),  # a warning: --strict fails the build once every page is written
    ('{{ enum_link("NoSuchEnumType") }}', "NoSuchEnumType"),  # a macro error: mkdocs-macros ends the process
], ids=["strict-warning", "macro-error"])
def test_a_build_failing_after_the_data_loaded_keeps_the_previous_site(tmp_path, previous_site, text, words):
    folder, digest = previous_site
    config = site_copy(tmp_path / "project", pages={"broken.md": f"# Broken\n\n{text}\n"})
    result = mkdocs_build(folder, config=config)
    assert result.returncode != 0
    assert words in result.stdout + result.stderr
    assert tree_digest(folder) == digest, "the previous site changed"
    assert not folder.with_name(folder.name + ".building").exists(), "a staging folder was left behind"


def test_build_lists_every_problem_of_every_file(tmp_path, previous_site):
    folder, digest = previous_site
    data = copy_data(tmp_path / "data")
    broken = [unquoted("yes")(data)]
    phase = enum_file(data, "PhaseEnumType")
    replace_once(phase, "name: PhaseEnumType", "name: Phase")
    broken.append((phase, line_number(phase, "name: Phase")))
    attribute = enum_file(data, "AttributeEnumType")
    replace_once(attribute, "\nvalues:", "\nvaluse:")
    broken.append((attribute, line_number(attribute, "valuse:")))
    result = mkdocs_build(folder, data)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    for path, line in broken:
        assert f"{path.as_posix()}:{line}: " in output, output[-3000:]
    assert tree_digest(folder) == digest


# ---------------------------------------------------------------------------
# `mkdocs serve` (what `make serve` runs)
# ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_serve(data: Path, log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {**BUILD_ENV, "OCPP_DATA": str(data)}
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    return process, port


def wait_until(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def article(url: str) -> str:
    """The main content of a served page ("" while there is none); the live-reload script around it changes per request."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            page = response.read().decode("utf-8")
    except OSError:
        return ""
    found = re.search(r"<article.*?</article>", page, re.S)
    return found.group(0) if found else ""


def test_serve_refuses_to_start_on_bad_data(tmp_path):
    data = copy_data(tmp_path / "data")
    wrong, line = unquoted("yes")(data)
    log = tmp_path / "serve.log"
    process, _ = start_serve(data, log)
    try:
        assert process.wait(timeout=60) != 0
    finally:
        process.kill() if process.poll() is None else None
    output = log.read_text()
    assert "Traceback" not in output
    assert_names_the_problem(output.splitlines(), wrong.as_posix(), line, ("YAML reads yes as",))


def test_serve_reports_bad_data_and_recovers_when_it_is_fixed(tmp_path):
    data = copy_data(tmp_path / "data")
    log = tmp_path / "serve.log"
    process, port = start_serve(data, log)
    url = f"http://127.0.0.1:{port}/enums/{ENUM}/"
    try:
        wait_until(lambda: "Occupied" in article(url), 120, "the first build")
        good = enum_file(data).read_text()
        time.sleep(1.5)  # file times have a coarse resolution on some file systems
        wrong, line = unquoted("yes")(data)
        wait_until(lambda: f"{wrong.as_posix()}:{line}: " in log.read_text(), 60, "the problem line")
        assert process.poll() is None, "serve stopped"
        # Fixed (with a visible edit), the next rebuild serves the new text.
        enum_file(data).write_text(good.replace(explained, explained + "Fixed again. "))
        wait_until(lambda: "Fixed again." in article(url), 120, "the page after the fix")
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert "Traceback" not in log.read_text()


# ---------------------------------------------------------------------------
# Random documents: accepted, or refused with file:line lines; never any other exception
# ---------------------------------------------------------------------------

REAL = yaml.safe_load(enum_file(DATA).read_text(encoding="utf-8"))
HEADER = enum_file(DATA).read_text(encoding="utf-8").split("\n", 1)[0] + "\n"
KEYS = ["name", "description", "since", "default", "values", "removed_values", "usages", "value", "message", "path", "required", "list", "valuse"]
PROBLEM = re.compile(rf"^data/enums/{ENUM}\.yaml:(\d+): \S.*$")

scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.sampled_from(["2.1", "2.0.1", "yes", "Occupied", ""])
values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=8), children, max_size=5),
    max_leaves=20,
)
# Where in the real document a mutation lands: a key of the file, of a value or of a usage.
spots = st.sampled_from([(), ("values", 0), ("values", 1), ("usages", 0)])


def mutated(spot: tuple, key: str, value, drop: bool) -> dict:
    """The real ConnectorStatusEnumType document with one key set to `value` (or dropped)."""
    document = yaml.safe_load(yaml.safe_dump(REAL))
    target = document
    for part in spot:
        target = target[part]
    if drop:
        target.pop(key, None)
    else:
        target[key] = value
    return document


documents = st.one_of(
    values.map(lambda value: yaml.safe_dump(value, allow_unicode=True)),
    values.map(lambda value: yaml.safe_dump(value, default_flow_style=True)),
    st.builds(mutated, spots, st.sampled_from(KEYS), values, st.booleans()).map(lambda d: HEADER + yaml.safe_dump(d, sort_keys=False)),
    st.just(HEADER + yaml.safe_dump(REAL, sort_keys=False)),
)


@pytest.fixture(scope="module")
def small_data(tmp_path_factory) -> Path:
    """A data folder with one enumeration file, overwritten by each example."""
    data = tmp_path_factory.mktemp("random") / "data"
    (data / "enums").mkdir(parents=True)
    for name in BESIDE_ENUMS:
        shutil.copy(DATA / name, data / name)
    return data


def check_loader_on(data: Path, content: bytes) -> None:
    """The loader accepts `content` as the enum file, or refuses it with file:line lines only."""
    enum_file(data).write_bytes(content)
    try:
        catalog = assemble.load_catalog(data)
    except errors.DataError as error:
        assert error.problems
        lines = max(1, len(content.decode("utf-8", "replace").splitlines()) + 1)
        for problem in error.problems:
            match = PROBLEM.match(problem)
            assert match and "\n" not in problem, problem
            assert 1 <= int(match.group(1)) <= lines, problem
        return
    enum = catalog.enums[ENUM]  # accepted: then it is a well-formed enumeration
    assert enum.values and all(re.fullmatch(r"[A-Za-z0-9_.\-]+", value.name) for value in enum.values)
    assert all(isinstance(text, str) for text in (enum.description, *(value.description for value in enum.values)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_random_yaml_documents_are_accepted_or_refused_plainly(small_data, document):
    check_loader_on(small_data, document.encode("utf-8"))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200).map(lambda text: text.encode("utf-8")) | st.binary(max_size=200))
def test_random_text_and_bytes_are_accepted_or_refused_plainly(small_data, content):
    check_loader_on(small_data, content)


# Each real file with one spot changed: a key set to a random value (or dropped), as in `mutated`.
REAL_FILES = {
    assemble.ENUM_SCHEMA: (REAL, [(), ("values", 0), ("usages", 0)]),
    assemble.MESSAGES_SCHEMA: (yaml.safe_load((DATA / "messages.yaml").read_text(encoding="utf-8")), [()]),
    assemble.RETIRED_SCHEMA: (yaml.safe_load((DATA / "retired.yaml").read_text(encoding="utf-8")), [(), ("retired", 0), ("retired", 0, "fields_in_2_1", 0)]),
    assemble.SOURCE_SCHEMA: (yaml.safe_load((DATA / "source.yaml").read_text(encoding="utf-8")), [()]),
}
RETIRED_KEYS = ["retired", "name", "values", "fields_in_2_1", "message", "path", "type_in_2_1", "max_length", "Authorize"]
RETIRED_KEYS += ["edition", "schema_id", "package", "synced"]  # data/source.yaml


@st.composite
def schema_and_document(draw) -> tuple[Path, object]:
    schema = draw(st.sampled_from(list(REAL_FILES)))
    real, spots_here = REAL_FILES[schema]
    document = yaml.safe_load(yaml.safe_dump(real))
    target = document
    for part in draw(st.sampled_from(spots_here)):
        target = target[part]
    key = draw(st.sampled_from(KEYS + RETIRED_KEYS))
    if draw(st.booleans()):
        target.pop(key, None)
    else:
        target[key] = draw(values)
    return schema, document


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schema_and_document() | st.tuples(st.sampled_from(list(REAL_FILES)), values))
def test_the_quick_schema_check_agrees_with_jsonschema(case):
    """jsonschema-rs decides which files go to jsonschema for messages: the two must give the same verdict."""
    schema, document = case
    by_jsonschema = not any(errors.validator(schema).iter_errors(document))
    assert errors.passes_quick_check(document, schema) == by_jsonschema
