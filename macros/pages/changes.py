"""The "What changed in OCPP 2.1" page."""

from __future__ import annotations

from markupsafe import escape

from macros.catalog.model import Catalog
from macros.pages.links import breakable, codelist_url, enum_url, relative_url, value_url


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
        successor = next((c for c in catalog.codelists.values() if c.was_enum == retired.name), None)
        now = ""
        if successor:
            url = relative_url(codelist_url(successor.name), page_url)
            now = (f'<p>In 2.1 the values are the code list <a href="{escape(url)}"><code>{escape(successor.name)}</code></a> '
                   f"({len(successor.values)} values, {sum(v.since == '2.1' for v in successor.values)} of them new).</p>")
        out.append(f"### {name} {{ #{name} }}\n\n<p>2.0.1 values: {values}</p>{now}<p>Fields in 2.1:</p><ul>{fields}</ul>\n")
    return "\n".join(out)


