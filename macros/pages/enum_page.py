"""An enumeration's page: its values with explanations, the fields that carry it, code to copy, 1.6 and history."""

from __future__ import annotations

import json

from markupsafe import Markup, escape

from macros.catalog.model import Catalog, Enum
from macros.catalog.ocpp16 import mapped_to
from macros.pages.links import (
    CHANGES_URL,
    CODE_END,
    CODE_START,
    NO_ENUM_DESCRIPTION,
    NOT_EXPLAINED,
    OCPP16_URL,
    SENDERS,
    SPLIT_BY_SEARCH,
    badge,
    breakable,
    description_html,
    explanation_html,
    linker,
    note_html,
    ocpp16_anchor,
    relative_url,
    usage_anchor,
)
from macros.pages.codelist_page import device_model_section
from macros.pages.requirements_page import requirements_line
from macros.pages.snippets import code_tabs


def _value_section(catalog: Catalog, enum: Enum, position: int, page_url: str) -> str:
    value = enum.values[position]
    badges = []
    if value.since == "2.1" and enum.since != "2.1":
        badges.append(badge("New in 2.1", "new"))
    if value.name == enum.default:
        badges.append(badge("Default", "default"))
    # The marks open the explanation's paragraph rather than taking a line of their own.
    if value.description:
        body = f'<p>{"".join(badges)}{explanation_html(catalog, enum.name, value.description, page_url)}</p>'
    else:
        body = f'<p class="ocpp-missing">{"".join(badges)}<em>{NOT_EXPLAINED}</em></p>'
    note = note_html(catalog, enum.name, value.note, page_url) if value.note else ""
    facts = (
        f'<p class="ocpp-wire" data-search-exclude>Wire value <code>{escape(json.dumps(value.name))}</code>'
        f" · {position + 1} of {len(enum.values)} · since OCPP {escape(value.since)}</p>"
    )
    # A lower-case copy of a CamelCase value, hidden from view, gives site search the unsplit
    # token, so "suspendedevse" finds SuspendedEVSE although the index splits it in two.
    alias = ""
    if SPLIT_BY_SEARCH.search(value.name):
        alias = f'<span hidden class="ocpp-search-alias">{escape(value.name.lower())}</span>'
    return (
        f"### {value.name} {{ #{value.name} }}\n\n"
        f'<div class="ocpp-value">{body}{note}{requirements_line(catalog, enum, value, page_url)}{facts}{alias}</div>\n'
    )


def usages_table(catalog: Catalog, enum: Enum, page_url: str) -> str:
    """HTML table of every field carrying the enum: message, path, sender, presence, the field's own text."""
    if not enum.usages:
        return "<p>No OCPP 2.1 message uses this enumeration.</p>\n"
    link = linker(catalog, page_url)
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
        '<div class="ocpp-usages ocpp-stack" data-search-exclude><table><thead><tr><th>Message</th><th>Field</th><th>Sent by</th>'
        "<th>Presence</th><th>Field description (from the schema)</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table></div>\n"
    )


def provenance(enum: Enum) -> str:
    """Where the explanations come from, e.g. "... from OCPP 2.1 Part 2, §3.18; ..."."""
    section = f", §{escape(enum.spec_section)}" if enum.spec_section else ""
    return f"Explanations written for this reference from OCPP 2.1 Part 2{section}; the specification's text is normative."


def enum_page(catalog: Catalog, name: str, page_url: str) -> str:
    """The whole content of an enum page, as Markdown with HTML blocks."""
    enum = catalog.enums[name]
    link = linker(catalog, page_url)
    facts = [f"{len(enum.values)} values", f"used in {len(enum.usages)} field{'s' if len(enum.usages) != 1 else ''}"]
    badges = [badge("New in 2.1", "new")] if enum.since == "2.1" else []
    if enum.new_values:
        count = len(enum.new_values)
        badges.append(badge(f"{count} value{'s' if count > 1 else ''} new in 2.1", "changed"))
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
        f'{description}{default}<p class="ocpp-provenance" data-search-exclude>{provenance(enum)}</p></div>\n\n'
        "## Values { #values data-search-exclude }\n\n"
        + "\n".join(_value_section(catalog, enum, position, page_url) for position in range(len(enum.values)))
        + "\n## Used in { #used-in data-search-exclude }\n\n"
        + usages_table(catalog, enum, page_url)
        + device_model_section(catalog, name)
        + "\n## Code { #code data-search-exclude }\n\n"
        + f"{CODE_START}\n\n{code_tabs(enum)}\n{CODE_END}\n"
        # Left out of site search (~20 KB of its index): a 1.6 name's own row on the 1.6 page is the search target.
        + (f"\n## In OCPP 1.6 {{ #in-ocpp-16 data-search-exclude }}\n\n<div data-search-exclude>{before}</div>\n" if before else "")
        + "\n## History { #history data-search-exclude }\n\n"
        + history
    )


def _in_ocpp16(catalog: Catalog, enum: str, page_url: str) -> str:
    """An enum page's "In OCPP 1.6" content: which 1.6 values map to this enum, linked both ways; "" if none."""
    found = mapped_to(catalog.ocpp16, enum)
    if not found:
        return ""
    page = relative_url(OCPP16_URL, page_url)
    by_type: dict[str, list] = {}
    for t, value, wire in found:
        by_type.setdefault(t.name, []).append((value, wire))
    items = []
    for name, pairs in by_type.items():
        parts = []
        for value, wire in pairs:
            old = Markup('<a href="{}#{}"><code>{}</code></a>').format(page, ocpp16_anchor(name, value.name), value.name)
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


