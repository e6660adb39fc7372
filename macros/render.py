"""Turn the model into page content (Markdown with HTML blocks).

Pure functions: model in, text out. Every text that comes from the YAML goes
through `description_html` or `markupsafe.escape`, so it is shown, never run.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from typing import Callable

import markdown
import nh3
from markupsafe import Markup, escape
from mkdocs.utils import get_relative_url

from macros import ocpp16
from macros.model import BACKTICKED, Catalog, Enum, Source
from macros.snippets import code_tabs

SENDERS = {"CS->CSMS": "Charging Station → CSMS", "CSMS->CS": "CSMS → Charging Station", "both": "Either side"}
NO_ENUM_DESCRIPTION = "The OCPP 2.1 JSON schemas give no description for this enumeration."
NOT_EXPLAINED = "Not explained here yet: see the specification's text for this value."

# The code tabs of an enum page sit between these comments, which pass through Markdown as they
# are: `mkdocs serve` reuses their HTML while an enum's code is unchanged (see macros/hooks.py).
CODE_START, CODE_END = "<!-- ocpp-code -->", "<!-- /ocpp-code -->"

# Where pages live; README documents these as the public URL scheme.
CHANGES_URL = "changes/"


def enum_url(name: str) -> str:
    """Site-relative URL of an enum page: "ConnectorStatusEnumType" -> "enums/ConnectorStatusEnumType/"."""
    return f"enums/{name}/"


@cache  # MkDocs' function normalizes both paths on every call; the same pairs recur thousands of times
def relative_url(url: str, page_url: str) -> str:
    """`url` (site-relative) as seen from `page_url`, e.g. ("enums/X/#V", "enums/Y/") -> "../X/#V"."""
    return get_relative_url(url, page_url)


def value_url(enum: str, value: str) -> str:
    """Site-relative URL of a value anchor, e.g. "enums/ConnectorStatusEnumType/#Occupied"."""
    return f"{enum_url(enum)}#{value}"


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
    return _safe_html(_markdown_source(text, link))


@cache  # the same texts recur on many pages (350 description texts in the data, 131 different)
def _safe_html(source: str) -> Markup:
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
        parts.append(escape(text[last : match.start()]))
        name = match.group(1)
        code = f"<code>{escape(name)}</code>"
        target = catalog.reference(enum, name)  # validated when the catalog was loaded
        if target:
            url = value_url(*target) if target[1] else enum_url(target[0])
            code = f'<a href="{escape(relative_url(url, page_url))}">{code}</a>'
        parts.append(code)
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("".join(parts))


def explanation_text(text: str) -> str:
    """An explanation as plain text (backticks dropped), e.g. for the index filter."""
    return " ".join(text.replace("`", "").split())


# ---------------------------------------------------------------------------
# Enum page
# ---------------------------------------------------------------------------


# Where the search separator in mkdocs.yml splits a word on a change of case.
_SPLIT_BY_SEARCH = re.compile(r"[a-z][A-Z]|[A-Z][A-Z][a-z]")


def _badge(text: str, kind: str) -> str:
    return f'<span class="ocpp-badge ocpp-badge--{kind}">{escape(text)}</span>'


def _linker(catalog: Catalog, page_url: str) -> Callable[[str], str | None]:
    """Cross-reference resolver: an enum name links to its page; anything else stays text."""
    return lambda label: relative_url(enum_url(label), page_url) if label in catalog.enums else None


def _value_section(catalog: Catalog, enum: Enum, position: int, page_url: str) -> str:
    value = enum.values[position]
    badges = []
    if value.since == "2.1" and enum.since != "2.1":
        badges.append(_badge("New in 2.1", "new"))
    if value.name == enum.default:
        badges.append(_badge("Default", "default"))
    # The marks open the explanation's paragraph rather than taking a line of their own.
    if value.description:
        body = f'<p>{"".join(badges)}{explanation_html(catalog, enum.name, value.description, page_url)}</p>'
    else:
        body = f'<p class="ocpp-missing">{"".join(badges)}<em>{NOT_EXPLAINED}</em></p>'
    note = ""
    if value.note:
        # Material's admonition look, written out: the text is data, not Markdown to interpret.
        note = (
            '<div class="admonition note ocpp-note"><p class="admonition-title">Note</p>'
            f"<p>{explanation_html(catalog, enum.name, value.note, page_url)}</p></div>"
        )
    facts = (
        f'<p class="ocpp-wire" data-search-exclude>Wire value <code>{escape(json.dumps(value.name))}</code>'
        f" · {position + 1} of {len(enum.values)} · since OCPP {escape(value.since)}</p>"
    )
    # A lower-case copy of a CamelCase value, hidden from view, gives site search the unsplit
    # token, so "suspendedevse" finds SuspendedEVSE although the index splits it in two.
    alias = ""
    if _SPLIT_BY_SEARCH.search(value.name):
        alias = f'<span hidden class="ocpp-search-alias">{escape(value.name.lower())}</span>'
    return (
        f"### {value.name} {{ #{value.name} }}\n\n"
        f'<div class="ocpp-value">{body}{note}{facts}{alias}</div>\n'
    )


def usage_anchor(usage) -> str:
    """Id of a "Used in" row: "used-in-TransactionEventRequest-transactionInfo.chargingState"."""
    return f"used-in-{usage.message}-{usage.path}"


def usages_table(catalog: Catalog, enum: Enum, page_url: str) -> str:
    """HTML table of every field carrying the enum: message, path, sender, presence, the field's own text."""
    if not enum.usages:
        return "<p>No OCPP 2.1 message uses this enumeration.</p>\n"
    link = _linker(catalog, page_url)
    rows = []
    for usage in enum.usages:
        presence = ("required" if usage.required else "optional") + (", list" if usage.is_list else "")
        text = description_html(usage.description, link) if usage.description else "<p>No description in the schema.</p>"
        rows.append(
            f'<tr id="{escape(usage_anchor(usage))}">'
            f'<td data-label="Message"><code>{breakable(usage.message)}</code></td>'
            f'<td data-label="Field"><code>{breakable(usage.path)}{"[]" if usage.is_list else ""}</code></td>'
            f'<td data-label="Sent by">{escape(SENDERS[catalog.direction(usage.message)])}</td>'
            f'<td data-label="Presence">{presence}</td>'
            f'<td data-label="Field description">{text}</td>'
            "</tr>"
        )
    return (
        '<div class="ocpp-usages ocpp-stack"><table><thead><tr><th>Message</th><th>Field</th><th>Sent by</th>'
        "<th>Presence</th><th>Field description (from the schema)</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></div>\n"
    )


