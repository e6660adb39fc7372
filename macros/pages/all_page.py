"""The all-in-one page: every enumeration and value on one page, for Ctrl-F and printing."""

from __future__ import annotations

from markupsafe import escape

from macros.catalog.model import Catalog
from macros.pages.links import NOT_EXPLAINED, breakable, enum_url, explanation_html, relative_url


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
