"""mkdocs-macros entry: the macros that page sources call.

The catalog is loaded once per build by the hook (`macros/hooks.py`) and kept on the
MkDocs config; the macros only read it. Their output is not rendered again by Jinja,
so text from the YAML never runs as a template.
"""

from __future__ import annotations

from markupsafe import escape

from macros.catalog.model import Catalog
from macros.pages import all_page, changes, index, links, requirements_page
from macros.pages import ocpp16_page as page16  # its name is also a macro's

CATALOG_KEY = "ocpp_catalog"


def catalog_of(config) -> Catalog:
    """The catalog the hook loaded for this build."""
    return config[CATALOG_KEY]


def define_env(env) -> None:
    """Register the macros with mkdocs-macros."""

    def page_url() -> str:
        return env.page.url

    @env.macro
    def enum_index() -> str:
        """The filterable table of all enums."""
        return index.enum_index(catalog_of(env.conf), page_url())

    @env.macro
    def changes_page() -> str:
        """The "What changed in OCPP 2.1" content."""
        return changes.changes_page(catalog_of(env.conf), page_url())

    @env.macro
    def codelist_index() -> str:
        """The code lists' table under the index."""
        return index.codelist_index(catalog_of(env.conf), page_url())

    @env.macro
    def requirements() -> str:
        """The requirements page's content: each use case with its requirements that name values."""
        return requirements_page.requirements_page(catalog_of(env.conf), page_url())

    @env.macro
    def ocpp16_page() -> str:
        """The "Coming from OCPP 1.6" content: counts, one section per 1.6 type, sources."""
        return page16.ocpp16_page(catalog_of(env.conf), page_url())

    @env.macro
    def all_enums() -> str:
        """Every enum and value on one page."""
        return all_page.all_enums(catalog_of(env.conf), page_url())

    @env.macro
    def source_note() -> str:
        """The exact source (edition, schema $id, ocpp package) and the date of the last sync."""
        return links.source_html(catalog_of(env.conf).source)

    @env.macro
    def enum_count() -> int:
        """Number of enumerations, e.g. for the home page."""
        return len(catalog_of(env.conf).enums)

    @env.macro
    def value_count() -> int:
        """Number of values across all enumerations."""
        return sum(len(e.values) for e in catalog_of(env.conf).enums.values())

    @env.macro
    def enum_link(name: str, value: str | None = None) -> str:
        """A link to an enum or one of its values; an unknown name fails the build."""
        catalog = catalog_of(env.conf)
        if name not in catalog.enums:
            raise ValueError(f"enum_link: no enumeration named {name!r}")
        if value is not None and value not in catalog.enums[name].value_names:
            raise ValueError(f"enum_link: {name} has no value {value!r}")
        target = links.value_url(name, value) if value else links.enum_url(name)
        url = links.relative_url(target, page_url())
        return f'<a href="{escape(url)}"><code>{escape(value or name)}</code></a>'