def source_html(source: Source) -> Markup:
    """The exact source and the last sync, for the footer and the home page."""
    package = f" from the <code>ocpp</code> {escape(source.package)} package" if source.package else ""
    return Markup(
        f"Data: the official {escape(source.edition)} JSON schemas (<code>{escape(source.schema_id)}</code>){package}, "
        f"last synced {escape(source.synced)}. © Open Charge Alliance, CC BY-ND 4.0."
    )


def provenance(enum: Enum) -> str:
    """Where the explanations come from, e.g. "... from OCPP 2.1 Part 2, §3.18; ..."."""
    section = f", §{escape(enum.spec_section)}" if enum.spec_section else ""
    return f"Explanations written for this reference from OCPP 2.1 Part 2{section}; the specification's text is normative."


def enum_page(catalog: Catalog, name: str, page_url: str) -> str:
    """The whole content of an enum page, as Markdown with HTML blocks."""
    enum = catalog.enums[name]
    link = _linker(catalog, page_url)
    facts = [f"{len(enum.values)} values", f"used in {len(enum.usages)} field{'s' if len(enum.usages) != 1 else ''}"]
    badges = [_badge("New in 2.1", "new")] if enum.since == "2.1" else []
    if enum.new_values:
        count = len(enum.new_values)
        badges.append(_badge(f"{count} value{'s' if count > 1 else ''} new in 2.1", "changed"))
    description = description_html(enum.description, link) if enum.description else f"<p><em>{NO_ENUM_DESCRIPTION}</em></p>"
    default = ""
    if enum.default:
        target = f"#{enum.default}"
        default = f'<p>Default value (declared by the schema): <a href="{escape(target)}"><code>{escape(enum.default)}</code></a></p>'
    history = _history(enum, page_url)
    before = _in_ocpp16(catalog, name, page_url)
    return (
        f"# {name}\n\n"
        f'<div class="ocpp-summary">{"".join(badges)}<p class="ocpp-facts">{escape(" · ".join(facts))}</p>'
        f'{description}{default}<p class="ocpp-provenance">{provenance(enum)}</p></div>\n\n'
        "## Values { #values }\n\n"
        + "\n".join(_value_section(catalog, enum, position, page_url) for position in range(len(enum.values)))
        + "\n## Used in { #used-in }\n\n"
        + usages_table(catalog, enum, page_url)
        + "\n## Code { #code data-search-exclude }\n\n"
        + f"{CODE_START}\n\n{code_tabs(enum)}\n{CODE_END}\n"
        # Left out of site search (~20 KB of its index): a 1.6 name's own row on the 1.6 page is the search target.
        + (f"\n## In OCPP 1.6 {{ #in-ocpp-16 data-search-exclude }}\n\n<div data-search-exclude>{before}</div>\n" if before else "")
        + "\n## History { #history }\n\n"
        + history
    )


