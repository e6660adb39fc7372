"""Decide which enumeration value a requirement row names (run by the sync only).

A value's name is a mention only where it stands as a value: not inside a longer name, not as a
word of a phrase ("Charging Station", "Scheduled Control Mode", "Local Controller"), not as an RPC
error code ("CALLERROR: NotImplemented") and not as a device-model list entry (TxStartPoint
"EVConnected"). Which enumeration it belongs to is read from what the row, then its precondition
chain, then its use case names: the enumeration's messages, its fields, its own name. A mention
that still fits none or several is left out and counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from macros.sources.requirements import Requirement

# Field names too common to tell one enumeration from another.
GENERIC_FIELDS = frozenset({"status", "type", "value", "mode", "kind", "reason", "name", "unit", "location", "context",
                            "phase", "format", "priority", "state", "result", "purpose", "attribute", "source"})
# Device-model variables whose members share names with enumeration values (E01, E06).
_DEVICE_MODEL_LIST = re.compile(r"(TxStartPoint|TxStopPoint|TimeSource)\b[^.;]{0,80}$")
_RPC_ERROR = re.compile(r"CALL\s?ERROR\s*[:(]?\s*$|RPC Framework\s*:?\s*$")
_AS_VALUE_BEFORE = re.compile(
    r"(=|:|\(|/|[\"'\[]|\b(status|state|is|are|not|NOT|than|becomes?|returns?|set to|equals?|to|or|and|of|with|as|value|values|contains?)\s*[\"'\[]?)\s*$"
)
_AS_VALUE_AFTER = re.compile(r"\s*[)\"'\]]|\s*(status|state|value)\b")
_REASON_CODE = re.compile(r"(reasonCode|reason code|techCode)\W{0,4}(\w+\W{1,3}){0,2}$")
_PRECONDITION_IDS = re.compile(r"\b([A-Z]\d{2}\.FR\.\d{2,3})\b")


@dataclass(frozen=True)
class EnumFacts:
    """What the mention finder knows of one enumeration."""

    name: str
    values: tuple[str, ...]
    actions: frozenset[str]  # BootNotification, from BootNotificationRequest/Response
    fields: frozenset[str]  # last segments of its usage paths, generic ones left out

    def signals(self) -> list[re.Pattern]:
        stem = self.name.removesuffix("EnumType")
        words = sorted(self.actions | self.fields | {stem})
        return [re.compile(r"(?<![A-Za-z])" + re.escape(word) + r"(?![a-z])") for word in words]


def is_plain_word(value: str) -> bool:
    """A value that is also an ordinary word ('Accepted', 'Charging', 'string'), as opposed to 'SuspendedEVSE'."""
    return bool(re.fullmatch(r"[A-Za-z][a-z]+", value))


def _short(value: str) -> bool:
    return len(value) <= 3 or value.isupper()


def _pattern(value: str) -> re.Pattern:
    return re.compile(r"(?<![\w.\-])" + re.escape(value) + r"(?![\w\-]|\.\w)")


def occurrences(value: str, text: str) -> list[int]:
    """Where `value` stands in `text` as a value, not as part of a name, phrase or error code."""
    found = []
    plain = is_plain_word(value)
    for match in _pattern(value).finditer(text):
        before, after = text[: match.start()], text[match.end() :]
        if _RPC_ERROR.search(before[-30:]) or _DEVICE_MODEL_LIST.search(before[-120:]):
            continue
        if re.match(r"\s*(variable|Variable|component|Component|configuration)\b", after):
            continue
        if _short(value) and not (re.search(r"(=|:|\()\s*[\"'\[]?$", before[-12:]) or re.match(r"[\"']", after)):
            continue  # 'EV Driver', 'A validFrom': a short name counts only where it is given as a value
        if plain and not (_AS_VALUE_BEFORE.search(before[-40:]) or _AS_VALUE_AFTER.match(after)):
            continue  # 'a Delta monitor', 'Accepted by': an ordinary word counts only where it is given as a value
        if _REASON_CODE.search(before[-40:]):
            continue  # 'reasonCode = TxNotFound' is an appendix reason code, not an enumeration value
        if plain and (re.match(r" [A-Z][a-z]", after) or re.search(r"[A-Z][a-z]+ $", before[-20:])):
            continue  # a word of a phrase: Charging Station, Smart Charging, Scheduled Control Mode
        found.append(match.start())
    return found


@dataclass
class Index:
    """The mentions placed, and those left out."""

    placed: dict[str, list[str]] = field(default_factory=dict)  # requirement id -> ['Enum.Value', ...]
    left_out: list[tuple[str, str, str]] = field(default_factory=list)  # (requirement id, value, why)


def _chain(row: Requirement, by_id: dict[str, Requirement], depth: int = 3) -> str:
    """The texts of the requirements a row's precondition refers to, followed `depth` levels deep."""
    texts, seen, todo = [], {row.id}, _PRECONDITION_IDS.findall(row.precondition)
    for _ in range(depth):
        following = []
        for rid in todo:
            if rid in seen or rid not in by_id:
                continue
            seen.add(rid)
            texts.append(by_id[rid].text)
            following += _PRECONDITION_IDS.findall(by_id[rid].precondition)
        todo = following
    return " ".join(texts)


def place(rows: list[Requirement], enums: list[EnumFacts], use_case_text: dict[str, str], titles: dict[str, str]) -> Index:
    """Place every mention of every enumeration value in the requirement rows."""
    holders: dict[str, list[EnumFacts]] = {}
    for enum in enums:
        for value in enum.values:
            holders.setdefault(value, []).append(enum)
    signals = {enum.name: enum.signals() for enum in enums}
    by_id = {row.id: row for row in rows}
    index = Index()
    for row in rows:
        levels = None
        for value, holding in holders.items():
            if value not in row.text or not occurrences(value, row.text):
                continue
            if levels is None:
                levels = [row.text, _chain(row, by_id), titles.get(row.use_case, "") + " " + use_case_text.get(row.use_case, "")]
            chosen, why = None, "no message, field or enumeration of its own named nearby"
            seen_text = ""
            for level in levels:
                seen_text += " " + level
                matching = [enum for enum in holding if any(signal.search(seen_text) for signal in signals[enum.name])]
                if len(matching) == 1:
                    chosen = matching[0]
                    break
                if len(matching) > 1:
                    why = "fits " + ", ".join(enum.name for enum in matching)
                    break
            if chosen is None and len(holding) == 1 and not is_plain_word(value) and why.startswith("no message"):
                chosen = holding[0]  # a name like SuspendedEVSE belongs to one enumeration only
            if chosen is None:
                index.left_out.append((row.id, value, why))
                continue
            if f"{chosen.name}.{value}" not in index.placed.setdefault(row.id, []):
                index.placed[row.id].append(f"{chosen.name}.{value}")
    return index
