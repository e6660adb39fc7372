"""What a reader does in a real browser: search for values, filter the index, follow deep links."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

SEARCH = "input.md-search__input"


@pytest.fixture(scope="module")
def one_context(browser):
    """One browser context for this module (a new one costs about a quarter of a second); each test
    still gets a page of its own, with its own history and session storage. No test here changes
    local storage (the palette or the linked code tabs)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})  # as conftest's page
    yield context
    context.close()


@pytest.fixture
def page(one_context):
    """A fresh page that records every request leaving 127.0.0.1 (as conftest's page)."""
    page = one_context.new_page()
    page.foreign_requests = []
    page.on(
        "request",
        lambda request: None
        if request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:"))
        else page.foreign_requests.append(request.url),
    )
    yield page
    page.close()


@pytest.fixture(scope="module")
def searching(one_context):
    """One page for the tests that only type queries and read the results: Material's search worker
    indexes the whole site again on every page load (about a second)."""
    page = one_context.new_page()
    yield page
    page.close()


def search(page, base_url: str, query: str) -> list[dict]:
    """Type a query into Material's search box; the result items, best first.

    Each is {page: the page's URL, first: where its first (page title) link goes, best: its
    highest-scoring link, links: all its links}.
    """
    if not page.url.startswith(base_url):
        page.goto(base_url)
    page.click(SEARCH)
    page.fill(SEARCH, "")
    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length === 0")
    page.locator(SEARCH).press_sequentially(query)
    page.wait_for_function(
        """q => document.querySelector('input.md-search__input').value === q &&
               (document.querySelectorAll('.md-search-result__item').length > 0 ||
                /No matching/.test(document.querySelector('.md-search-result__meta').textContent))""",
        arg=query,
    )
    page.wait_for_timeout(300)  # results render in batches; let the list settle
    return page.eval_on_selector_all(
        ".md-search-result__item",
        """items => items.map(li => {
            const links = [...li.querySelectorAll('a.md-search-result__link')].map(a => ({
                href: a.getAttribute('href'), score: +a.querySelector('article').dataset.mdScore}));
            const best = links.slice().sort((a, b) => b.score - a.score)[0];
            return {page: links[0].href.split('#')[0], first: links[0].href, best: best.href, links: links.map(l => l.href)};
        })""",
    )


def location(href: str) -> str:
    """"http://127.0.0.1:1/enums/X/?h=a#V" -> "enums/X/#V"."""
    parts = urlsplit(href)
    return parts.path.lstrip("/") + (f"#{parts.fragment}" if parts.fragment else "")


VALUE_QUERIES = [
    ("SuspendedEVSE", "ChargingStateEnumType", "SuspendedEVSE"),
    ("NotAtThisLocation", "AuthorizationStatusEnumType", "NotAtThisLocation"),
    ("Energy.Active.Import.Register", "MeasurandEnumType", "Energy.Active.Import.Register"),
    ("L1-N", "PhaseEnumType", "L1-N"),
    ("IdleTIme", "CostDimensionEnumType", "IdleTIme"),
    ("Occupied", "ConnectorStatusEnumType", "Occupied"),
]


@pytest.mark.parametrize("query,enum,value", VALUE_QUERIES + [(q.lower(), e, v) for q, e, v in VALUE_QUERIES])
def test_value_search_lands_on_the_value_anchor(searching, base_url, query, enum, value):
    results = search(searching, base_url, query)
    top = [r for r in results[:3] if location(r["page"]) == f"enums/{enum}/"]
    assert top, f"{query!r}: {enum} not in the top 3: {[location(r['page']) for r in results[:3]]}"
    assert location(top[0]["best"]) == f"enums/{enum}/#{value}", top[0]


@pytest.mark.parametrize("query,enum,value", [("+W", "ChargingRateUnitEnumType", "W"), ("+N", "PhaseEnumType", "N")])
def test_plus_prefix_finds_a_short_value_exactly(searching, base_url, query, enum, value):
    results = search(searching, base_url, query)
    assert location(results[0]["page"]) == f"enums/{enum}/"
    assert location(results[0]["best"]) == f"enums/{enum}/#{value}"


