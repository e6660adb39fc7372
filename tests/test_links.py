"""Links: every internal link of the built site resolves, public URLs stay, `enum_link` refuses unknown names.

The crawler is the standard library's html.parser, not LinkChecker: LinkChecker 10.6 cannot check
an anchor on a directory URL (`enums/X/#V`) of a local site, and over HTTP it downloads and parses a
page again for every distinct anchor, about 90 s of CPU for this site; parsing each page once takes 2 s.

`tests/public_urls.txt` is regenerated, for people to review, with

    .venv/bin/python -m tests.test_links --write-public-urls
"""

from __future__ import annotations

import json
import posixpath
import shutil
import sys
import tempfile
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import yaml_load

if __package__:  # run as `python -m tests.test_links`, where conftest is not a top-level module
    from tests.conftest import ROOT, copy_data, mkdocs_build, site_copy
else:
    from conftest import ROOT, copy_data, mkdocs_build, site_copy

from macros.catalog import assemble, model, ocpp16
from macros.pages import links
from macros.sources import sync

LINK_ATTRIBUTE = {"a": "href", "link": "href", "script": "src", "img": "src"}
PUBLIC_URLS = Path(__file__).with_name("public_urls.txt")
DOWNLOADS = ["codelists.csv", "codelists.json", "codelists.schema.json", "enums.csv", "enums.json", "enums.schema.json", "objects.inv",
             "ocpp16.json", "ocpp16.schema.json"]
_BASE = "http://site.invalid/"  # stands for the site root when resolving relative URLs


# ---------------------------------------------------------------------------
# The checker
# ---------------------------------------------------------------------------


class _PageScan(HTMLParser):
    """The element ids of one HTML page and its links as (tag, url) pairs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):  # the older way to name an anchor; browsers honour it
            self.ids.add(attrs["name"])
        url = attrs.get(LINK_ATTRIBUTE.get(tag, ""))
        if url is not None:
            self.links.append((tag, url))


@cache
def scan(path: Path) -> _PageScan:
    """Ids and links of an HTML file, parsed once."""
    parser = _PageScan()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


def site_file(site: Path, path: str) -> Path | None:
    """The file a site-relative URL path is served from ("enums/X/" -> enums/X/index.html), or None."""
    target = site / unquote(posixpath.normpath("/" + path).lstrip("/"))
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def resolve(page: str, url: str) -> tuple[str, str] | None:
    """(site-relative path, decoded fragment) a link on `page` (a file path in the site) points to; None if external."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    target = urlsplit(urljoin(_BASE + page, url))
    return target.path.lstrip("/"), unquote(target.fragment)


def check_links(site: Path) -> tuple[int, list[str]]:
    """Check every internal href/src of every HTML page of a built site: (links checked, problems)."""
    checked, problems = 0, []
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        for tag, url in scan(path).links:
            target = resolve(page, url)
            if target is None:
                continue
            checked += 1
            file = site_file(site, target[0])
            if file is None:
                problems.append(f"{page}: <{tag}> {url!r}: no such file")
            elif target[1] and file.suffix == ".html" and target[1] not in scan(file).ids:
                problems.append(f"{page}: <{tag}> {url!r}: no element with id {target[1]!r} in {file.relative_to(site).as_posix()}")
    return checked, problems


# ---------------------------------------------------------------------------
# Public URLs
# ---------------------------------------------------------------------------


def public_urls(site: Path, catalog: model.Catalog) -> list[str]:
    """Every page of a built site (each enum page followed by its value anchors), then the downloads."""
    urls = []
    pages = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html"))
    for page in pages:
        page = page.removeprefix("./")
        urls.append("/" + page)
        name = page.removeprefix("enums/").removesuffix("/")
        if page == f"enums/{name}/" and name in catalog.enums:
            urls += [f"/{page}#{value.name}" for value in catalog.enums[name].values]
            urls += [f"/{page}#in-ocpp-16"] if ocpp16.mapped_to(catalog.ocpp16, name) else []
        code = page.removeprefix("codelists/").removesuffix("/")
        if page == f"codelists/{code}/" and code in catalog.codelists:
            urls += [f"/{page}#{value.name}" for value in catalog.codelists[code].values]
        if page == links.REQUIREMENTS_URL and catalog.requirements:  # each use case, then its requirements
            urls += [f"/{links.requirement_url(x)}" for u in catalog.requirements.use_cases for x in (u.id, *(r.id for r in u.requirements))]
        if page == links.OCPP16_URL:  # each 1.6 type, then its values
            urls += [f"/{links.ocpp16_url(t.name, v)}" for t in catalog.ocpp16 for v in (None, *(v.name for v in t.values))]
    return urls + [f"/{name}" for name in DOWNLOADS]


