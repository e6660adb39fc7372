"""The requirements page (every use case with its requirements that name values) and a value's "Requirements" line.

Requirement IDs, use-case IDs and titles are facts of the specification; its requirement texts are
not shown (CC BY-ND): the IDs lead a reader to them. Anchors: `#B03` for a use case, `#B03.FR.05`
for a requirement, `#block-B` for a functional block.
"""

from __future__ import annotations

from markupsafe import escape

from macros.catalog.model import Catalog, Enum, Requirement, UseCase, Value
from macros.pages.links import breakable, relative_url, requirement_url, value_url

FOLDED_AFTER = 3  # a value named in more requirements than this shows them folded, with a count


def _erratum(requirement: Requirement) -> str:
    if not requirement.erratum:
        return ""
    date, _, change = requirement.erratum.partition(" ")
    return f' <span class="ocpp-erratum" title="{escape(change)} by the errata {escape(date)}">errata {escape(date)}</span>'


def _id_link(requirement: Requirement, page_url: str) -> str:
    url = relative_url(requirement_url(requirement.id), page_url)
    return f'<a href="{escape(url)}"><code>{requirement.id}</code></a>{_erratum(requirement)}'


def requirements_line(catalog: Catalog, enum: Enum, value: Value, page_url: str) -> str:
    """The requirements naming a value, grouped by use case: "B03 Cold Boot … - Rejected: B03.FR.02, B03.FR.05"; '' if none."""
    if catalog.requirements is None:
        return ""
    found = catalog.requirements.by_value.get((enum.name, value.name), ())
    if not found:
        return ""
    groups: dict[str, tuple[UseCase, list[Requirement]]] = {}
    for use_case, requirement in found:
        groups.setdefault(use_case.id, (use_case, []))[1].append(requirement)
    groups_html = "; ".join(
        f'<a href="{escape(relative_url(requirement_url(use_case.id), page_url))}">{use_case.id}</a> '
        f"{escape(use_case.title)}: {', '.join(_id_link(r, page_url) for r in requirements)}"
        for use_case, requirements in groups.values()
    )
    count = f"{len(found)} requirement{'s' if len(found) > 1 else ''} in {len(groups)} use case{'s' if len(groups) > 1 else ''}"
    if len(found) > FOLDED_AFTER:
        return (f'<details class="ocpp-reqs" data-search-exclude><summary>Requirements: {count}</summary>'
                f'<p class="ocpp-reqs__list">{groups_html}</p></details>')
    return f'<p class="ocpp-reqs" data-search-exclude><span class="ocpp-reqs__title">Requirements</span> {groups_html}</p>'


def _values(requirement: Requirement, page_url: str) -> str:
    return ", ".join(
        f'<a href="{escape(relative_url(value_url(enum, value), page_url))}"><code>{breakable(f"{enum}.{value}")}</code></a>'
        for enum, value in requirement.values
    )


def _requirement_item(requirement: Requirement, page_url: str) -> str:
    return (
        f'<li id="{requirement.id}" class="ocpp-req"><a class="ocpp-req__id" href="#{requirement.id}"><code>{requirement.id}</code></a>'
        f"{_erratum(requirement)} names {_values(requirement, page_url) or 'no value of an enumeration'}</li>"
    )


def requirements_page(catalog: Catalog, page_url: str) -> str:
    """The whole requirements page: counts, then each functional block, its use cases and their requirements."""
    index = catalog.requirements
    if index is None:
        return "<p>This build's data holds no requirement index (no <code>requirements.yaml</code>).</p>\n"
    counts = index.counts
    values = len(index.by_value)
    out = [
        f"<p>{counts['naming_values']} of the {counts['requirements']} functional requirements of OCPP 2.1 Part 2 (with the "
        f"errata 2025-09 applied) name enumeration values: {counts['mentions']} mentions of {values} values in "
        f"{len(index.use_cases)} use cases. Each requirement links to the values it names; each value's page lists "
        "its requirements. The IDs are the specification's; read the requirement itself there, its text is normative.</p>",
        f"<p>How the index is made: a program reads Part 2's requirement tables and places each value it names in its "
        f"enumeration by the message, field or enumeration the row, its precondition chain or its use case names. "
        f"{counts['left_out']} mentions it could not place are left out rather than guessed. Requirements the errata "
        'changed or added are marked <span class="ocpp-erratum">errata</span> with their date.</p>',
    ]
    block = None
    for use_case in index.use_cases:
        if use_case.id[0] != block:
            block = use_case.id[0]
            out.append(f'\n## {block}. {escape(index.blocks.get(block, block))} {{ #block-{block} }}\n')
        items = "".join(_requirement_item(r, page_url) for r in use_case.requirements)
        out.append(f"\n### {use_case.id} {escape(use_case.title)} {{ #{use_case.id} }}\n\n<ul class=\"ocpp-req-list\" data-search-exclude>{items}</ul>\n")
    if index.deleted:
        out.append("\n## Deleted by the errata { #deleted }\n")
        items = "".join(_requirement_item(r, page_url) for r in index.deleted)
        out.append(f'\n<ul class="ocpp-req-list" data-search-exclude>{items}</ul>\n')
    return "\n".join(out)