@pytest.mark.parametrize("query,enum,value", [("SuspendedEVSE", "ChargingStateEnumType", "SuspendedEVSE"), ("idletime", "CostDimensionEnumType", "IdleTIme")])
def test_a_value_results_first_link_goes_to_the_value_not_the_page_top(page, base_url, query, enum, value):
    result = next(r for r in search(page, base_url, query) if location(r["page"]) == f"enums/{enum}/")
    assert location(result["first"]) == f"enums/{enum}/#{value}"
    page.click(".md-search-result__item a.md-search-result__link >> nth=0")
    page.wait_for_url(re.compile(rf".*/enums/{enum}/.*#{value}$"))


def test_search_preview_hides_the_lower_case_alias(searching, base_url):
    search(searching, base_url, "SuspendedEVSE")
    previews = searching.eval_on_selector_all(".md-search-result__item article", "items => items.map(a => a.textContent)")
    assert previews and not [text for text in previews if "suspendedevse" in text], previews


def test_long_names_in_the_sidebar_wrap_only_at_word_boundaries(page, base_url):
    page.goto(base_url + "enums/ClearMessageStatusEnumType/")
    label = page.locator(".md-nav--primary .md-nav__link--active .md-ellipsis").first
    assert label.evaluate("e => e.textContent.trim()") == "ClearMessageStatusEnumType"
    parts = label.evaluate("e => [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent)")
    assert parts == ["Clear", "Message", "Status", "Enum", "Type"]
    assert label.evaluate("e => e.querySelectorAll('wbr').length") == 4


def test_part_of_a_camelcase_value_finds_it(searching, base_url):
    results = search(searching, base_url, "EVSE")
    links = [location(href) for r in results for href in r["links"]]
    assert "enums/ChargingStateEnumType/#SuspendedEVSE" in links


def test_clicking_a_search_result_scrolls_to_the_value(page, base_url):
    search(page, base_url, "NotAtThisLocation")
    page.click('a.md-search-result__link[href*="#NotAtThisLocation"]')
    page.wait_for_url(re.compile(r".*AuthorizationStatusEnumType/.*#NotAtThisLocation$"))
    heading = page.locator('[id="NotAtThisLocation"]')
    heading.wait_for()
    assert heading.is_visible() and page.evaluate("() => window.scrollY") > 0
    assert page.foreign_requests == []


def test_deep_link_to_a_value_scrolls_to_it(page, base_url):
    page.goto(base_url + "enums/MeasurandEnumType/#Energy.Active.Import.Register")
    page.wait_for_load_state("load")
    top = page.evaluate("() => document.getElementById('Energy.Active.Import.Register').getBoundingClientRect().top")
    height = page.evaluate("() => window.innerHeight")
    assert page.evaluate("() => window.scrollY") > 500
    assert 0 <= top < height / 2


def rows_shown(page) -> list[str]:
    return page.eval_on_selector_all(".ocpp-index table tbody tr:not([hidden]) td:first-child > a", "as => as.map(a => a.textContent)")


@pytest.mark.parametrize("typed", ["occupied", "StatusNotificationRequest", "charging limit"])
def test_index_filter_narrows_by_enum_value_or_message(page, base_url, catalog, typed):
    page.goto(base_url + "enums/")
    assert len(rows_shown(page)) == len(catalog.enums)
    page.locator("#enum-filter").press_sequentially(typed)
    words = typed.lower().split()
    def texts(e):  # names, and the words of each explanation as the page carries them (backticks dropped)
        return [e.name, *(v.name for v in e.values), *(u.message for u in e.usages), *(" ".join(v.description.replace("`", "").split()) for v in e.values)]

    expected = [e.name for e in catalog.enums.values() if all(any(w in text.lower() for text in texts(e)) for w in words)]
    page.wait_for_function("n => document.querySelectorAll('.ocpp-index table tbody tr:not([hidden])').length === n", arg=len(expected))
    assert rows_shown(page) == expected and 0 < len(expected) < len(catalog.enums)
    assert page.text_content("#enum-filter-count") == f"{len(expected)} of {len(catalog.enums)} enumerations"