def _in_ocpp16(catalog: Catalog, enum: str, page_url: str) -> str:
    """An enum page's "In OCPP 1.6" content: which 1.6 values map to this enum, linked both ways; "" if none."""
    found = ocpp16.mapped_to(catalog.ocpp16, enum)
    if not found:
        return ""
    page = relative_url(ocpp16.PAGE_URL, page_url)
    by_type: dict[str, list] = {}
    for t, value, wire in found:
        by_type.setdefault(t.name, []).append((value, wire))
    items = []
    for name, pairs in by_type.items():
        parts = []
        for value, wire in pairs:
            old = Markup('<a href="{}#{}"><code>{}</code></a>').format(page, ocpp16.anchor(name, value.name), value.name)
            new = Markup('<a href="#{}"><code>{}</code></a>').format(wire, wire)
            part = old if value.name == wire and value.kind == "same" else Markup("{} → {}").format(old, new)
            parts.append(part + (Markup(" ({})").format(value.kind) if value.kind in ("renamed", "combination") else ""))
        items.append(Markup('<li><a href="{}#{}"><code>{}</code></a>: {}</li>').format(page, name, name, Markup(", ").join(parts)))
    return str(
        Markup(
            '<p>These OCPP 1.6 values map to {}; each links to its row on <a href="{}">Coming from OCPP 1.6</a>, with a note where the mapping is not one-to-one.</p>'
            '<ul class="ocpp16-from">{}</ul>\n'
        ).format(Markup("<code>{}</code>").format(enum), page, Markup("").join(items))
    )


def _history(enum: Enum, page_url: str) -> str:
    changes = relative_url(CHANGES_URL, page_url)
    if enum.since == "2.1":
        text = "New in OCPP 2.1: OCPP 2.0.1 has no enumeration of this name."
    elif enum.new_values or enum.removed_values:
        added = ", ".join(f'<a href="#{escape(v.name)}"><code>{escape(v.name)}</code></a>' for v in enum.new_values)
        text = f"In OCPP 2.0.1 already. Added in 2.1: {added or 'none'}."
        if enum.removed_values:
            text += " Removed in 2.1: " + ", ".join(f"<code>{escape(v)}</code>" for v in enum.removed_values) + "."
    else:
        text = "Unchanged since OCPP 2.0.1: the same values in the same order."
    return f'<p>{text} See <a href="{escape(changes)}">what changed in OCPP 2.1</a>.</p>\n'


# ---------------------------------------------------------------------------
# Index, changes and all-in-one pages
# ---------------------------------------------------------------------------


def enum_index(catalog: Catalog, page_url: str) -> str:
    """The index: a filter box and a table of every enum with counts and a one-line description."""
    rows = []
    for enum in catalog.enums.values():
        mark = ""
        changed = enum.since == "2.1" or bool(enum.new_values) or bool(enum.removed_values)
        if enum.since == "2.1":
            mark = _badge("New in 2.1", "new")
        elif enum.new_values:
            mark = _badge(f"+{len(enum.new_values)} in 2.1", "changed")
        summary = plain_summary(enum.description) if enum.description else "(no description in the schemas)"
        values = " ".join(v.name for v in enum.values)
        messages = " ".join(sorted({u.message for u in enum.usages}))
        # The 1.6 types and values that map here ("ChargePointStatus ChargePointStatus.Preparing"), so that a 1.6 name finds its successor.
        found = ocpp16.mapped_to(catalog.ocpp16, enum.name)
        old = " ".join(dict.fromkeys(name for t, v, _ in found for name in (t.name, ocpp16.anchor(t.name, v.name))))
        # Names only: the filter fetches the explanations (explanations.json) when it is first used.
        filter_text = f"{enum.name} {values} {messages} {old}".rstrip().lower()
        rows.append(
            f'<tr data-filter="{escape(filter_text)}" data-changed="{str(changed).lower()}"'
            f' data-values="{escape(values)}" data-messages="{escape(messages)}" data-ocpp16="{escape(old)}">'
            f'<td data-label="Enumeration"><a href="{escape(relative_url(enum_url(enum.name), page_url))}">{escape(enum.name)}</a> {mark}</td>'
            f'<td data-label="Values">{len(enum.values)}</td><td data-label="Used in">{len(enum.usages)}</td>'
            f'<td data-label="Description">{escape(summary)}</td></tr>'
        )
    return (
        '<div class="ocpp-filter">'
        '<label for="enum-filter">Filter</label> '
        '<input type="search" id="enum-filter" placeholder="A name or a word, e.g. Occupied or contactor" autocomplete="off"'
        f' data-explanations="{escape(relative_url("explanations.json", page_url))}">'
        ' <label><input type="checkbox" id="enum-filter-changed"> Only new or changed in 2.1</label>'
        f' <output id="enum-filter-count" aria-live="polite">{len(catalog.enums)} of {len(catalog.enums)} enumerations</output>'
        "</div>\n\n"
        '<div class="ocpp-index ocpp-stack"><table><thead><tr><th>Enumeration</th><th>Values</th><th>Used in</th>'
        "<th>Description</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>\n"
        '<p id="enum-filter-empty" hidden>No enumeration matches the filter.</p>\n'
    )


