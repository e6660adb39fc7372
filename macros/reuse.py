"""What a `mkdocs serve` rebuild takes over from the last good build: the work done for pages
whose inputs did not change.

A page goes through three costly steps: Markdown to HTML, the search plugin's indexing, and the
theme's template. Each result is kept under a key made of everything that step reads, so a kept
result is, by construction, what the step would make again:
- Markdown to HTML: the page's final Markdown (after the macros), its path, the site's files (links
  resolve against them) and the settings.
- indexing: the page's URL, title, HTML, table of contents and front matter.
- template: the page's HTML, title, table of contents, front matter, edit link, neighbours, the
  whole navigation (every page's title and URL) and the settings.
The settings are mkdocs.yml, the theme's files, the build code and the few values set from
outside the files (the footer from data/source.yaml, the site URL, the data folder): when any of
them changes, nothing is kept. An edit to one enumeration's YAML changes the Markdown of its own
page and of the pages that list it (index, all-in-one, changes...), so those are made again and
every other page is taken over. `mkdocs build` never uses this module: each build does all the work.

The kept results live on the `macros` package, which outlives the hook module (MkDocs loads
hooks.py afresh for each rebuild); only a build that ends without a warning replaces them.
"""

from __future__ import annotations

import copy
import hashlib
import os
from importlib import metadata
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from mkdocs.utils import get_build_date

import macros

TEMPLATE = "ocpp-reused.html"  # a page whose whole HTML is kept gets this template: it writes that HTML
_RESERVED = "template"  # the front-matter key the stub is set under


@dataclass
class Store:
    """One build's kept results, by key."""

    settings: str = ""
    rendered: dict = field(default_factory=dict)  # key -> _Rendered
    indexed: dict = field(default_factory=dict)  # key -> [search entries]
    written: dict = field(default_factory=dict)  # key -> the page's HTML file


@dataclass
class _Rendered:
    html: str
    toc: object
    title: str | None
    anchors: set | None
    links: dict | None  # {linked file's src_uri: {anchor: link}}


@dataclass
class _Build:
    """The build in progress: what it found in the store and what it made."""

    old: Store
    new: Store
    files_key: str = ""
    written_key: dict = field(default_factory=dict)  # src_uri -> key of its HTML file, if not reused
    reused: dict = field(default_factory=dict)  # src_uri -> kept HTML of the whole page
    counts: dict = field(default_factory=lambda: {"rendered": 0, "indexed": 0, "written": 0})


_build: _Build | None = None


class _Compiled(jinja2.BytecodeCache):
    """Compiled templates in memory, on the `macros` package (Jinja keys them by name and source)."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = getattr(macros, "compiled_templates", {}).get(bucket.key)
        if code is not None and code[0] == bucket.checksum:
            bucket.code = code[1]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if not hasattr(macros, "compiled_templates"):
            macros.compiled_templates = {}
        macros.compiled_templates[bucket.key] = (bucket.checksum, bucket.code)


_compiled = _Compiled()


def _digest(*parts) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        # A page's HTML or Markdown goes in as it is (repr would copy it twice); anything else as its repr.
        data = (part if isinstance(part, str) else repr(part)).encode("utf-8", "surrogatepass")
        hasher.update(f"{type(part).__name__}:{len(data)}:".encode())
        hasher.update(data)
    return hasher.hexdigest()


def _stats(folder: Path, pattern: str = "*") -> list:
    return sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob(pattern) if p.is_file())


def code_files(folder: Path) -> list:
    """The build code's files with their times and sizes: they change when the code is edited."""
    return _stats(folder, "*.py")


def settings_key(config, code: list) -> str:
    """Everything every page depends on besides its own inputs; see the module's docstring. The
    theme's own templates are those of its installed version; the site's overrides are files."""
    return _digest(
        Path(config.config_file_path).read_bytes(),
        _stats(Path(config.theme.custom_dir)) if config.theme.custom_dir else None,
        [(name, metadata.version(name)) for name in ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "Markdown", "pymdown-extensions", "Jinja2")],
        code,
        config.copyright, config.site_url, config.repo_url, config.edit_uri, config.use_directory_urls,
        os.environ.get("OCPP_DATA"), get_build_date(),
    )


def begin(config, code: list) -> None:
    """Start a serve rebuild: keep the store only if the settings are those of the build that made it."""
    global _build
    settings = settings_key(config, code)
    old = getattr(macros, "reuse_store", None)
    if old is None or old.settings != settings:
        old = Store(settings=settings)
    _build = _Build(old=old, new=Store(settings=settings))
    _list_theme_files_once(config.theme, settings)


def _list_theme_files_once(theme, settings: str) -> None:
    """MkDocs lists the theme's files (Material's: over 14,000, its icons) on every build to find
    its static files; list them once for a given set of settings."""
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        list_templates = env.list_templates

        def listed_once(extensions=None, filter_func=None) -> list[str]:
            key = (settings, extensions, getattr(filter_func, "__code__", filter_func))
            kept = getattr(macros, "theme_files", None)
            if kept is None or kept[0] != key:
                kept = macros.theme_files = (key, list_templates(extensions=extensions, filter_func=filter_func))
            return list(kept[1])

        env.list_templates = listed_once
        return env

    theme.get_env = get_env


