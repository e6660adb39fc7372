"""The "Coming from OCPP 1.6" page: model in, HTML out (an enum page's "In OCPP 1.6" section is in enum_page.py).

Every text from data/ocpp16.yaml goes through `markupsafe.escape`: shown, never run.
Material's search makes only headings into search targets, so each 1.6 value is an `h3` whose id
is `Type.Value` (e.g. `ChargePointStatus.Preparing`): in the first cell of its table row, or in
a one-line list for a type whose values are all unchanged. Raw HTML headings stay out of the
table of contents, which lists the types only.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from macros.catalog.model import KINDS, Catalog, Ocpp16Type, Ocpp16Value
from macros.catalog.ocpp16 import counts as kind_counts
from macros.pages.links import breakable, code_value_url, enum_url, ocpp16_anchor, relative_url, value_url

KIND_TEXT = {
    "same": "the same value, same meaning, in a 2.1 enumeration",
    "renamed": "a 2.1 value of another name",
    "combination": "values in two or more 2.1 fields together",
    "none": "no 2.1 enumeration value: another mechanism takes over",
}
JUDGEMENT = "Our reading: the specifications give no rule for this mapping."


def _badge(text: str, kind: str, title: str | None = None) -> Markup:
    extra = Markup(' title="{}"').format(title) if title else ""
    return Markup('<span class="ocpp-badge ocpp-badge--{}"{}>{}</span>').format(kind, extra, text)


def _target_link(enum: str, value: str, page_url: str) -> Markup:
    """A link to a 2.1 value, e.g. <a href="../enums/X/#V"><code>X.V</code></a>."""
    return Markup('<a href="{}"><code>{}</code></a>').format(relative_url(value_url(enum, value), page_url), breakable(f"{enum}.{value}"))


def _fields(t: Ocpp16Type) -> Markup:
    """Where the type travels in 1.6, e.g. "1.6 field: StatusNotificationRequest status"."""
    items = Markup(", ").join(Markup("<code>{}</code> <code>{}</code>").format(breakable(m), breakable(p)) for m, p in t.fields)
    return Markup('<p class="ocpp16-fields">1.6 field{}: {}</p>').format("s" if len(t.fields) > 1 else "", items)


def _counterpart(value: Ocpp16Value, page_url: str) -> Markup:
    badge = _badge(value.kind, f"kind-{value.kind}", KIND_TEXT[value.kind])
    if value.kind == "none" and value.code_value:
        codelist, wire = value.code_value
        link = Markup('<a href="{}"><code>{}</code></a>').format(relative_url(code_value_url(codelist, wire), page_url), breakable(f"{codelist}.{wire}"))
        return Markup("{}<p>{} Its 2.1 home: the code value {}.</p>").format(badge, value.replacement, link)
    if value.kind == "none":
        return Markup("{}<p>{}</p>").format(badge, value.replacement)
    return badge + Markup(" + ").join(_target_link(enum, wire, page_url) for enum, wire in value.targets)


def _note(value: Ocpp16Value) -> Markup:
    mark = _badge("judgement", "judgement", JUDGEMENT) if value.judgement else ""
    return Markup("{}{}").format(mark, value.note or "")


def _value_heading(t: Ocpp16Type, value: Ocpp16Value, inner: Markup | str | None = None) -> Markup:
    return Markup('<h3 class="ocpp16-value" id="{}">{}</h3>').format(ocpp16_anchor(t.name, value.name), inner or breakable(value.name))


def type_section(t: Ocpp16Type, catalog: Catalog, page_url: str) -> str:
    """One 1.6 type: heading (anchor = its name), fields, note, and its values with their 2.1 counterparts."""
    head = f"## {escape(t.name)} {{ #{escape(t.name)} }}\n\n"
    note = Markup('<p class="ocpp16-note">{}</p>').format(t.note) if t.note else ""
    if t.unchanged:  # one line of values: a table of 25 identical pairs says nothing a list does not
        enums = sorted({enum for v in t.values for enum, _ in v.targets})
        where = Markup(" and ").join(
            Markup('<a href="{}"><code>{}</code></a>').format(relative_url(enum_url(e), page_url), breakable(e)) for e in enums
        )
        values = Markup("").join(
            Markup("<li>{}</li>").format(_value_heading(t, v, _target_link_inner(v, page_url))) for v in t.values
        )
        body = Markup('<p class="ocpp16-same">All {} values unchanged, in {}:</p><ul class="ocpp16-inline">{}</ul>').format(len(t.values), where, values)
    else:
        rows = Markup("").join(
            # Only the value heading goes into the search index: the rest of the row would add ~40 KB to it.
            Markup('<tr><td data-label="1.6 value">{}</td><td data-label="In OCPP 2.1" data-search-exclude>{}</td><td data-label="Note" data-search-exclude>{}</td></tr>').format(
                _value_heading(t, v), _counterpart(v, page_url), _note(v)
            )
            for v in t.values
        )
        body = Markup(
            '<div class="ocpp16-map ocpp-stack"><table><thead data-search-exclude><tr><th>1.6 value</th><th>In OCPP 2.1</th><th>Note</th></tr></thead>'
            "<tbody>{}</tbody></table></div>"
        ).format(rows)
    return head + f'<div class="ocpp16-type">{_fields(t)}{note}{body}</div>\n'


def _target_link_inner(value: Ocpp16Value, page_url: str) -> Markup:
    """An unchanged value's name, linked to its 2.1 value (the first target where there are two)."""
    enum, wire = value.targets[0]
    return Markup('<a href="{}">{}</a>').format(relative_url(value_url(enum, wire), page_url), breakable(value.name))


def counts_table(types: tuple[Ocpp16Type, ...]) -> str:
    """How the 1.6 values map: one row per kind, with how many and what it means."""
    counts = kind_counts(types)
    judged = sum(v.judgement for t in types for v in t.values)
    rows = "".join(
        f'<tr><td data-label="Kind">{_badge(kind, f"kind-{kind}")}</td><td data-label="Values">{counts[kind]}</td>'
        f'<td data-label="Meaning">{escape(KIND_TEXT[kind])}</td></tr>'
        for kind in KINDS
    )
    total = sum(counts.values())
    return (
        f'<p class="ocpp16-counts">{len(types)} OCPP 1.6 types, {total} values: '
        + " · ".join(f"{counts[kind]} {kind}" for kind in KINDS)
        + f". {judged} mappings are marked {_badge('judgement', 'judgement')}: our reading where the specifications give no rule.</p>"
        '<div class="ocpp-stack" data-search-exclude><table><thead><tr><th>Kind</th><th>Values</th><th>Meaning</th></tr></thead><tbody>'
        + rows
        + "</tbody></table></div>\n"
    )


def ocpp16_page(catalog: Catalog, page_url: str) -> str:
    """The page's generated part: counts, one section per 1.6 type (sorted by name), then the sources."""
    if not catalog.ocpp16:
        return "<p>This build's data holds no OCPP 1.6 mapping (no <code>ocpp16.yaml</code>).</p>\n"
    types = sorted(catalog.ocpp16, key=lambda t: t.name.lower())
    sources = "".join(f"<li>{escape(source)}</li>" for source in catalog.ocpp16_sources)
    return (
        counts_table(catalog.ocpp16)
        + "\n"
        + "\n".join(type_section(t, catalog, page_url) for t in types)
        + f'\n## Sources {{ #sources }}\n\n<ul class="ocpp16-sources" data-search-exclude>{sources}</ul>\n'
    )
