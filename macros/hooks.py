"""MkDocs hook: load the data, add a page per enum and the exports, keep the last good site.

Order within a build: on_config loads and validates every YAML file before MkDocs
touches the output folder; the build writes into a staging folder; on_post_build
moves it into place unless --strict is about to fail the build on a warning, and
on_build_error drops it. A failure anywhere leaves the previous site as it was.
"""

from __future__ import annotations

import atexit
import functools
import importlib
import itertools
import logging
import os
import shutil
import sys
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.structure.nav import Section
from mkdocs.utils import CountHandler

# MkDocs imports a hook by file path; make the `macros` package importable by name.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import macros  # noqa: E402
import macros.main  # noqa: E402
from macros.catalog import assemble, codelists, errors, model, ocpp16, requirements, yamlread  # noqa: E402
from macros.pages import all_page, changes, enum_page, exports, index, links, ocpp16_page, requirements_page, snippets, codelist_page  # noqa: E402
from macros import reuse  # noqa: E402
from macros.main import CATALOG_KEY  # noqa: E402

DATA_ENV = "OCPP_DATA"  # another data folder, e.g. synthetic data for the benchmark
_REAL_SITE_DIR = "ocpp_real_site_dir"
_this_build: dict = {}  # the staging folder and warning counter of the build in progress
log = logging.getLogger("mkdocs.hooks.ocpp")


def data_dir(config) -> Path:
    """The data folder: $OCPP_DATA if set, else data/ beside mkdocs.yml."""
    return Path(os.environ.get(DATA_ENV) or Path(config.config_file_path).parent / "data").resolve()


def on_startup(command, dirty):
    """Remember whether this is `mkdocs serve` (kept on the package: MkDocs re-runs this file per rebuild)."""
    macros.serving = command == "serve"


@event_priority(100)  # before mkdocs-macros' on_config, which takes define_env from macros/main.py
def on_config(config):
    """Load the catalog once per build and point the build at a staging folder."""
    if getattr(macros, "serving", False):
        # Python caches imported modules: reload the build code (when a file of it changed) so an
        # edit under macros/ shows on the next rebuild without restarting `mkdocs serve`.
        code = reuse.code_files(ROOT / "macros")
        if code != getattr(macros, "code_files", code):
            for module in (errors, yamlread, model, ocpp16, requirements, codelists, assemble, links, snippets, requirements_page, codelist_page, enum_page, index, changes, all_page, ocpp16_page, exports, reuse, macros.main):
                importlib.reload(module)
        macros.code_files = code
        before, macros.parsed_yaml = getattr(macros, "parsed_yaml", {}), {}
        yamlread.keep_parsed(before, macros.parsed_yaml)
    folder = data_dir(config)
    try:
        config[CATALOG_KEY] = assemble.load_catalog(folder, root=Path(config.config_file_path).parent.resolve())
    except errors.DataError as error:
        count = len(error.problems)
        raise PluginError(f"{count} problem{'s' if count > 1 else ''} in {folder.name}/, nothing was built:\n" + str(error)) from None
    config["copyright"] = links.source_html(config[CATALOG_KEY].source)  # the footer names the exact source
    if getattr(macros, "serving", False):
        reuse.begin(config, macros.code_files)  # after the footer: it is one of the settings
    real = Path(config.site_dir)
    staging = real.with_name(real.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)  # left over from a build that failed
    config[_REAL_SITE_DIR] = str(real)
    config.site_dir = str(staging)
    # MkDocs aborts a --strict build with warnings only after on_post_build: count them ourselves.
    warnings = CountHandler()
    warnings.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(warnings)
    # The Markdown settings are part of each kept code HTML's key (see on_page_markdown): once a build.
    _this_build.update(staging=staging, warnings=warnings, code={}, markdown=repr((config.markdown_extensions, config.mdx_configs)))
    # A macro error ends the process (mkdocs-macros calls exit()) without on_build_error.
    atexit.register(shutil.rmtree, staging, ignore_errors=True)
    return config


# mkdocs-macros must leave the enum pages alone: their text comes from the YAML and is never a
# template (and skipping them saves compiling 110 templates per build).
_NOT_A_TEMPLATE = "---\nrender_macros: false\n---\n"


def on_files(files, config):
    """Add a page per enum, rendered from the catalog, and the exports."""
    catalog = config[CATALOG_KEY]
    for name in catalog.enums:
        page = enum_page.enum_page(catalog, name, links.enum_url(name))
        files.append(File.generated(config, f"enums/{name}.md", content=_NOT_A_TEMPLATE + page))
    for name in catalog.codelists:
        page = codelist_page.codelist_page(catalog, name, links.codelist_url(name))
        files.append(File.generated(config, f"codelists/{name}.md", content=_NOT_A_TEMPLATE + page))
    for path, content in exports.files(catalog).items():
        files.append(File.generated(config, path, content=content))
    return files


