"""What every page shares: the URL scheme, names that wrap, badges, and official texts and our explanations as safe HTML.

Pure functions: model in, text out. Every text that comes from the YAML goes
through `description_html` or `markupsafe.escape`, so it is shown, never run.
"""

from __future__ import annotations

import html
import re
from functools import cache
from typing import Callable

import markdown
import nh3
from markupsafe import Markup, escape
from mkdocs.utils import get_relative_url

from macros.catalog.model import BACKTICKED, Catalog, Source

SENDERS = {"CS->CSMS": "Charging Station → CSMS", "CSMS->CS": "CSMS → Charging Station", "both": "Either side"}
NO_ENUM_DESCRIPTION = "The OCPP 2.1 JSON schemas give no description for this enumeration."
NOT_EXPLAINED = "Not explained here yet: see the specification's text for this value."

# The code tabs of an enum page sit between these comments, which pass through Markdown as they
# are: `mkdocs serve` reuses their HTML while an enum's code is unchanged (see macros/hooks.py).
CODE_START, CODE_END = "<!-- ocpp-code -->", "<!-- /ocpp-code -->"

# Where pages live; README documents these as the public URL scheme.
CHANGES_URL = "changes/"
OCPP16_URL = "ocpp16/"
REQUIREMENTS_URL = "requirements/"
CODELISTS_URL = "codelists/"


def enum_url(name: str) -> str:
    """Site-relative URL of an enum page: "ConnectorStatusEnumType" -> "enums/ConnectorStatusEnumType/"."""
    return f"enums/{name}/"


@cache  # MkDocs' function normalizes both paths on every call; the same pairs recur thousands of times
def relative_url(url: str, page_url: str) -> str:
    """`url` (site-relative) as seen from `page_url`, e.g. ("enums/X/#V", "enums/Y/") -> "../X/#V"."""
    return get_relative_url(url, page_url)


def codelist_url(name: str) -> str:
    """Site-relative URL of a code list's page, e.g. "codelists/IdTokenEnumStringType/"."""
    return f"{CODELISTS_URL}{name}/"


def code_value_url(codelist: str, value: str) -> str:
    """Site-relative URL of a code value's anchor, e.g. "codelists/IdTokenEnumStringType/#ISO14443"."""
    return f"{CODELISTS_URL}{codelist}/#{value}"


def requirement_url(requirement: str) -> str:
    """Site-relative URL of a requirement or a use case on the requirements page, e.g. "requirements/#B03.FR.05"."""
    return f"{REQUIREMENTS_URL}#{requirement}"


def value_url(enum: str, value: str) -> str:
    """Site-relative URL of a value anchor, e.g. "enums/ConnectorStatusEnumType/#Occupied"."""
    return f"{enum_url(enum)}#{value}"


def ocpp16_anchor(type_name: str, value: str | None = None) -> str:
    """The 1.6 page's anchor of a type or a value: "ChargePointStatus.Preparing"."""
    return f"{type_name}.{value}" if value else type_name


def ocpp16_url(type_name: str, value: str | None = None) -> str:
    """Site-relative URL of a 1.6 type or value, e.g. "ocpp16/#ChargePointStatus.Preparing"."""
    return f"{OCPP16_URL}#{ocpp16_anchor(type_name, value)}"


_BREAK_AT = re.compile(r"(?<=\.)|(?<=[a-z0-9])(?=[A-Z])")


@cache  # the same message names and field paths recur on many pages
def breakable(name: str) -> Markup:
    """A long identifier, escaped, that may wrap after a dot or before a capital and nowhere else.

    "costDetails.chargingPeriods" -> "cost<wbr>Details.<wbr>charging<wbr>Periods": a narrow
    column wraps it at word boundaries, not mid-word.
    """
    return Markup("<wbr>").join(escape(part) for part in _BREAK_AT.split(name) if part)


# ---------------------------------------------------------------------------
# Descriptions: AsciiDoc/Markdown residue -> safe HTML
# ---------------------------------------------------------------------------

_XREF = re.compile(r"<<\s*([^<>,]+?)\s*(?:,\s*([^<>]+?)\s*)?>>")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)
_ALLOWED_TAGS = {"p", "em", "strong", "code", "a", "br", "ul", "ol", "li"}
_MARKDOWN = markdown.Markdown(extensions=[], output_format="html")


def _prose(text: str, link: Callable[[str], str | None]) -> str:
    """Text outside code spans, HTML escaped; cross-references become Markdown links or plain text."""
    parts, last = [], 0
    for match in _XREF.finditer(text):
        label = match.group(2) or match.group(1)
        target = link(label.strip())
        parts.append(str(escape(text[last : match.start()])))
        parts.append(f"[{escape(label)}]({target})" if target else str(escape(label)))
        last = match.end()
    parts.append(str(escape(text[last:])))
    return "".join(parts)


def _markdown_source(text: str, link: Callable[[str], str | None]) -> str:
    """The official residue as plain Markdown with no raw HTML left in it."""
    text = text.replace("\r\n", "\n").replace("&lt;&lt;", "<<").replace("&gt;&gt;", ">>")
    parts, last = [], 0
    for span in _CODE_SPAN.finditer(text):  # Markdown escapes code spans itself: escaping them too shows "&lt;"
        parts += [_prose(text[last : span.start()], link), span.group(0)]
        last = span.end()
    parts.append(_prose(text[last:], link))
    text = "".join(parts)
    text = re.sub(r"[ \t]+\+[ \t]*(\n|$)", "  \\1", text)  # AsciiDoc " +" line continuation -> hard break
    lines = text.split("\n")
    for i in range(1, len(lines)):  # Markdown needs a blank line before a list that follows a paragraph
        if re.match(r"\s*[-*] ", lines[i]) and lines[i - 1].strip() and not re.match(r"\s*[-*] ", lines[i - 1]):
            lines[i] = "\n" + lines[i]
    return "\n".join(lines)


