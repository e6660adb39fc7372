"""Which functional requirements of OCPP 2.1 Part 2 name which enumeration values (run by the sync only).

Reads the vendored Part 2 text and its errata (`data/official/ocpp21/`), parses the requirement
tables (HTML in the Markdown) with BeautifulSoup, applies the errata and decides, per mention of a
value, which enumeration it belongs to. Precision before recall: a mention that cannot be placed
is left out and counted, never guessed.
"""

from __future__ import annotations

import re
from pathlib import Path
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

PART2 = "OCPP-2.1_edition1_part2_specification.md"
ERRATA = "OCPP-2.1_edition1_errata_2025-09.md"

_ID = re.compile(r"^([A-Z0]\d{2})\s*[.\-]\s*FR\s*\.\s*(\d[\d ]*)")  # "001.FR.01": the conversion read block O's letter as a zero
_ID_IN_TEXT = re.compile(r"\b([A-Z]\d{2})\.FR\.(\d{1,3})\b")
_BLOCK = re.compile(r"^# ([^\n]*)$|<table>.*?</table>", re.S | re.M)
_USE_CASE_HEADING = re.compile(r"([A-Z0]\d{2})\s*-\s*(.*?)(?:\s*-\s*Requirements)?$")
_ERRATUM_HEADING = re.compile(r"^\d+\.\d+\.\s.*?[(\[](\d{4}-\d{2})[)\]]")


def requirement_id(cell: str) -> str | None:
    """The normalized ID of a table cell such as 'B09.FR.2 2 (2.1)' (B09.FR.22), else None."""
    match = _ID.match(cell.strip())
    if not match:
        return None
    block = "O" + match.group(1)[1:] if match.group(1)[0] == "0" else match.group(1)
    return f"{block}.FR.{int(match.group(2).replace(' ', '')):02d}"


@dataclass
class Requirement:
    """One row of a requirement table: its ID, use case and the text the mentions are looked for in."""

    id: str
    use_case: str
    precondition: str
    definition: str
    note: str = ""
    errata: list[tuple[str, str]] = field(default_factory=list)  # (date, 'changed' | 'added')

    @property
    def text(self) -> str:
        return f"{self.precondition} \n {self.definition} \n {self.note}"


def _rows(table: str) -> list[list[str]]:
    soup = BeautifulSoup(table, "html.parser")
    return [[cell.get_text(" ", strip=True) for cell in row.find_all(["td", "th"])] for row in soup.find_all("tr")]


def _requirement(cells: list[str], rid: str) -> Requirement:
    rest = cells[1:] + ["", "", ""]
    return Requirement(rid, rid[:3], rest[0], rest[1], rest[2])


def read_part2(text: str) -> tuple[dict[str, str], dict[str, str], list[Requirement]]:
    """Use-case titles, use-case table texts and every requirement row of Part 2, in document order."""
    titles: dict[str, str] = {}
    use_case_text: dict[str, str] = {}
    rows: list[Requirement] = []
    current = last_heading = None
    for block in _BLOCK.finditer(text):
        if block.group(1) is not None:
            heading = _USE_CASE_HEADING.fullmatch(block.group(1).strip())
            if heading:
                current = "O" + heading.group(1)[1:] if heading.group(1)[0] == "0" else heading.group(1)
                titles.setdefault(current, heading.group(2).strip())
            else:
                last_heading = re.sub(r"^[\d.]+\s*", "", block.group(1).strip())
            continue
        cells = _rows(block.group(0))
        named = {row[1]: row[2] for row in cells if len(row) >= 3}
        if re.fullmatch(r"[A-Z0]\d{2}", named.get("ID", "").strip()) and named.get("Name"):
            use_case = named["ID"].strip().replace("0", "O", 1) if named["ID"].strip()[0] == "0" else named["ID"].strip()
            titles[use_case] = named["Name"].strip()  # the table's name wins over a heading's
            use_case_text[use_case] = use_case_text.get(use_case, "") + " ".join(" ".join(row) for row in cells)
            continue
        for row in cells:
            rid = requirement_id(row[0]) if row else None
            if rid:
                rows.append(_requirement(row, rid))
                if last_heading:  # requirements outside a use case (A00) take the section's heading
                    titles.setdefault(rid[:3], last_heading)
    return titles, use_case_text, rows


