"""The index of all enumerations, with what the filter box matches."""

from __future__ import annotations

from markupsafe import escape

from macros.catalog.model import Catalog
from macros.catalog.ocpp16 import mapped_to
from macros.pages.links import badge, codelist_url, enum_url, ocpp16_anchor, plain_summary, relative_url


def enum_index(catalog: Catalog, page_url: str) -> str:
    """The index: a filter box and a table of every enum with counts and a one-line description."""
    rows = []
    for enum in catalog.enums.values():
        mark = ""
        changed = enum.since == "2.1" or bool(enum.new_values) or bool(enum.removed_values)
        if enum.since == "2.1":
            mark = badge("New in 2.1", "new")
        elif enum.new_values:
            mark = badge(f"+{len(enum.new_values)} in 2.1", "changed")
        summary = plain_summary(enum.description) if enum.description else "(no description in the schemas)"
        values = " ".join(v.name for v in enum.values)
        messages = " ".join(sorted({u.message for u in enum.usages}))
        # The 1.6 types and values that map here ("ChargePointStatus ChargePointStatus.Preparing"), so that a 1.6 name finds its successor.
        found = mapped_to(catalog.ocpp16, enum.name)
        old = " ".join(dict.fromkeys(name for t, v, _ in found for name in (t.name, ocpp16_anchor(t.name, v.name))))
        # Names only: the filter fetches the explanations (explanations.json) when it is first used.
        variables = " ".join(v.label for v in catalog.used_in_device_model(enum.name))
        filter_text = f"{enum.name} {values} {messages} {old} {variables}".rstrip().lower()
        rows.append(
            f'<tr data-filter="{escape(filter_text)}" data-changed="{str(changed).lower()}"'
            f' data-values="{escape(values)}" data-messages="{escape(messages)}" data-ocpp16="{escape(old)}" data-variables="{escape(variables)}">'
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




def codelist_index(catalog: Catalog, page_url: str) -> str:
    """The code lists' table under the index, narrowed by the same filter box; '' without code lists."""
    if not catalog.codelists:
        return ""
    rows = []
    for codelist in catalog.codelists.values():
        values = " ".join(v.name for v in codelist.values)
        messages = " ".join(sorted({u.message for u in codelist.usages}))
        variables = " ".join(v.label for v in catalog.used_in_device_model(codelist.name))
        changed = bool(codelist.was_enum) or any(v.erratum for v in codelist.values)
        origin = f"appendix {codelist.appendix_section}" if codelist.appendix_section else "device model"
        mark = badge(f"was {codelist.was_enum}", "changed") if codelist.was_enum else ""
        filter_text = f"{codelist.name} {codelist.title} {values} {messages} {variables}".lower()
        rows.append(
            f'<tr data-filter="{escape(filter_text)}" data-changed="{str(changed).lower()}" data-values="{escape(values)}"'
            f' data-messages="{escape(messages)}" data-ocpp16="" data-variables="{escape(variables)}">'
            f'<td data-label="Code list"><a href="{escape(relative_url(codelist_url(codelist.name), page_url))}">{escape(codelist.name)}</a> {mark}</td>'
            f'<td data-label="Values">{len(codelist.values)}</td><td data-label="Used in">{len(codelist.usages)}</td>'
            f'<td data-label="What it is">{escape(codelist.title)} ({escape(origin)})</td></tr>'
        )
    return (
        f'<p><output id="codelist-filter-count" aria-live="polite">{len(rows)} of {len(rows)} code lists</output>: value sets that are not '
        "schema enumerations: the fields are strings, and the Part 2 appendices or the device model predefine their values.</p>\n"
        '<div class="ocpp-codelist-index ocpp-stack"><table><thead><tr><th>Code list</th><th>Values</th><th>Used in</th>'
        "<th>What it is</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table></div>\n"
    )