def changes_page(catalog: Catalog, page_url: str) -> str:
    """What OCPP 2.1 changed against 2.0.1: new enums, added values, removed values, enums turned strings."""

    def link(name: str, value: str | None = None) -> str:
        url = relative_url(value_url(name, value) if value else enum_url(name), page_url)
        return f'<a href="{escape(url)}"><code>{breakable(value or name)}</code></a>'

    new = [e for e in catalog.enums.values() if e.since == "2.1"]
    grown = [e for e in catalog.enums.values() if e.new_values]
    shrunk = [e for e in catalog.enums.values() if e.removed_values]
    out = [
        "Compared with the official OCPP 2.0.1 JSON schemas (both as shipped by the `ocpp` package).\n",
        f"## New enumerations ({len(new)}) {{ #new-enumerations }}\n",
        "<ul>" + "".join(f"<li>{link(e.name)} ({len(e.values)} values)</li>" for e in new) + "</ul>\n",
        f"## Enumerations with values added ({len(grown)}) {{ #values-added }}\n",
        f"{sum(len(e.new_values) for e in grown)} values added in all.\n",
        '<div class="ocpp-changes ocpp-stack"><table><thead><tr><th>Enumeration</th><th>Added in 2.1</th></tr></thead><tbody>'
        + "".join(
            f'<tr><td data-label="Enumeration">{link(e.name)}</td><td data-label="Added in 2.1">{len(e.new_values)}: '
            + ", ".join(link(e.name, v.name) for v in e.new_values)
            + "</td></tr>"
            for e in grown
        )
        + "</tbody></table></div>\n",
        f"## Values removed ({sum(len(e.removed_values) for e in shrunk)}) {{ #values-removed }}\n",
    ]
    if shrunk:
        out.append(
            "<ul>"
            + "".join(f"<li>{link(e.name)}: " + ", ".join(f"<code>{escape(v)}</code>" for v in e.removed_values) + "</li>" for e in shrunk)
            + "</ul>\n"
        )
    else:
        out.append("None: every value of an OCPP 2.0.1 enumeration that OCPP 2.1 still has is kept.\n")
    out.append(f"## Enumerations that became plain strings ({len(catalog.retired)}) {{ #now-strings }}\n")
    out.append("These OCPP 2.0.1 enumerations are gone in 2.1; the fields that carried them now take a string.\n")
    for retired in catalog.retired:
        fields = "".join(
            f"<li><code>{breakable(m)}</code> <code>{breakable(p)}</code>: {escape(t)}"
            + (f" (at most {escape(mx)} characters)" if mx else "")
            + "</li>"
            for m, p, t, mx in retired.fields
        )
        values = ", ".join(f"<code>{escape(v)}</code>" for v in retired.values)
        name = escape(retired.name)  # the schema allows letters and digits only; escaped all the same
        out.append(f"### {name} {{ #{name} }}\n\n<p>2.0.1 values: {values}</p><p>Fields in 2.1:</p><ul>{fields}</ul>\n")
    return "\n".join(out)


def all_enums(catalog: Catalog, page_url: str) -> str:
    """Every enum with its values and their explanations on one page, each linking to its own page."""
    out = []
    for enum in catalog.enums.values():
        url = relative_url(enum_url(enum.name), page_url)
        values = "".join(
            f'<dt><a href="{escape(url)}#{escape(v.name)}"><code>{breakable(v.name)}</code></a></dt>'
            f"<dd>{explanation_html(catalog, enum.name, v.description, page_url) if v.description else NOT_EXPLAINED}"
            + (f' <span class="ocpp-all-note">Note: {explanation_html(catalog, enum.name, v.note, page_url)}</span>' if v.note else "")
            + "</dd>"
            for v in enum.values
        )
        out.append(f'## <a href="{escape(url)}">{enum.name}</a> {{ #{enum.name} }}\n\n<dl class="ocpp-all">{values}</dl>\n')
    return "\n".join(out)