def description_html(text: str, link: Callable[[str], str | None] = lambda _: None) -> Markup:
    """Official description -> sanitized HTML, e.g. "*(2.1)* Uses `x`" -> "<p><em>(2.1)</em> Uses <code>x</code></p>".

    `link(label)` returns a URL for a cross-reference label, or None to show it as text.
    """
    return safe_html(_markdown_source(text, link))


@cache  # the same texts recur on many pages (350 description texts in the data, 131 different)
def safe_html(source: str) -> Markup:
    _MARKDOWN.reset()
    clean = nh3.clean(_MARKDOWN.convert(source), tags=_ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https"})
    return Markup(clean.replace("\n\n", "\n"))  # no blank line: the block must stay one raw HTML block


def plain_summary(text: str, limit: int = 140) -> str:
    """First sentence of a description as plain text, e.g. for the index table."""
    plain = html.unescape(nh3.clean(str(description_html(text)), tags=set())).replace("\n", " ")  # escaped once, on output
    plain = re.sub(r"\s+", " ", plain).strip()
    sentence = re.split(r"(?<=[.!?])\s", plain, maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def explanation_html(catalog: Catalog, enum: str, text: str, page_url: str) -> Markup:
    """One of our explanations as HTML: the text escaped, a `Name` in backticks as code, linked to
    the value or enumeration it names.

    ("ChargingStateEnumType", "Compare `SuspendedEV`.") -> 'Compare <a href="#SuspendedEV"><code>SuspendedEV</code></a>.'
    """
    parts, last = [], 0
    for match in BACKTICKED.finditer(text):  # plain strings and markupsafe's escape: Markup.format costs 5x more here
        parts.append(_cited(catalog, text[last : match.start()], page_url))
        name = match.group(1)
        code = f"<code>{escape(name)}</code>"
        target = catalog.reference(enum, name)  # validated when the catalog was loaded
        if target and target[0] in catalog.codelists:
            url = code_value_url(*target) if target[1] else codelist_url(target[0])
            code = f'<a href="{escape(relative_url(url, page_url))}">{code}</a>'
        elif target:
            url = value_url(*target) if target[1] else enum_url(target[0])
            code = f'<a href="{escape(relative_url(url, page_url))}">{code}</a>'
        parts.append(code)
        last = match.end()
    parts.append(_cited(catalog, text[last:], page_url))
    return Markup("".join(parts))


REQUIREMENT_ID = re.compile(r"\b[A-Z]\d{2}\.FR\.\d{2,3}\b")


def _cited(catalog: Catalog, text: str, page_url: str) -> str:
    """Plain text, escaped, with each cited requirement ID that the requirements page lists linked to it."""
    if catalog.requirements is None or ".FR." not in text:
        return escape(text)
    parts, last = [], 0
    for match in REQUIREMENT_ID.finditer(text):
        if match.group(0) in catalog.requirements.ids:
            url = relative_url(requirement_url(match.group(0)), page_url)
            parts += [escape(text[last : match.start()]), f'<a href="{escape(url)}">{match.group(0)}</a>']
            last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


def note_html(catalog: Catalog, owner: str, note: str, page_url: str) -> str:
    """A value's note in Material's admonition look, written out: the text is data, not Markdown to interpret."""
    return ('<div class="admonition note ocpp-note"><p class="admonition-title">Note</p>'
            f"<p>{explanation_html(catalog, owner, note, page_url)}</p></div>")


def usage_anchor(usage) -> str:
    """Id of a "Used in" row: "used-in-TransactionEventRequest-transactionInfo.chargingState"."""
    return f"used-in-{usage.message}-{usage.path}"


def explanation_text(text: str) -> str:
    """An explanation as plain text (backticks dropped), e.g. for the index filter."""
    return " ".join(text.replace("`", "").split())


# ---------------------------------------------------------------------------
# Enum page
# ---------------------------------------------------------------------------


# Where the search separator in mkdocs.yml splits a word on a change of case.
SPLIT_BY_SEARCH = re.compile(r"[a-z][A-Z]|[A-Z][A-Z][a-z]")


def badge(text: str, kind: str) -> str:
    return f'<span class="ocpp-badge ocpp-badge--{kind}">{escape(text)}</span>'


def linker(catalog: Catalog, page_url: str) -> Callable[[str], str | None]:
    """Cross-reference resolver: an enum name links to its page; anything else stays text."""
    return lambda label: relative_url(enum_url(label), page_url) if label in catalog.enums else None


def source_html(source: Source) -> Markup:
    """The exact source and the last sync, for the footer and the home page."""
    package = f" from the <code>ocpp</code> {escape(source.package)} package" if source.package else ""
    return Markup(
        f"Data: the official {escape(source.edition)} JSON schemas (<code>{escape(source.schema_id)}</code>){package}, "
        f"last synced {escape(source.synced)}. © Open Charge Alliance, CC BY-ND 4.0."
    )