# MkDocs looks for changed files every 0.5 s: on average a quarter of a second of the one second
# from a save to the page. The watcher's threads read their interval on every round.
POLL_SECONDS = 0.1


def on_serve(server, config, builder):
    """Look for changes every POLL_SECONDS; also rebuild when a file in an $OCPP_DATA folder outside the project changes."""
    observer = server.observer
    observer._timeout = POLL_SECONDS  # for the folders watched from here on (config.watch)
    for emitter in observer.emitters:  # docs/ and mkdocs.yml, watched already
        emitter._timeout = POLL_SECONDS
    server.build_delay = POLL_SECONDS / 2  # then waits this long for more changes (MkDocs: 0.1 s)
    folder = str(data_dir(config))
    if folder not in [str(Path(path).resolve()) for path in config.watch]:
        server.watch(folder)
    return server


NAV_ORDER = ["index.md", "enums/", "codelists/", "requirements.md", "changes.md", "ocpp16.md", "all.md"]  # top level; anything else goes last


def on_nav(nav, config, files):
    """Order the top level as NAV_ORDER; title enums/ "Enumerations" and group its pages by first letter.

    With `navigation.prune` a page's sidebar holds only its own group's enums, not all of them:
    the sidebar is rendered into every page, so a flat list of every enum makes the build
    quadratic in the number of enums (the benchmark's scaling figure).
    """

    def key(item) -> int:
        sections = {"Enums": "enums/", "Codelists": "codelists/", "Code lists": "codelists/"}
        where = sections.get(item.title) if item.is_section else getattr(item, "file", None) and item.file.src_uri
        return NAV_ORDER.index(where) if where in NAV_ORDER else len(NAV_ORDER)

    nav.items.sort(key=key)
    for section in nav.items:
        if section.is_section and section.title == "Enums":
            section.title = "Enumerations"
            section.children = _by_letter(section)
        elif section.is_section and section.title == "Codelists":
            section.title = "Code lists"
    # MkDocs linked each page to its neighbours in the old order (<link rel="prev/next">): relink.
    nav.pages = list(_pages(nav.items))
    for before, page, after in zip([None, *nav.pages], nav.pages, [*nav.pages[1:], None]):
        page.previous_page, page.next_page = before, after
    _this_build["nav"] = nav
    return nav


GROUP_SIZE = 30  # at most this many enum links in one sidebar group (the largest letter has 22 today)


def _by_letter(section: Section) -> list:
    """The section's index page first, then one sub-section per initial letter, in name order.

    A letter with more than GROUP_SIZE enumerations is split into runs of GROUP_SIZE, titled by
    their first and last names, so that a page's sidebar stays about the same size however many
    enumerations the data holds.
    """
    pages = sorted((c for c in section.children if c.is_page and c.file.src_uri != "enums/index.md"), key=lambda p: p.file.name)
    groups = []
    for letter, run in itertools.groupby(pages, key=lambda p: p.file.name[0].upper()):
        run = list(run)
        if len(run) <= GROUP_SIZE:
            groups.append(_section(letter, run, section))
            continue
        chunks = [run[i : i + GROUP_SIZE] for i in range(0, len(run), GROUP_SIZE)]
        groups.append(_section(letter, [_section(_range_title(chunk), chunk) for chunk in chunks], section))
    return [c for c in section.children if c not in pages] + groups


def _section(title: str, children: list, parent: Section | None = None) -> Section:
    group = Section(title, children)
    group.parent = parent
    for child in children:
        child.parent = group
    return group


def _range_title(pages: list) -> str:
    """A run's title: its first and last name without "EnumType", e.g. "CancelReservationStatus–ChargingState"."""
    first, last = (page.file.name.removesuffix("EnumType") for page in (pages[0], pages[-1]))
    return first if first == last else f"{first}–{last}"


def _pages(items):
    """Pages in reading order, depth first."""
    for item in items:
        if item.is_page:
            yield item
        elif item.is_section:
            yield from _pages(item.children)


def on_env(env, config, files):
    """Every page is read: set the edit links, then (while serving) choose which pages keep their HTML."""
    pages = [file.page for file in files.documentation_pages()]
    for page in pages:
        _set_edit_url(page, config)
    reuse.choose_templates(env, config, _this_build["nav"], pages)
    return env


def _set_edit_url(page, config) -> None:
    """"Edit this page" on an enum or code-list page opens its YAML file, not the generated page."""
    catalog = config[CATALOG_KEY]
    folder = page.file.src_uri.split("/")[0]
    enum = page.file.generated_by and (catalog.enums if folder == "enums" else catalog.codelists if folder == "codelists" else {}).get(page.file.name)
    if enum:
        root = _edit_root(config.repo_url, config.edit_uri, Path(config.docs_dir).name)
        # A data folder outside the repository (an absolute source path) has no file there to edit.
        page.edit_url = root + enum.source if root and not Path(enum.source).is_absolute() else None


