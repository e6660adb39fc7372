"""objects.inv: every enum and value, each resolving on the site, usable from Sphinx and from MkDocs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import sphobjinv
from bs4 import BeautifulSoup
from conftest import BUILD_ENV
from test_links import scan, site_file

# A cross-reference to each kind of entry, and to values whose names carry a dot or a dash.
TARGETS = [
    ("ConnectorStatusEnumType.Occupied", "enums/ConnectorStatusEnumType/#Occupied"),
    ("ConnectorStatusEnumType", "enums/ConnectorStatusEnumType/"),
    ("MeasurandEnumType.Energy.Active.Import.Register", "enums/MeasurandEnumType/#Energy.Active.Import.Register"),
    ("PhaseEnumType.L1-N", "enums/PhaseEnumType/#L1-N"),
]
HOSTED = "https://ocpp-enums.example.org/"  # stands for where a reader hosts the site


@pytest.fixture(scope="module")
def inventory(site) -> sphobjinv.Inventory:
    return sphobjinv.Inventory(fname_zlib=site / "objects.inv")


def test_inventory_names_every_enum_and_value_once(inventory, catalog):
    names = [obj.name for obj in inventory.objects if obj.domain == "py"]  # the 1.6 names (domain ocpp16) are checked in test_ocpp16.py
    expected = [*catalog.enums, *(f"{e.name}.{v.name}" for e in catalog.enums.values() for v in e.values)]
    assert len(names) == len(set(names))
    assert set(names) == set(expected)
    assert inventory.project == "OCPP 2.1 enumerations"


def test_enums_are_classes_and_values_are_attributes(inventory, catalog):
    for obj in (o for o in inventory.objects if o.domain not in ("ocpp16", "codelist", "req")):  # those domains: test_ocpp16, test_codelists, test_requirements
        role = "class" if obj.name in catalog.enums else "attribute"
        assert (obj.domain, obj.role) == ("py", role), obj.name


def test_every_entry_resolves_to_a_page_and_an_element_id(inventory, site):
    for obj in inventory.objects:
        path, _, anchor = obj.uri_expanded.partition("#")
        page = site_file(site, path)
        assert page is not None and page.suffix == ".html", obj.uri_expanded
        assert not anchor or anchor in scan(page).ids, obj.uri_expanded


def test_entries_follow_the_public_url_scheme(inventory, catalog):
    for obj in (o for o in inventory.objects if o.domain == "py"):
        enum, _, value = obj.name.partition(".")
        assert obj.uri_expanded == f"enums/{enum}/" + (f"#{value}" if value else ""), obj.name


# ---------------------------------------------------------------------------
# Sphinx with intersphinx
# ---------------------------------------------------------------------------


def sphinx_conf(base: str) -> str:
    """The lines a Sphinx project adds to its conf.py, as the README gives them."""
    return f'extensions = ["sphinx.ext.intersphinx"]\nintersphinx_mapping = {{"ocpp": ("{base}", None)}}\n'


def build_sphinx(folder: Path, base: str, body: str) -> subprocess.CompletedProcess:
    """Build a one-page Sphinx project whose conf.py is `sphinx_conf(base)`; nitpicky, and warnings are errors."""
    source = folder / "source"
    source.mkdir(parents=True)
    (source / "conf.py").write_text('project = "Charger firmware"\n' + sphinx_conf(base), encoding="utf-8")
    (source / "index.rst").write_text(f"Charger firmware\n================\n\n{body}\n", encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-E", "-n", str(source), str(folder / "html")],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _external_links(html: Path) -> dict[str, str]:
    """Link text -> href of every link to another site on a built page."""
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    return {a.get_text(): a["href"] for a in soup.select("a[href]") if a["href"].startswith("http")}


def test_sphinx_intersphinx_links_enums_and_values_to_their_anchors(tmp_path, base_url):
    roles = [f":py:{'attr' if '.' in name else 'class'}:`{name}`" for name, _ in TARGETS]
    result = build_sphinx(tmp_path, base_url, "See " + ", ".join(roles) + ".")
    assert result.returncode == 0, result.stderr[-3000:]
    links = _external_links(tmp_path / "html" / "index.html")
    for name, url in TARGETS:
        assert links.get(name) == base_url + url, name


def test_sphinx_fails_on_a_value_the_inventory_lacks(tmp_path, base_url):
    result = build_sphinx(tmp_path, base_url, "See :py:attr:`ConnectorStatusEnumType.Nope`.")
    assert result.returncode != 0
    assert "ConnectorStatusEnumType.Nope" in result.stderr


# ---------------------------------------------------------------------------
# MkDocs with mkdocstrings and autorefs
# ---------------------------------------------------------------------------


def mkdocs_plugins(inventory_entry: str) -> str:
    """The plugins block a MkDocs project adds to its mkdocs.yml, as the README gives it."""
    return (
        "plugins:\n"
        "  - autorefs\n"
        "  - mkdocstrings:\n"
        "      handlers:\n"
        "        python:\n"
        "          inventories:\n"
        f"            - {inventory_entry}\n"
    )


def build_mkdocs(folder: Path, inventory_entry: str, body: str) -> subprocess.CompletedProcess:
    """Build a one-page MkDocs project importing the inventory; strict, so an unresolved reference fails."""
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text(f"# Charger firmware\n\n{body}\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text("site_name: Charger firmware\n" + mkdocs_plugins(inventory_entry), encoding="utf-8")
    # mkdocstrings caches a downloaded inventory for a day under the user's cache folder: keep this one private.
    env = {**BUILD_ENV, "XDG_CACHE_HOME": str(folder / "cache")}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(folder / "mkdocs.yml"), "-d", str(folder / "site")],
        cwd=folder,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize("source", ["served", "local file"])
def test_mkdocs_autorefs_links_enums_and_values_to_their_anchors(tmp_path, site, base_url, source):
    if source == "served":
        entry, base = f"{base_url}objects.inv", base_url
    else:  # a copy on disk, with the address the links should point at
        entry, base = f"{{url: '{(site / 'objects.inv').as_uri()}', base_url: '{HOSTED}'}}", HOSTED
    result = build_mkdocs(tmp_path, entry, "See " + ", ".join(f"[{name}][]" for name, _ in TARGETS) + ".")
    assert result.returncode == 0, result.stderr[-3000:]
    links = _external_links(tmp_path / "site" / "index.html")
    for name, url in TARGETS:
        assert links.get(name) == base + url, name


def test_mkdocs_fails_on_a_value_the_inventory_lacks(tmp_path, base_url):
    result = build_mkdocs(tmp_path, f"{base_url}objects.inv", "See [ConnectorStatusEnumType.Nope][].")
    assert result.returncode != 0
    assert "ConnectorStatusEnumType.Nope" in result.stderr