def active() -> bool:
    return _build is not None


def _files_key(files) -> str:
    return _digest(sorted((f.src_uri, f.dest_uri, f.url) for f in files))


def take_rendered(page, markdown: str, files) -> None:
    """Before Markdown is made into HTML: a page whose Markdown was made into HTML before gets
    that HTML (and what rendering records) instead of being rendered again."""
    if _build is None:
        return
    if not _build.files_key:
        _build.files_key = _files_key(files)
    key = _digest(_build.files_key, page.file.src_uri, markdown)
    page.ocpp_rendered_key = key
    kept = _build.old.rendered.get(key)
    if kept is None:
        return
    _build.counts["rendered"] += 1

    def render(config, files) -> None:  # in place of Page.render, for this page object only
        page.content, page.toc, page._title_from_render = kept.html, kept.toc, kept.title
        page.present_anchor_ids = set(kept.anchors) if kept.anchors is not None else None
        if kept.links is not None:
            page.links_to_anchors = {files.get_file_from_path(src): dict(links) for src, links in kept.links.items()}

    page.render = render


def keep_rendered(page, html: str) -> None:
    """Right after Markdown became HTML (before any plugin changes it): keep the result."""
    key = getattr(page, "ocpp_rendered_key", None)
    if _build is None or key is None:
        return
    links = page.links_to_anchors
    _build.new.rendered[key] = _Rendered(
        html, page.toc, page._title_from_render, set(page.present_anchor_ids) if page.present_anchor_ids is not None else None,
        {f.src_uri: dict(anchors) for f, anchors in links.items()} if links is not None else None,
    )


def _meta(page) -> dict:
    """The front matter, without the stub template this module may have set (a page's own `template:` stays)."""
    return {k: v for k, v in page.meta.items() if not (k == _RESERVED and v == TEMPLATE)}


def _nav_key(items) -> list:
    return [(type(i).__name__, i.title, getattr(i, "url", None), _nav_key(i.children) if i.children else None) for i in items]


def _neighbour(page) -> tuple | None:
    return (page.title, page.url) if page is not None else None


def choose_templates(env: jinja2.Environment, config, nav, pages) -> None:
    """Before the pages are written: a page whose HTML file would come out as before gets the
    stub template, and the search index takes over the entries of a page it indexed before."""
    if _build is None:
        return
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({TEMPLATE: "{{ ocpp_reused }}"}), env.loader])
    # MkDocs makes a new environment per build, which compiles every template again; Jinja checks
    # each kept compilation against its template's source.
    env.bytecode_cache = _compiled
    nav_key = _digest(_nav_key(nav.items))
    for page in pages:
        key = _digest(
            nav_key, page.file.src_uri, page.url, page.title, page.content, str(page.toc), _meta(page), page.edit_url,
            _neighbour(page.previous_page), _neighbour(page.next_page),
        )
        kept = _build.old.written.get(key)
        if kept is None:
            _build.written_key[page.file.src_uri] = key
        else:
            _build.new.written[key] = kept
            _build.reused[page.file.src_uri] = kept
            page.meta[_RESERVED] = TEMPLATE
            _build.counts["written"] += 1
    index = next((p.search_index for p in config.plugins.values() if hasattr(p, "search_index")), None)
    if index is not None:
        _index_with_memory(index)


def _index_with_memory(index) -> None:
    """Wrap the search index's per-page indexing so that a page indexed before is not parsed again."""
    original = index.add_entry_from_context

    def add_entry_from_context(page) -> None:
        key = _digest(page.url, page.title, page.content, str(page.toc), _meta(page))
        kept = _build.old.indexed.get(key) if _build else None
        if kept is not None:
            _build.counts["indexed"] += 1
            index.entries.extend(copy.deepcopy(kept))
        else:
            before = len(index.entries)
            original(page)
            kept = copy.deepcopy(index.entries[before:])
        if _build is not None:
            _build.new.indexed[key] = kept

    index.add_entry_from_context = add_entry_from_context


def reused_html(page) -> str | None:
    """The kept HTML of a page that has the stub template, for its context."""
    return _build.reused.get(page.file.src_uri) if _build else None


def keep_written(page, output: str) -> None:
    """After a page's HTML is made: keep it."""
    key = _build.written_key.get(page.file.src_uri) if _build else None
    if key is not None:
        _build.new.written[key] = output


def end(succeeded: bool) -> dict | None:
    """End the rebuild: a build without warnings replaces the store. Returns what was taken over."""
    global _build
    build, _build = _build, None
    if build is None:
        return None
    if succeeded:
        macros.reuse_store = build.new
    return build.counts