def on_page_context(context, page, config, nav):
    """A page whose HTML is taken over from the last build hands it to its stub template."""
    html = reuse.reused_html(page)
    if html is not None:
        context["ocpp_reused"] = html
    return context


@event_priority(-100)  # after every other plugin: the HTML as written
def on_post_page(output, page, config):
    """While serving, keep each page's HTML for the next rebuild."""
    reuse.keep_written(page, output)
    return output


@functools.cache
def _edit_root(repo_url: str | None, edit_uri: str | None, docs: str) -> str | None:
    """Where "edit" links into the repository start, e.g. https://github.com/o/r/edit/main/: edit_uri
    points into docs/ ("edit/main/docs/"), and the data sits beside docs/. None: no edit links."""
    if not repo_url or not edit_uri or not edit_uri.endswith(docs + "/"):
        return None
    return urljoin(repo_url.rstrip("/") + "/", edit_uri.removesuffix(docs + "/"))


# Code tabs Markdown -> the HTML MkDocs made of it. Highlighting the 330 snippets is a quarter of a
# build; a `mkdocs serve` rebuild reuses the HTML of every snippet that did not change (a build
# does all the work). The hook module is loaded once per process, so this outlives rebuilds; each
# rebuild keeps what it used.
_code_html: dict[tuple[str, str], str] = {}
_CODE_REUSED = "<!-- ocpp-code: reused -->"


def _code_key(markdown: str) -> tuple[str, str] | None:
    """The code tabs of a page's Markdown, with the Markdown settings that turn them into HTML.
    Text from the YAML reaches the page escaped, but raw inside the code: hence the first start
    marker and the last end marker."""
    start, end = markdown.find(links.CODE_START), markdown.rfind(links.CODE_END)
    if start < 0 or end < 0:
        return None
    return markdown[start : end + len(links.CODE_END)], _this_build["markdown"]


def on_page_markdown(markdown, page, config, files):
    """While serving, a page whose Markdown was made into HTML before takes that HTML over, and an
    enum page whose code tabs were made into HTML before gets a marker in their place."""
    reuse.take_rendered(page, markdown, files)
    key = page.file.generated_by and getattr(macros, "serving", False) and _code_key(markdown)
    _this_build["code"][page.file.src_uri] = key
    if key and key in _code_html:
        return markdown.replace(key[0], _CODE_REUSED, 1)
    return markdown


@event_priority(100)  # before any plugin (search, autorefs) reads the page's HTML
def on_page_content(html, page, config, files):
    """Take the code markers out of an enum page: put the kept HTML in place of a reuse marker, or
    keep (while serving) the HTML MkDocs just made between the start and end markers."""
    reuse.keep_rendered(page, html)
    if not page.file.generated_by:
        return html
    key = _this_build["code"].get(page.file.src_uri)
    start = html.find(_CODE_REUSED) if key else -1
    if start >= 0:
        code, end = _code_html[key], start + len(_CODE_REUSED)
    else:
        start, end = html.find(links.CODE_START), html.rfind(links.CODE_END)
        if start < 0 or end < 0:
            return html
        code, end = html[start + len(links.CODE_START) : end].strip("\n"), end + len(links.CODE_END)
        if key:
            _code_html[key] = code
    return html[:start] + code + html[end:].removeprefix("\n")  # no marker stays in the page


def _end_build() -> tuple[Path | None, CountHandler | None]:
    """Stop counting warnings; returns this build's staging folder and warning counter."""
    warnings = _this_build.pop("warnings", None)
    for key in ("code", "markdown", "nav"):
        _this_build.pop(key, None)
    if warnings is not None:
        logging.getLogger("mkdocs").removeHandler(warnings)
    return _this_build.pop("staging", None), warnings


def on_post_build(config):
    """Move the finished site into place, unless --strict is about to fail the build on a warning."""
    used = set(_this_build.pop("code", {}).values())
    for key in [key for key in _code_html if key not in used]:  # an edited or removed enum's old code
        del _code_html[key]
    staging, warnings = _end_build()
    real = Path(config[_REAL_SITE_DIR])
    config.site_dir = str(real)
    failed = config.strict and warnings is not None and warnings.get_counts()
    if (counts := reuse.end(succeeded=not failed)) is not None:
        log.info("Pages taken over from the last build: %(written)d written, %(indexed)d indexed, %(rendered)d rendered from Markdown", counts)
    if failed:
        shutil.rmtree(staging, ignore_errors=True)
        return
    old = real.with_name(real.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if real.exists():
        real.rename(old)
    staging.rename(real)
    shutil.rmtree(old, ignore_errors=True)


def on_build_error(error):
    """The build failed after on_config: drop the staging folder; the previous site stays as it was."""
    staging, _ = _end_build()
    reuse.end(succeeded=False)
    if staging is not None:
        shutil.rmtree(staging, ignore_errors=True)
