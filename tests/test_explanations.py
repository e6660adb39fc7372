"""Every value explains itself: an explanation in the data, shown on its page, linked where it names
another value, and carried by the snippets, the index, the all-in-one page and the exports."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import DATA

from macros.catalog.model import BACKTICKED

WORD = re.compile(r"[A-Za-z0-9]+")
# Words that say nothing about a value on their own
FILLER = {"the", "a", "an", "is", "are", "of", "to", "this", "that", "value", "it", "in", "for", "and", "or"}


def name_words(value: str) -> set[str]:
    """The words a value's name is made of: "SuspendedEVSE" -> {"suspended", "evse"}."""
    return {w.lower() for w in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", value)}


@cache
def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def value_block(site: Path, enum: str, value: str):
    """The `.ocpp-value` block under a value's heading on its enum page."""
    heading = soup(site, f"enums/{enum}").find("h3", id=value)
    assert heading is not None, f"{enum}#{value}"
    return heading.find_next_sibling("div", class_="ocpp-value")


# ---------------------------------------------------------------------------
# The data
# ---------------------------------------------------------------------------


def test_every_value_has_an_explanation_of_at_least_six_words(catalog):
    short = [f"{e.name}.{v.name}" for e in catalog.enums.values() for v in e.values if len(WORD.findall(v.description)) < 6]
    assert short == []


def test_an_explanation_says_more_than_the_value_name(catalog):
    restated = []
    for enum in catalog.enums.values():
        for value in enum.values:
            said = {w.lower() for w in WORD.findall(value.description)} - FILLER - name_words(value.name)
            if len(said) < 3:
                restated.append(f"{enum.name}.{value.name}")
    assert restated == []


def test_no_two_values_of_one_enum_share_an_explanation(catalog):
    for enum in catalog.enums.values():
        texts = [" ".join(v.description.split()) for v in enum.values]
        assert len(set(texts)) == len(texts), enum.name


def test_a_value_of_the_same_enum_named_in_an_explanation_is_in_backticks(catalog):
    """A sibling value written out as plain text would not be linked. Names that are also plain
    English words ("Charging", "Accepted") or common abbreviations ("SoC", "L1" for a line) are not
    checked: only compound names longer than three characters are unmistakable."""
    unmarked = []
    for enum in catalog.enums.values():
        compound = [v.name for v in enum.values if len(v.name) > 3 and re.search(r"[a-z][A-Z]|[A-Z]{2}[a-z]|[._\d-]", v.name)]
        for value in enum.values:
            for field in ("description", "note"):
                prose = BACKTICKED.sub(" ", getattr(value, field) or "")
                for name in compound:
                    if name != value.name and re.search(rf"(?<![\w.`]){re.escape(name)}(?![\w`]|\.\w)", prose):
                        unmarked.append(f"{enum.name}.{value.name} {field}: {name}")
    assert unmarked == []


def test_spec_sections_are_unique_well_formed_and_cover_chapter_3(catalog):
    sections = [e.spec_section for e in catalog.enums.values()]
    assert all(s and re.fullmatch(r"3\.[1-9]\d*", s) for s in sections), sections
    assert len(set(sections)) == len(sections)
    # Chapter 3 of Part 2 defines one enumeration per section, numbered without gaps.
    assert sorted(int(s.split(".")[1]) for s in sections) == list(range(1, len(sections) + 1))


def test_the_known_quirks_and_conflicts_carry_a_note(catalog):
    noted = {(e.name, v.name) for e in catalog.enums.values() for v in e.values if v.note}
    expected = {
        ("CostDimensionEnumType", "IdleTIme"),
        ("ReasonEnumType", "SOCLimitReached"),
        ("TriggerReasonEnumType", "SoCLimitReached"),
        ("PreconditioningStatusEnumType", "NotReady"),
        ("PreconditioningStatusEnumType", "Preconditioning"),
        ("CostKindEnumType", "RelativePricePercentage"),
        ("CostKindEnumType", "RenewableGenerationPercentage"),
        ("MeasurandEnumType", "Voltage.Maximum"),
        ("AuthorizeCertificateStatusEnumType", "SignatureError"),
        ("AuthorizeCertificateStatusEnumType", "NoCertificateAvailable"),
    }
    assert expected - noted == set()


def test_a_near_twin_note_names_the_other_spelling(catalog):
    note = catalog.enums["ReasonEnumType"].values
    soc = next(v for v in note if v.name == "SOCLimitReached")
    assert "TriggerReasonEnumType.SoCLimitReached" in soc.note


# ---------------------------------------------------------------------------
# The enum page
# ---------------------------------------------------------------------------


def test_each_value_shows_its_explanation_then_its_note_then_its_requirements_then_the_wire_facts(site, catalog):
    for enum in catalog.enums.values():
        for position, value in enumerate(enum.values, 1):
            block = value_block(site, enum.name, value.name)
            parts = [child for child in block.children if getattr(child, "name", None)]
            def kind(p):
                classes = p.get("class") or []
                return "note" if "ocpp-note" in classes else "wire" if "ocpp-wire" in classes else "requirements" if "ocpp-reqs" in classes else p.name

            kinds = [kind(p) for p in parts if not p.has_attr("hidden")]
            named = (enum.name, value.name) in catalog.requirements.by_value
            assert kinds == ["p", *(["note"] if value.note else []), *(["requirements"] if named else []), "wire"], f"{enum.name}.{value.name}: {kinds}"
            shown = " ".join(parts[0].get_text().split())
            assert " ".join(value.description.replace("`", "").split()) in shown, f"{enum.name}.{value.name}"
            if value.note:
                note = block.find(class_="ocpp-note")
                assert note.find(class_="admonition-title").get_text() == "Note"
                assert " ".join(value.note.replace("`", "").split()) in " ".join(note.get_text().split())
            wire = " ".join(block.find(class_="ocpp-wire").get_text().split())
            assert wire == f'Wire value "{value.name}" · {position} of {len(enum.values)} · since OCPP {value.since}'


def test_a_value_named_in_an_explanation_links_to_its_anchor(site, catalog):
    checked = 0
    for enum in catalog.enums.values():
        ids = {tag["id"] for tag in soup(site, f"enums/{enum.name}").find_all(id=True)}
        for value in enum.values:
            block = value_block(site, enum.name, value.name)
            links = {a.get_text(): a["href"] for a in block.select("a[href]")}
            for field in ("description", "note"):
                for name in BACKTICKED.findall(getattr(value, field) or ""):
                    if name in {v.name for v in enum.values}:
                        assert links.get(name) == f"#{name}", f"{enum.name}.{value.name}: {name}"
                        assert name in ids
                        checked += 1
                    elif name.partition(".")[0] in catalog.enums:
                        other, _, target = name.partition(".")
                        assert links.get(name) == f"../{other}/" + (f"#{target}" if target else ""), f"{enum.name}.{value.name}: {name}"
                        assert target == "" or target in {v.name for v in catalog.enums[other].values}
                        checked += 1
    assert checked > 100  # the explanations do compare neighbours


def test_under_the_description_the_page_names_its_source_section(site, catalog):
    for enum in catalog.enums.values():
        line = soup(site, f"enums/{enum.name}").find(class_="ocpp-provenance").get_text()
        assert line == (
            f"Explanations written for this reference from OCPP 2.1 Part 2, §{enum.spec_section}; the specification's text is normative."
        )


# ---------------------------------------------------------------------------
# Elsewhere: snippets, the all-in-one page, the index
# ---------------------------------------------------------------------------


def comments_above_members(code: str, marker: str, member: re.Pattern) -> list[str]:
    """The comment text above each member line of a snippet, in order."""
    found, comment = [], []
    for line in code.splitlines():
        stripped = line.strip()
        if stripped.startswith(marker + " "):
            comment.append(stripped[len(marker) + 1 :])
        elif member.match(stripped):
            found.append(" ".join(comment))
            comment = []
    return found


def test_python_and_typescript_snippets_carry_each_explanation_as_a_comment(site, catalog):
    from test_snippets import snippets

    for name, enum in catalog.enums.items():
        expected = [" ".join(v.description.split()) for v in enum.values]
        code = snippets(site, name)
        assert comments_above_members(code["Python"], "#", re.compile(r"\w+ = \"")) == expected, name
        assert comments_above_members(code["TypeScript"], "//", re.compile(r"\"[^\"]+\",$")) == expected, name


def test_the_all_in_one_page_explains_every_value(site, catalog):
    page = soup(site, "all")
    for enum in catalog.enums.values():
        terms = page.find("h2", id=enum.name).find_next_sibling("dl")
        pairs = list(zip(terms.find_all("dt"), terms.find_all("dd")))
        assert [dt.get_text() for dt, _ in pairs] == [v.name for v in enum.values], enum.name
        for (dt, dd), value in zip(pairs, enum.values):
            assert dt.a["href"] == f"../enums/{enum.name}/#{value.name}"
            assert " ".join(value.description.replace("`", "").split()) in " ".join(dd.get_text().split())


@pytest.mark.parametrize("word,enum,value", [
    ("contactor", "GridEventFaultEnumType", None),
    ("preconditioning", "PreconditioningStatusEnumType", None),
])
def test_index_filter_matches_a_word_of_an_explanation_and_names_the_value(page, base_url, catalog, word, enum, value):
    explained = {e.name for e in catalog.enums.values() for v in e.values if word in v.description.lower()}
    named = {e.name for e in catalog.enums.values() if word in e.name.lower()}
    assert explained, f"no explanation says {word!r}"
    page.goto(f"{base_url}enums/")
    page.fill("#enum-filter", word)
    # The explanations arrive with explanations.json, fetched when the filter is first used.
    page.wait_for_function("n => document.querySelectorAll('.ocpp-index tbody tr:not([hidden])').length === n", arg=len(explained | named))
    rows = page.locator(".ocpp-index tbody tr:not([hidden])")
    names = rows.locator("td:first-child > a").all_inner_texts()
    assert set(names) == explained | named
    assert page.locator("#enum-filter-count").inner_text() == f"{len(names)} of {len(catalog.enums)} enumerations"
    # Under an enumeration matched only by an explanation, the hint names the value and links to it.
    for name in sorted(explained - named):
        hint = rows.filter(has=page.locator(f'td:first-child > a:text-is("{name}")')).locator(".ocpp-filter-hint")
        assert hint.inner_text().startswith("explanation of ")
        target = hint.locator("a").inner_text()
        entry = next(v for v in catalog.enums[name].values if v.name == target)
        assert word in entry.description.lower()
        assert hint.locator("a").get_attribute("href") == f"{name}/#{target}"  # relative to /enums/


def test_the_index_filter_file_holds_every_explanation_as_plain_text(site, catalog):
    import json

    shipped = json.loads((site / "explanations.json").read_text(encoding="utf-8"))
    assert list(shipped) == [*catalog.enums, *catalog.codelists]  # the index filter covers the code lists' table too
    for name, enum in catalog.enums.items():
        assert shipped[name] == [[v.name, " ".join(v.description.replace("`", "").split())] for v in enum.values], name


def test_data_files_keep_explanations_through_sync(tmp_path):
    """`make sync` rewrites what the schemas give and keeps the hand-written explanations and notes."""
    from macros.sources import sync

    files = sync.planned_files(DATA)
    drift = [path.name for path, text in files.items() if path.read_text(encoding="utf-8") != text]
    assert drift == []