def read_public_urls(path: Path = PUBLIC_URLS) -> list[str]:
    """The reviewed list, without its comment lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def write_public_urls(path: Path = PUBLIC_URLS) -> int:
    """Build the site and write its public URLs to `path`; returns how many."""
    with tempfile.TemporaryDirectory() as tmp:
        result = mkdocs_build(Path(tmp) / "site")
        if result.returncode != 0:
            raise SystemExit(result.stderr[-4000:])
        urls = public_urls(Path(tmp) / "site", assemble.load_catalog(ROOT / "data"))
    header = (
        "# Public URLs of the site, relative to where it is hosted: every page, every value anchor, every download.\n"
        "# tests/test_links.py fails when a build no longer serves one, unless the redirects block of mkdocs.yml\n"
        "# maps the old page to an existing one. Regenerate, then review the diff:\n"
        "#     .venv/bin/python -m tests.test_links --write-public-urls\n"
    )
    path.write_text(header + "".join(f"{url}\n" for url in urls), encoding="utf-8")
    return len(urls)


def redirect_maps(config: Path) -> dict[str, str]:
    """The `redirects` plugin's redirect_maps of an mkdocs.yml (old page source -> new page source)."""
    with config.open("rb") as file:
        plugins = yaml_load(file).get("plugins", [])
    for plugin in plugins:
        if isinstance(plugin, dict) and "redirects" in plugin:
            return dict((plugin["redirects"] or {}).get("redirect_maps") or {})
    return {}


def _sources(path: str) -> list[str]:
    """Page sources a site path may come from: "" -> index.md; "a/" -> a.md or a/index.md."""
    if path == "":
        return ["index.md"]
    if path.endswith("/"):
        return [path.rstrip("/") + ".md", path + "index.md"]
    return []  # a download: it cannot be redirected


def _page_path(source: str) -> str:
    """Site path of a page source: "index.md" -> ""; "enums/index.md" -> "enums/"; "a.md" -> "a/"."""
    stem = source.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def lost_public_urls(site: Path, urls: list[str], redirects: dict[str, str]) -> list[str]:
    """The listed URLs a built site no longer serves, each with why; a page in `redirects` must redirect to one it does."""
    lost = []
    for url in urls:
        path, _, anchor = url.lstrip("/").partition("#")
        moved = [source for source in _sources(path) if source in redirects]
        if moved:
            target_source, _, target_anchor = redirects[moved[0]].partition("#")
            target = site_file(site, _page_path(target_source))
            if target is None or (target_anchor and target_anchor not in scan(target).ids):
                lost.append(f"{url}: redirected to {redirects[moved[0]]!r}, which the site does not serve")
            elif site_file(site, path) is None:
                lost.append(f"{url}: redirected in mkdocs.yml, but the build wrote no redirect page")
            continue
        file = site_file(site, path)
        if file is None:
            lost.append(f"{url}: no such page")
        elif anchor and anchor not in scan(file).ids:
            lost.append(f"{url}: no element with id {anchor!r}")
    return lost


# ---------------------------------------------------------------------------
# A modified copy of the site
# ---------------------------------------------------------------------------


# ---------------------------------------------------------------------------
# Tests: the link checker
# ---------------------------------------------------------------------------


def test_every_internal_link_and_anchor_resolves(site, catalog):
    checked, problems = check_links(site)
    assert problems == []
    assert checked > 2 * sum(len(enum.values) for enum in catalog.enums.values())  # the walk reached the pages: each value has a permalink and a table-of-contents link


