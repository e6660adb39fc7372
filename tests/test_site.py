"""The built site: a page per enum with every value anchored, the index, usages, marks, changes page."""

from __future__ import annotations

import posixpath
import re
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import copy_data, mkdocs_build

from macros.hooks import GROUP_SIZE


@cache
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(site: Path, url: str) -> BeautifulSoup:
    """The main content of a built page, e.g. url "enums/PhaseEnumType/"."""
    return _soup(site / url / "index.html").select_one("article.md-content__inner")


def test_every_enum_has_a_page_titled_with_its_name(site, catalog):
    pages = sorted(p.parent.name for p in (site / "enums").glob("*/index.html"))
    assert pages == sorted(catalog.enums)
    for name in catalog.enums:
        assert article(site, f"enums/{name}/").h1.get_text(strip=True).rstrip("#") == name


def test_every_value_has_a_unique_anchor_with_a_permalink(site, catalog):
    for name, enum in catalog.enums.items():
        page = article(site, f"enums/{name}/")
        ids = [el["id"] for el in _soup(site / "enums" / name / "index.html").select("[id]")]
        assert len(ids) == len(set(ids)), f"{name}: duplicate ids {[i for i in ids if ids.count(i) > 1]}"
        headings = [h for h in page.select("h3[id]")]
        assert [h["id"] for h in headings] == [v.name for v in enum.values], name
        for heading in headings:
            assert heading.select_one("a.headerlink")["href"] == f"#{heading['id']}"


@pytest.mark.parametrize("enum,value", [("PhaseEnumType", "L1-N"), ("MeasurandEnumType", "Energy.Active.Import.Register"),
                                         ("DERUnitEnumType", "Not_Applicable"), ("CostDimensionEnumType", "IdleTIme"),
                                         ("ChargingRateUnitEnumType", "W")])
def test_value_anchor_is_the_value_verbatim(site, enum, value):
    heading = article(site, f"enums/{enum}/").find(id=value)
    assert heading is not None and heading.name == "h3"
    assert heading.get_text(strip=True).rstrip("#") == value


def test_index_lists_and_links_every_enum_with_counts(site, catalog):
    rows = article(site, "enums/").select(".ocpp-index table tbody tr")
    assert len(rows) == len(catalog.enums)
    for row, enum in zip(rows, catalog.enums.values()):
        cells = row.find_all("td")
        assert cells[0].a["href"] == f"{enum.name}/"
        assert cells[1].get_text() == str(len(enum.values))
        assert cells[2].get_text() == str(len(enum.usages))
        words = row["data-filter"].split()
        assert {v.name.lower() for v in enum.values} <= set(words)
        assert {u.message.lower() for u in enum.usages} <= set(words)


def _nav_links(site: Path, url: str) -> list[str]:
    """The sidebar's link targets on a page, as site-relative URLs."""
    links = _soup(site / url / "index.html").select("nav.md-nav--primary a.md-nav__link[href]")
    return [posixpath.normpath(posixpath.join(url, a["href"])).lstrip("./") for a in links if not a["href"].startswith("#")]


def test_navigation_lists_the_enums_alphabetically_by_letter(site, catalog):
    letters = sorted({name[0] for name in catalog.enums})
    on_index = [url for url in _nav_links(site, "enums/") if url.startswith("enums/") and url != "enums"]
    # On the index each letter links to its first enum; on an enum page its letter's enums are all listed.
    assert on_index == [f"enums/{min(n for n in catalog.enums if n[0] == letter)}" for letter in letters]
    listed = []
    for letter in letters:
        first = min(n for n in catalog.enums if n[0] == letter)
        group = [url.removeprefix("enums/") for url in _nav_links(site, f"enums/{first}/") if url.removeprefix("enums/")[:1] == letter]
        listed += group
        for name in group:
            shown = [url.removeprefix("enums/") for url in _nav_links(site, f"enums/{name}/") if url.removeprefix("enums/")[:1] == letter]
            assert shown == group, name
    assert listed == sorted(catalog.enums)


