"""A code list's page (an appendix list or a device-model list) and the "Used in the device model" section of any page.

Like an enum page: every value an `h3` whose id is the value (a search target and a public
anchor), its explanation and the appendix's other columns; then the fields that take the list,
the device-model variables, code to copy and what changed from 2.0.1.
"""

from __future__ import annotations

from markupsafe import escape

from macros.catalog.model import Catalog, CodeList
from macros.pages.links import (
    CHANGES_URL,
    CODE_END,
    CODE_START,
    NOT_EXPLAINED,
    SENDERS,
    SPLIT_BY_SEARCH,
    badge,
    breakable,
    codelist_url,
    enum_url,
    explanation_html,
    note_html,
    relative_url,
    requirement_url,
    usage_anchor,
)
from macros.pages.snippets import code_tabs

COLUMN_TITLES = {"group": "Group", "typically_used_for": "Typically used for", "critical": "Critical", "algorithm": "Algorithm",
                 "curve": "Curve", "key_length": "Key length", "hash_algorithm": "Hash algorithm"}


def _column(key: str, value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(f"<code>{breakable(item)}</code>" for item in value)
    return str(escape(value))


def _value_section(catalog: Catalog, codelist: CodeList, position: int, page_url: str) -> str:
    value = codelist.values[position]
    badges = []
    if codelist.was_enum and value.since == "2.1":
        badges.append(badge("New in 2.1", "new"))
    if value.erratum:
        badges.append(badge(f"Added by the errata {value.erratum.split()[0]}", "changed"))
    if value.description:
        body = f'<p>{"".join(badges)}{explanation_html(catalog, codelist.name, value.description, page_url)}</p>'
    else:
        body = f'<p class="ocpp-missing">{"".join(badges)}<em>{NOT_EXPLAINED}</em></p>'
    note = note_html(catalog, codelist.name, value.note, page_url) if value.note else ""
    columns = "".join(f"<span><b>{COLUMN_TITLES.get(k, escape(k))}</b>: {_column(k, v)}</span> " for k, v in value.columns)
    columns = f'<p class="ocpp-columns">{columns.strip()}</p>' if columns else ""
    facts = (f'<p class="ocpp-wire" data-search-exclude>On the wire <code>"{escape(value.name)}"</code>'
             f" · {position + 1} of {len(codelist.values)}</p>")
    alias = f'<span hidden class="ocpp-search-alias">{escape(value.name.lower())}</span>' if SPLIT_BY_SEARCH.search(value.name) else ""
    return f"### {value.name} {{ #{value.name} }}\n\n" f'<div class="ocpp-value">{body}{note}{columns}{facts}{alias}</div>\n'


def _usages(catalog: Catalog, codelist: CodeList) -> str:
    if not codelist.usages:
        return "<p>No field of the OCPP 2.1 schemas takes this list directly: its values travel where the device model or the text below says.</p>\n"
    rows = []
    for usage in codelist.usages:
        presence = ("required" if usage.required else "optional") + (", list" if usage.is_list else "")
        limits = f"string, at most {usage.max_length} characters" if usage.max_length else "string"
        if usage.case_insensitive:
            limits += ", case-insensitive"
        rows.append(
            f'<tr id="{escape(usage_anchor(usage))}"><td data-label="Message"><code>{breakable(usage.message)}</code></td>'
            f'<td data-label="Field"><code>{breakable(usage.path)}{"[]" if usage.is_list else ""}</code></td>'
            f'<td data-label="Sent by">{escape(SENDERS[catalog.direction(usage.message)])}</td>'
            f'<td data-label="Presence">{presence}</td><td data-label="Type">{limits}</td></tr>'
        )
    return ('<div class="ocpp-usages ocpp-stack" data-search-exclude><table><thead><tr><th>Message</th><th>Field</th><th>Sent by</th><th>Presence</th>'
            "<th>Type (from the schema)</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>\n")


def device_model_section(catalog: Catalog, name: str) -> str:
    """'## Used in the device model' with each variable that takes `name`'s values; '' if none does."""
    variables = catalog.used_in_device_model(name)
    if not variables:
        return ""
    items = "".join(f'<li id="dm-{escape(v.label)}"><code>{breakable(v.label)}</code> ({escape(v.kind)})</li>' for v in variables)
    return ("\n## Used in the device model { #used-in-device-model data-search-exclude }\n\n"
            f'<p>Standardized variables whose values come from this list (Part 2 appendices, chapter 3):</p><ul class="ocpp-dm">{items}</ul>\n')


def _history(catalog: Catalog, codelist: CodeList, page_url: str) -> str:
    if not codelist.was_enum:
        return ""
    new = ", ".join(f'<a href="#{escape(v.name)}"><code>{escape(v.name)}</code></a>' for v in codelist.values if v.since == "2.1")
    gone = ", ".join(f"<code>{escape(n)}</code>" for n in codelist.removed_values)
    changes = relative_url(f"{CHANGES_URL}#{codelist.was_enum}", page_url)
    text = (f"<p>In OCPP 2.0.1 these values were the enumeration <code>{escape(codelist.was_enum)}</code>; OCPP 2.1 made the fields "
            f'plain strings and keeps the values as this predefined list (<a href="{escape(changes)}">what changed</a>). '
            f"New in 2.1: {new or 'none'}. No longer listed: {gone or 'none'}.</p>\n")
    return "\n## History { #history data-search-exclude }\n\n" + text


def codelist_page(catalog: Catalog, name: str, page_url: str) -> str:
    """The whole content of a code list's page, as Markdown with HTML blocks."""
    codelist = catalog.codelists[name]
    if codelist.appendix_section:
        origin = (f"Predefined in the OCPP 2.1 Part 2 appendices, chapter {escape(codelist.appendix_section)}. The fields are strings: "
                  "these values are the standard ones, and the appendix's text is normative.")
    else:
        cited = ", ".join(f'<a href="{escape(relative_url(requirement_url(r), page_url))}">{r}</a>'
                          if catalog.requirements and r in catalog.requirements.ids else r for r in codelist.requirements)
        origin = ("A value list the OCPP 2.1 device model defines (not a schema enumeration)"
                  + (f"; requirements: {cited}" if cited else "") + ". The specification's text is normative.")
    intro = f"<p>{explanation_html(catalog, name, codelist.description, page_url)}</p>" if codelist.description else ""
    was = ""
    if codelist.was_enum:
        was = f'<p>{badge("Was an enumeration in 2.0.1", "changed")} <code>{escape(codelist.was_enum)}</code></p>'
    return (
        f"# {escape(codelist.title)}: {name}\n\n"
        f'<div class="ocpp-summary"><p class="ocpp-facts">{len(codelist.values)} values · taken by {len(codelist.usages)} '
        f'field{"s" if len(codelist.usages) != 1 else ""}</p>{was}{intro}<p class="ocpp-provenance" data-search-exclude>{origin} '
        "Explanations written for this reference.</p></div>\n\n"
        "## Values { #values data-search-exclude }\n\n"
        + "\n".join(_value_section(catalog, codelist, i, page_url) for i in range(len(codelist.values)))
        + "\n## Used in { #used-in data-search-exclude }\n\n" + _usages(catalog, codelist)
        + device_model_section(catalog, name)
        + "\n## Code { #code data-search-exclude }\n\n" + f"{CODE_START}\n\n{code_tabs(codelist)}\n{CODE_END}\n"
        + _history(catalog, codelist, page_url)
    )


def link_to(catalog: Catalog, name: str, page_url: str) -> str:
    """A link to an enumeration's or a code list's page."""
    url = enum_url(name) if name in catalog.enums else codelist_url(name)
    return f'<a href="{escape(relative_url(url, page_url))}"><code>{breakable(name)}</code></a>'