def _write(path: Path, html: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><head></head><body>{html}</body></html>", encoding="utf-8")


def test_checker_reports_each_kind_of_broken_link(tmp_path):
    _write(
        tmp_path / "index.html",
        '<h1 id="top">Home</h1>'
        '<a href="page/">ok</a><a href="page/#here">ok</a><a href="#top">ok</a><a href="https://example.org/x#y">external</a>'
        '<script src="app.js"></script><a href="/page/#here">ok</a>'
        '<a href="#nowhere">1</a><a href="missing/">2</a><a href="page/#gone">3</a><img src="logo.png"><link href="style.css">',
    )
    _write(tmp_path / "page" / "index.html", '<h2 id="here">Here</h2><a href="../#top">ok</a><a href="..">ok</a>')
    (tmp_path / "app.js").write_text("", encoding="utf-8")
    checked, problems = check_links(tmp_path)
    assert problems == [
        "index.html: <a> '#nowhere': no element with id 'nowhere' in index.html",
        "index.html: <a> 'missing/': no such file",
        "index.html: <a> 'page/#gone': no element with id 'gone' in page/index.html",
        "index.html: <img> 'logo.png': no such file",
        "index.html: <link> 'style.css': no such file",
    ]
    assert checked == 12


def test_checker_finds_a_broken_anchor_in_the_real_site(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "enums" / "ConnectorStatusEnumType" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace('href="#Occupied"', 'href="#Ocupied"'), encoding="utf-8")
    _, problems = check_links(copy)
    assert problems and all("'#Ocupied': no element with id 'Ocupied'" in p for p in problems)
    assert len(problems) == html.count('href="#Occupied"')


# ---------------------------------------------------------------------------
# Tests: public URLs
# ---------------------------------------------------------------------------


def test_every_public_url_is_still_served(site):
    urls = read_public_urls()
    assert len(urls) == len(set(urls)), "public_urls.txt lists a URL twice"
    assert lost_public_urls(site, urls, redirect_maps(ROOT / "mkdocs.yml")) == []


def test_public_urls_list_every_page_and_value_anchor_of_the_build(site, catalog):
    missing = [url for url in public_urls(site, catalog) if url not in set(read_public_urls())]
    assert missing == [], "new public URLs: regenerate tests/public_urls.txt (see tests/test_links.py) and review it"


def test_public_urls_cover_every_enum_and_value(catalog):
    urls = set(read_public_urls())
    for name, enum in catalog.enums.items():
        assert f"/enums/{name}/" in urls
        assert {f"/enums/{name}/#{v.name}" for v in enum.values} <= urls


def _build_without_phase_enum(folder: Path, redirects: dict[str, str], pages: dict[str, str] | None = None) -> tuple[Path, Path]:
    """Build a copy of the site whose data lacks PhaseEnumType: (site, config)."""
    data = copy_data(folder / "data")
    (data / "enums" / "PhaseEnumType.yaml").unlink()
    # The 1.6 Phase values map to PhaseEnumType: here they map to nothing, so the 1.6 page keeps its anchors.
    mapping = yaml.safe_load((data / "ocpp16.yaml").read_text(encoding="utf-8"))
    for value in next(t for t in mapping["types"] if t["name"] == "Phase")["values"]:
        value.update(kind="none", note="No PhaseEnumType in this data.", replacement="none")
        value.pop("targets")
    (data / "ocpp16.yaml").write_text(sync.dump(mapping, sync.OCPP16_LINE), encoding="utf-8")
    config = site_copy(folder / "project", redirects=redirects, pages=pages)
    result = mkdocs_build(folder / "site", data, config=config)
    assert result.returncode == 0, result.stderr[-4000:]
    return folder / "site", config


@pytest.fixture(scope="module")
def dropped_site(tmp_path_factory) -> tuple[Path, Path]:
    """The site without PhaseEnumType and no redirect, plus a nested guide page calling enum_link."""
    guide = (
        '# Guide\n\nSee {{ enum_link("ConnectorStatusEnumType") }} and '
        '{{ enum_link("MeasurandEnumType", "Energy.Active.Import.Register") }}.\n'
    )
    return _build_without_phase_enum(tmp_path_factory.mktemp("dropped"), {}, {"guide/linking.md": guide})


@pytest.fixture(scope="module")
def redirected_site(tmp_path_factory) -> tuple[Path, Path]:
    """The site without PhaseEnumType, its page redirected to the index by mkdocs.yml."""
    return _build_without_phase_enum(tmp_path_factory.mktemp("redirected"), {"enums/PhaseEnumType.md": "enums/index.md"})


def _phase_enum_urls(catalog) -> list[str]:
    return ["/enums/PhaseEnumType/"] + [f"/enums/PhaseEnumType/#{v.name}" for v in catalog.enums["PhaseEnumType"].values] + ["/enums/PhaseEnumType/#in-ocpp-16"]


def test_dropping_a_page_loses_its_public_urls(dropped_site, catalog):
    site, config = dropped_site
    lost = lost_public_urls(site, read_public_urls(), redirect_maps(config))
    assert lost == [f"{url}: no such page" for url in _phase_enum_urls(catalog)]


def test_a_redirect_keeps_a_dropped_pages_urls(redirected_site, catalog):
    site, config = redirected_site
    assert redirect_maps(config) == {"enums/PhaseEnumType.md": "enums/index.md"}
    assert lost_public_urls(site, read_public_urls(), redirect_maps(config)) == []
    stub = BeautifulSoup((site / "enums" / "PhaseEnumType" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert resolve("enums/PhaseEnumType/index.html", stub.select_one("link[rel=canonical]")["href"]) == ("enums/", "")


def test_a_redirect_counts_only_when_the_build_serves_it(dropped_site):
    site, _ = dropped_site
    lost = lost_public_urls(site, ["/enums/PhaseEnumType/"], {"enums/PhaseEnumType.md": "enums/index.md"})
    assert lost == ["/enums/PhaseEnumType/: redirected in mkdocs.yml, but the build wrote no redirect page"]
    lost = lost_public_urls(site, ["/enums/PhaseEnumType/"], {"enums/PhaseEnumType.md": "enums/NoSuchPage.md"})
    assert lost == ["/enums/PhaseEnumType/: redirected to 'enums/NoSuchPage.md', which the site does not serve"]


def test_redirects_read_from_a_config_file(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - search\n  - redirects:\n      redirect_maps:\n        old.md: new.md\n", encoding="utf-8")
    assert redirect_maps(config) == {"old.md": "new.md"}


# ---------------------------------------------------------------------------
# Tests: the enum_link macro
# ---------------------------------------------------------------------------


def _link_target(site: Path, page: str, text: str) -> str:
    """Site-relative URL ("path#fragment") of the link whose text is `text` on a built page."""
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    link = next(a for a in soup.select("article a[href]") if a.get_text() == text)
    path, fragment = resolve(page, link["href"])
    return path + (f"#{fragment}" if fragment else "")


def test_enum_link_on_the_home_page_points_at_the_value_anchor(site):
    assert _link_target(site, "index.html", "Occupied") == "enums/ConnectorStatusEnumType/#Occupied"


def test_enum_link_links_an_enum_and_a_value_from_a_nested_page(dropped_site):
    site, _ = dropped_site
    assert _link_target(site, "guide/linking/index.html", "ConnectorStatusEnumType") == "enums/ConnectorStatusEnumType/"
    target = _link_target(site, "guide/linking/index.html", "Energy.Active.Import.Register")
    assert target == "enums/MeasurandEnumType/#Energy.Active.Import.Register"
    file = site_file(site, "enums/MeasurandEnumType/")
    assert "Energy.Active.Import.Register" in scan(file).ids


@pytest.mark.parametrize(
    "call,message",
    [
        ('enum_link("NoSuchEnumType")', "enum_link: no enumeration named 'NoSuchEnumType'"),
        ('enum_link("ConnectorStatusEnumType", "Nope")', "enum_link: ConnectorStatusEnumType has no value 'Nope'"),
    ],
)
def test_enum_link_to_an_unknown_name_fails_the_build(tmp_path, call, message):
    config = site_copy(tmp_path / "project", pages={"broken.md": f"# Broken\n\nSee {{{{ {call} }}}}.\n"})
    result = mkdocs_build(tmp_path / "site", config=config)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert message in output and "broken.md" in output  # says what is wrong and on which page


# ---------------------------------------------------------------------------
# Tests: the all-in-one page
# ---------------------------------------------------------------------------


def test_all_page_links_every_enum_page_and_value_anchor_in_order(site, catalog):
    article = BeautifulSoup((site / "all" / "index.html").read_text(encoding="utf-8"), "html.parser").select_one("article")
    for name, enum in catalog.enums.items():
        heading = article.find("h2", id=name)
        assert heading is not None, name
        section = [heading]
        for element in heading.find_next_siblings():
            if element.name == "h2":
                break
            section.append(element)
        targets = []
        for link in (a for element in section for a in element.select("a[href]:not(.headerlink)")):
            path, fragment = resolve("all/index.html", link["href"])
            targets.append(path + (f"#{fragment}" if fragment else ""))
        assert f"enums/{name}/" in targets, f"{name}: no link to its page"
        terms = [resolve("all/index.html", a["href"]) for element in section for a in element.select("dt > a[href]")]
        assert [f"{path}#{fragment}" for path, fragment in terms] == [f"enums/{name}/#{v.name}" for v in enum.values], name
        # Names in the explanations link to values too; every link resolves (checked for the whole site above).


def test_all_page_is_left_out_of_site_search(site, catalog):
    locations = [doc["location"] for doc in json.loads((site / "search" / "search_index.json").read_text())["docs"]]
    assert [loc for loc in locations if loc.startswith("all/")] == []
    assert {f"enums/{name}/" for name in catalog.enums} <= set(locations)  # the index is the real one, not empty


if __name__ == "__main__":
    if sys.argv[1:] != ["--write-public-urls"]:
        raise SystemExit("usage: python -m tests.test_links --write-public-urls")
    print(f"wrote {write_public_urls()} URLs to {PUBLIC_URLS.relative_to(ROOT)}")