def test_a_letter_with_more_enums_than_a_group_holds_is_split_into_runs(tmp_path):
    data = copy_data(tmp_path / "data")
    for path in sorted((data / "enums").glob("C*.yaml")):  # 22 enumerations under C become 44
        name = path.stem.removesuffix("EnumType") + "CopyEnumType"
        (path.parent / f"{name}.yaml").write_text(path.read_text().replace(f"name: {path.stem}\n", f"name: {name}\n", 1))
    result = mkdocs_build(tmp_path / "site", data)
    assert result.returncode == 0, result.stderr[-3000:]
    names = sorted(path.stem for path in (data / "enums").glob("C*.yaml"))
    assert len(names) > GROUP_SIZE
    listed = []
    for first in names[::GROUP_SIZE]:
        links = _soup(tmp_path / "site" / "enums" / first / "index.html").select("nav.md-nav--primary a.md-nav__link[href]")
        shown = [a.get_text(strip=True) for a in links if a.get_text(strip=True) in names]
        assert shown[0] == first and len(shown) <= GROUP_SIZE, shown
        titles = [a.get_text(strip=True) for a in links if "–" in a.get_text()]
        assert len(titles) == len(names[::GROUP_SIZE]) - 1  # the other runs, each a link to its first page
        listed += shown
    assert listed == names


def test_previous_and_next_links_follow_the_navigation(site, catalog):
    url, visited = "", [""]
    while (link := _soup(site / url / "index.html").select_one('head link[rel="next"]')) is not None:
        url = posixpath.normpath(posixpath.join(url, link["href"])).lstrip("./") + "/"
        back = _soup(site / url / "index.html").select_one('head link[rel="prev"]')["href"]
        assert posixpath.normpath(posixpath.join(url, back)).lstrip("./") + "/" == (visited[-1] or "/"), url
        visited.append(url)
    assert visited == ["", "enums/", *[f"enums/{name}/" for name in sorted(catalog.enums)], "codelists/",
                       *[f"codelists/{name}/" for name in sorted(catalog.codelists)], "requirements/", "changes/", "ocpp16/", "all/"]


def test_descriptions_keep_no_asciidoc_residue(site, catalog):
    for name in catalog.enums:
        page = article(site, f"enums/{name}/")
        text = page.get_text()
        assert "<<" not in text and ">>" not in text, name
        assert "&lt;" not in text and "&gt;" not in text, name
        stray = re.search(r".{0,40} \+(\s|$)", text)
        assert stray is None, f"{name}: stray ' + ' in {stray.group(0)!r}"
        assert "*(2.1)*" not in text and "`" not in text.split("Code")[0], name


def test_residue_renders_as_formatting(site):
    operation_mode = article(site, "enums/OperationModeEnumType/")
    assert operation_mode.select_one(".ocpp-summary em").get_text() == "(2.1)"
    der = article(site, "enums/DERControlEnumType/")
    assert "controlId" in [em.get_text() for em in der.select(".ocpp-usages em")]
    signing = article(site, "enums/CertificateSigningUseEnumType/")
    assert "included in the SignCertificateRequest that requested" in signing.select_one(".ocpp-summary").get_text(" ", strip=True)


def test_enums_without_official_description_say_so(site, catalog):
    missing = [name for name, enum in catalog.enums.items() if not enum.description]
    assert len(missing) == 8
    for name in missing:
        assert "give no description for this enumeration" in article(site, f"enums/{name}/").select_one(".ocpp-summary").get_text()


def test_used_in_lists_every_usage_with_path_sender_and_field_text(site, catalog):
    senders = {"CS->CSMS": "Charging Station → CSMS", "CSMS->CS": "CSMS → Charging Station", "both": "Either side"}
    shown = 0
    for name, enum in catalog.enums.items():
        rows = article(site, f"enums/{name}/").select(".ocpp-usages table tbody tr")
        assert len(rows) == len(enum.usages), name
        for row, usage in zip(rows, enum.usages):
            cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
            names = [td.get_text(strip=True) for td in row.find_all("td")[:2]]  # as copied: <wbr> adds no space
            assert names[0] == usage.message
            assert names[1] == usage.path + ("[]" if usage.is_list else "")
            assert cells[2] == senders[catalog.direction(usage.message)]
            assert cells[3].split(", ") == ["required" if usage.required else "optional"] + (["list"] if usage.is_list else [])
            if usage.description:
                first_words = re.sub(r"[*_`]", "", usage.description).split()[:3]
                assert " ".join(first_words) in cells[4].replace("\n", " "), (name, usage.path)
            shown += 1
    assert shown == 240


def test_defaults_are_stated_and_marked(site, catalog):
    defaults = {name: enum.default for name, enum in catalog.enums.items() if enum.default}
    assert defaults == {"AttributeEnumType": "Actual", "LocationEnumType": "Outlet", "MeasurandEnumType": "Energy.Active.Import.Register",
                        "ReadingContextEnumType": "Sample.Periodic", "MutabilityEnumType": "ReadWrite"}
    for name, value in defaults.items():
        page = article(site, f"enums/{name}/")
        assert page.select_one(f'.ocpp-summary a[href="#{value}"]') is not None
        badge = page.find(id=value).find_next_sibling("div").select_one(".ocpp-badge--default")
        assert badge is not None, name
    assert len(article(site, "enums/PhaseEnumType/").select(".ocpp-badge--default")) == 0