def test_index_filter_shows_only_new_or_changed_enums(page, base_url, catalog):
    page.goto(base_url + "enums/")
    page.check("#enum-filter-changed")
    expected = [e.name for e in catalog.enums.values() if e.since == "2.1" or e.new_values or e.removed_values]
    assert rows_shown(page) == expected and len(expected) == 47
    page.goto(base_url + "enums/?changed=1&q=setpoint.interval")  # the filter state is in the URL, so it can be shared
    assert rows_shown(page) == ["MeasurandEnumType"]


@pytest.mark.parametrize("typed,enum,kind,match,anchor", [
    ("occupied", "ConnectorStatusEnumType", "value", "Occupied", "Occupied"),
    ("TransactionEventRequest", "ChargingStateEnumType", "message", "TransactionEventRequest", "used-in"),
    # An OCPP 1.6 name leads to the enum page's "In OCPP 1.6" section.
    ("Preparing", "ConnectorStatusEnumType", "OCPP 1.6", "ChargePointStatus.Preparing", "in-ocpp-16"),
    ("SoftReset", "ReasonEnumType", "OCPP 1.6", "Reason.SoftReset", "in-ocpp-16"),
    ("ChargePointStatus", "ChargingStateEnumType", "OCPP 1.6", "ChargePointStatus", "in-ocpp-16"),
])
def test_index_filter_says_what_matched_and_links_there(page, base_url, typed, enum, kind, match, anchor):
    page.goto(base_url + "enums/")
    page.locator("#enum-filter").press_sequentially(typed)
    row = page.locator(".ocpp-index tbody tr:not([hidden])", has=page.locator(f'td:first-child > a:text-is("{enum}")'))
    row.locator(".ocpp-filter-hint").wait_for()
    assert row.locator(".ocpp-filter-hint").inner_text() == f"{kind} {match}"
    row.locator(".ocpp-filter-hint a").click()
    page.wait_for_url(re.compile(rf".*/enums/{enum}/#{anchor}$"))


def test_index_filter_gives_no_hint_where_the_name_matched(page, base_url):
    page.goto(base_url + "enums/")
    page.locator("#enum-filter").press_sequentially("TransactionEvent")
    row = page.locator(".ocpp-index tbody tr:not([hidden])", has=page.locator('td:first-child > a[href$="TransactionEventEnumType/"]'))
    row.wait_for()
    assert row.locator(".ocpp-filter-hint").count() == 0
    page.locator("#enum-filter").fill("")
    page.wait_for_function("() => document.querySelectorAll('.ocpp-filter-hint').length === 0")


def test_index_filter_says_when_nothing_matches(page, base_url):
    page.goto(base_url + "enums/")
    page.locator("#enum-filter").press_sequentially("zzzz")
    page.wait_for_selector("#enum-filter-empty:not([hidden])")
    assert rows_shown(page) == []


def test_used_in_and_changes_page_are_reachable_from_an_enum_page(page, base_url):
    page.goto(base_url + "enums/ReasonEnumType/")
    page.click('.md-sidebar--secondary a[href="#used-in"]')
    page.wait_for_url(re.compile(r".*#used-in$"))
    assert page.locator(".ocpp-usages table tbody tr").first.is_visible()
    page.click('#history ~ p a:has-text("what changed in OCPP 2.1")')
    page.wait_for_url(re.compile(r".*/changes/$"))
    assert page.title().startswith("What changed in OCPP 2.1")
    page.click('.ocpp-changes table a[href$="#Energy.Active.Import.LocalGeneration.Register"]')
    page.wait_for_url(re.compile(r".*/enums/MeasurandEnumType/#Energy\.Active\.Import\.LocalGeneration\.Register$"))
    assert page.locator('[id="Energy.Active.Import.LocalGeneration.Register"]').is_visible()


def test_no_request_leaves_127_0_0_1(page, base_url):
    for url in ["", "enums/", "enums/MeasurandEnumType/", "changes/", "all/"]:
        response = page.goto(base_url + url)
        assert response.ok, url
        page.wait_for_load_state("networkidle")
    search(page, base_url, "Occupied")
    assert page.foreign_requests == []