@dataclass
class Errata:
    """What the errata do to the requirement tables."""

    changed: dict[str, tuple[str, Requirement]] = field(default_factory=dict)  # id -> (date, new row)
    added: dict[str, tuple[str, Requirement]] = field(default_factory=dict)
    deleted: dict[str, str] = field(default_factory=dict)  # id -> date
    renumbered: dict[str, tuple[str, str]] = field(default_factory=dict)  # first occurrence of id -> (new id, date)


def read_errata(text: str, known: set[str]) -> Errata:
    """Parse the errata's requirement tables: Old/New pairs, deletions, additions and renumberings."""
    errata = Errata()
    date = None
    start = 0
    for block in _BLOCK.finditer(text):
        if block.group(1) is not None:
            heading = _ERRATUM_HEADING.match(block.group(1).strip())
            if heading:
                date, start = heading.group(1), block.end()
            continue
        if date is None:
            continue
        # What the erratum's prose last said before this table: "Deleted requirement", "New requirement", ...
        prose = re.sub(r"<table>.*?</table>", " ", text[start : block.start()], flags=re.S)
        labels = ("Deleted requirement", "New requirement", "Changed requirement", "Change requirement", "number changed")
        section = max(labels, key=prose.rfind) if any(label in prose for label in labels) else ""
        rows = _rows(block.group(0))
        ids = [(row, requirement_id(row[1] if row and row[0] in ("Old", "New", "Delete") else (row[0] if row else "")))
               for row in rows]
        ids = [(row, rid) for row, rid in ids if rid]
        if section == "number changed" and len(ids) == 2 and len(ids[1][0]) == 1:
            errata.renumbered[ids[0][1]] = (ids[1][1], date)
            continue
        for row, rid in ids:
            if not rid:
                continue
            marker = row[0] if row[0] in ("Old", "New", "Delete") else None
            cells = row[1:] if marker else row
            if marker == "Old":
                continue
            if marker == "Delete" or (marker is None and section == "Deleted requirement"):
                errata.deleted[rid] = date
            elif rid in known:
                errata.changed[rid] = (date, _requirement(cells, rid))
            else:
                errata.added[rid] = (date, _requirement(cells, rid))
    return errata


def apply_errata(rows: list[Requirement], errata: Errata) -> list[Requirement]:
    """The requirement rows as the errata leave them: renumbered, changed, deleted, added (at the end of their use case)."""
    result: list[Requirement] = []
    renumber = dict(errata.renumbered)
    for row in rows:
        if row.id in renumber:
            new_id, date = renumber.pop(row.id)  # only the first occurrence moves
            row = Requirement(new_id, new_id[:3], row.precondition, row.definition, row.note, [(date, "renumbered from " + row.id)])
        if row.id in errata.deleted:
            continue
        if row.id in errata.changed:
            date, new = errata.changed[row.id]
            row = Requirement(row.id, row.use_case, new.precondition, new.definition, new.note, [(date, "changed")])
        result.append(row)
    for rid, (date, new) in errata.added.items():
        if any(row.id == rid for row in result):
            continue
        new.errata = [(date, "added")]
        last = max((i for i, row in enumerate(result) if row.use_case == new.use_case), default=len(result) - 1)
        result.insert(last + 1, new)
    return result


_BLOCK_HEADING = re.compile(r"^# ([A-S])\.\s*([A-Z][A-Za-z ]+?)\s*$", re.M)


def blocks(text: str) -> dict[str, str]:
    """The functional blocks of Part 2 by letter, e.g. {"B": "Provisioning"} (the headings without a page number)."""
    found: dict[str, str] = {}
    for match in _BLOCK_HEADING.finditer(text):
        found.setdefault(match.group(1), " ".join(match.group(2).split()).replace("DataTransfer", "Data Transfer"))
    return dict(sorted(found.items()))


def read(folder: Path) -> tuple[dict[str, str], dict[str, str], dict[str, str], list[Requirement], list[Requirement], Errata]:
    """(blocks, use-case titles, use-case texts, rows as the errata leave them, rows as Part 2 printed them, errata)."""
    part2 = (folder / PART2).read_text(encoding="utf-8")
    titles, use_case_text, printed = read_part2(part2)
    errata = read_errata((folder / ERRATA).read_text(encoding="utf-8"), {row.id for row in printed})
    return blocks(part2), titles, use_case_text, apply_errata(printed, errata), printed, errata