def test_new_in_2_1_marks_match_the_data(site, catalog):
    new_enums = value_marks = 0
    for name, enum in catalog.enums.items():
        page = article(site, f"enums/{name}/")
        is_new = page.select_one(".ocpp-summary .ocpp-badge--new") is not None
        assert is_new == (enum.since == "2.1"), name
        new_enums += is_new
        marked = [h["id"] for h in page.select("h3[id]") if h.find_next_sibling("div").select_one(".ocpp-badge--new")]
        assert marked == [v.name for v in enum.new_values], name
        value_marks += len(marked)
    assert (new_enums, value_marks) == (25, 70)


def test_changes_page_lists_every_difference(site, catalog):
    page = article(site, "changes/")
    new = page.find(id="new-enumerations").find_next_sibling("ul").select("a")
    assert [a.get_text() for a in new] == [e.name for e in catalog.enums.values() if e.since == "2.1"]
    grown_rows = page.select(".ocpp-changes table tbody tr")
    assert [r.td.get_text() for r in grown_rows] == [e.name for e in catalog.enums.values() if e.new_values]
    links = [a["href"] for r in grown_rows for a in r.find_all("td")[1].select("a")]
    assert len(links) == 70 and all(re.fullmatch(r"\.\./enums/\w+/#[\w.\-]+", h) for h in links)
    assert "None:" in page.find(id="values-removed").find_next_sibling("p").get_text()
    for retired in catalog.retired:
        section = page.find(id=retired.name)
        fields = section.find_next_sibling("ul").select("li")
        assert len(fields) == len(retired.fields) and all("string" in li.get_text() for li in fields)
    assert [h["id"] for h in page.select("h3[id]")] == ["ChargingLimitSourceEnumType", "ConnectorEnumType", "IdTokenEnumType"]


def test_changes_page_shows_removed_values_when_the_data_has_them(tmp_path):
    data = copy_data(tmp_path / "data")
    target = data / "enums" / "ConnectorStatusEnumType.yaml"
    target.write_text(target.read_text().replace("values:\n", "removed_values:\n- Parked\nvalues:\n", 1))
    result = mkdocs_build(tmp_path / "site", data)
    assert result.returncode == 0, result.stderr[-2000:]
    page = BeautifulSoup((tmp_path / "site" / "changes" / "index.html").read_text(), "html.parser")
    removed = page.find(id="values-removed")
    assert "(1)" in removed.get_text() and "Parked" in removed.find_next_sibling("ul").get_text()
    enum_page = BeautifulSoup((tmp_path / "site" / "enums" / "ConnectorStatusEnumType" / "index.html").read_text(), "html.parser")
    assert "Removed in 2.1: Parked" in enum_page.find(id="history").find_next_sibling("p").get_text()


def test_adding_a_yaml_file_adds_a_page_and_deleting_one_removes_it(tmp_path):
    data = copy_data(tmp_path / "data")
    source = (data / "enums" / "ConnectorStatusEnumType.yaml").read_text()
    (data / "enums" / "ParkingBayStatusEnumType.yaml").write_text(source.replace("ConnectorStatusEnumType", "ParkingBayStatusEnumType"))
    (data / "enums" / "PhaseEnumType.yaml").unlink()
    (data / "ocpp16.yaml").unlink()  # its 1.6 Phase values map to PhaseEnumType; a data folder may do without it
    result = mkdocs_build(tmp_path / "site", data)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "site" / "enums" / "ParkingBayStatusEnumType" / "index.html").exists()
    assert not (tmp_path / "site" / "enums" / "PhaseEnumType").exists()
    index = (tmp_path / "site" / "enums" / "index.html").read_text()
    assert "ParkingBayStatusEnumType/" in index and "PhaseEnumType/" not in index


def test_pages_reference_no_other_host(site):
    for path in site.rglob("*.html"):
        soup = _soup(path)
        for tag, attr in (("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src")):
            for el in soup.find_all(tag):
                url = el.get(attr, "")
                if tag == "link" and el.get("rel") in (["canonical"], ["alternate"]):
                    continue
                assert not re.match(r"(https?:)?//", url), f"{path.relative_to(site)}: {tag} {url}"
