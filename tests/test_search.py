"""Site search puts exact names first: every value (all of them, typed whole), enumeration, message
and retired 2.0.1 enumeration, in a real browser, with the keyboard, and without the names file."""

from __future__ import annotations

import json
import re

import pytest
from test_browser import SEARCH, location, search

EXACT = ".md-search-result__list > .ocpp-exact"


def holders(catalog) -> dict[str, list[str]]:
    """Each distinct value -> the enumerations that hold exactly it, in name order."""
    found: dict[str, list[str]] = {}
    for enum in catalog.enums.values():
        for value in enum.values:
            found.setdefault(value.name, []).append(enum.name)
    return found


def code_holders(catalog) -> dict[str, list[str]]:
    """Each distinct code value -> the code lists that hold exactly it, in name order."""
    found: dict[str, list[str]] = {}
    for codelist in catalog.codelists.values():
        for value in codelist.values:
            found.setdefault(value.name, []).append(codelist.name)
    return found


def expected_links(catalog, value: str) -> list[str]:
    """A value group's links: the enumerations holding the value, then the code lists."""
    return [f"enums/{e}/#{value}" for e in holders(catalog).get(value, [])] + [f"codelists/{c}/#{value}" for c in code_holders(catalog).get(value, [])]


def type_whole(page, query: str) -> list[dict]:
    """Put the whole query in the search box as a paste would, end with a key press (Material
    searches on keyup), and return the exact groups: [{kind, links: [href, ...], text}]."""
    page.fill(SEARCH, query)
    page.keyboard.press("End")
    page.wait_for_function(
        "q => { const l = document.querySelector('.md-search-result__list'); return l.getAttribute('data-exact-for') === q; }",
        arg=query,
    )
    return page.eval_on_selector_all(
        EXACT,
        """items => items.map(li => ({kind: li.dataset.exact, text: li.textContent,
            links: [...li.querySelectorAll('a.md-search-result__link')].map(a => a.getAttribute('href'))}))""",
    )


# Many queries in one call: in the page, each is put in the box with the events Material and the
# exact search listen to ("input", then "keyup"), and its groups are read once the exact search
# has answered it. One browser round trip for all of them instead of three per query; the tests
# above and below still type with the real keyboard.
_SWEEP = """async queries => {
  const input = document.querySelector('input.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  const answers = [];
  for (const query of queries) {
    input.value = query;
    input.dispatchEvent(new Event('input', {bubbles: true}));
    input.dispatchEvent(new KeyboardEvent('keyup', {key: 'End', bubbles: true}));
    const start = performance.now();
    while (list.getAttribute('data-exact-for') !== query) {
      if (performance.now() - start > 10000) throw new Error('no answer for ' + query);
      await new Promise(resolve => setTimeout(resolve, 0));
    }
    const first = list.querySelector('.md-search-result__item a.md-search-result__link');
    answers.push({first: first && first.getAttribute('href'), groups: [...list.querySelectorAll(':scope > .ocpp-exact')].map(li =>
      ({kind: li.dataset.exact, text: li.textContent, links: [...li.querySelectorAll('a.md-search-result__link')].map(a => a.getAttribute('href'))}))});
  }
  return answers;
}"""


def type_all(page, queries: list[str]) -> list[dict]:
    """Each query's answer, in order: {first: the first result's first link, groups: as type_whole}."""
    page.wait_for_function("() => document.querySelector('.md-search-result__list') !== null")
    return page.evaluate(_SWEEP, queries)


@pytest.fixture(scope="module")
def one_page(browser):
    """One browser page for this module's search tests: a new context and page load cost about a
    second each, and the tests here only type into the search box."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def search_page(one_page, base_url):
    """An enum page with its search box open and empty (loaded again if the last test left it)."""
    start = base_url + "enums/ChargingStateEnumType/"
    if one_page.url != start:
        one_page.goto(start)
    one_page.click(SEARCH)
    one_page.fill(SEARCH, "")
    one_page.keyboard.press("End")
    one_page.wait_for_function("() => document.querySelector('.md-search-result__list').getAttribute('data-exact-for') === ''")
    return one_page


def test_every_value_typed_whole_lists_every_enum_holding_it_first(search_page, base_url, catalog):
    values = holders(catalog)
    assert len(values) == 466
    misses = []
    for (value, enums), answer in zip(values.items(), type_all(search_page, list(values)), strict=True):
        groups, first_link = answer["groups"], location(answer["first"] or "")
        expected = expected_links(catalog, value)
        got = [location(href) for href in groups[0]["links"]] if groups else []
        if not (groups and groups[0]["kind"] == "value" and got == expected and first_link == expected[0]):
            misses.append((value, got[:3], first_link))
    assert misses == [], f"{len(misses)} of {len(values)} values miss: {misses[:10]}"


def test_every_code_value_typed_whole_lists_every_list_holding_it_after_the_enumerations(search_page, catalog):
    values = code_holders(catalog)
    assert len(values) > 150
    misses = []
    for value, answer in zip(values, type_all(search_page, list(values)), strict=True):
        groups = answer["groups"]
        got = [location(href) for href in groups[0]["links"]] if groups and groups[0]["kind"] == "value" else []
        if got != expected_links(catalog, value):
            misses.append((value, got[:3]))
    assert misses == [], f"{len(misses)} of {len(values)} code values miss: {misses[:10]}"


def test_every_value_typed_in_lower_case_lists_every_enum_holding_it_in_a_value_group(search_page, catalog):
    misses = []
    values = holders(catalog)
    for (value, enums), answer in zip(values.items(), type_all(search_page, [v.lower() for v in values]), strict=True):
        groups = answer["groups"]
        links = [location(h) for g in groups if g["kind"] == "value" for h in g["links"]]
        if not groups or groups[0]["kind"] != "value" or not {f"enums/{name}/#{value}" for name in enums} <= set(links):
            misses.append(value)
    assert misses == []


def test_two_spellings_of_one_name_put_the_one_typed_first(search_page):
    for typed, enum in [("Deauthorized", "TriggerReasonEnumType"), ("DeAuthorized", "ReasonEnumType"), ("SoCLimitReached", "TriggerReasonEnumType"), ("SOCLimitReached", "ReasonEnumType")]:
        groups = type_whole(search_page, typed)
        assert [location(h) for h in groups[0]["links"]] == [f"enums/{enum}/#{typed}"]
        assert len([g for g in groups if g["kind"] == "value"]) == 2  # the other spelling follows


def test_a_value_in_42_enums_is_one_group_that_says_how_many(search_page, catalog):
    groups = type_whole(search_page, "Accepted")
    assert len(groups[0]["links"]) == len(holders(catalog)["Accepted"]) == 42
    assert "in all 42 enumerations" in groups[0]["text"]


@pytest.mark.parametrize("typed", ["A", "W", "N", "EV", "AC", "DC", "+W", '"Occupied"', "`Occupied`", "  occupied  "])
def test_short_and_pasted_values_need_no_special_syntax(search_page, catalog, typed):
    name = typed.strip().strip('+"`').strip()
    name = next(v for v in holders(catalog) if v.lower() == name.lower())
    groups = type_whole(search_page, typed)
    assert groups and groups[0]["kind"] == "value"
    assert [location(h) for h in groups[0]["links"]] == expected_links(catalog, name)


@pytest.mark.parametrize("typed", ["ConnectorStatus", "connectorstatusenumtype", "ConnectorStatusEnumType"])
def test_an_enum_name_with_or_without_enumtype_puts_that_enum_first(search_page, typed):
    groups = type_whole(search_page, typed)
    assert groups[0]["kind"] == "enum"
    assert [location(h) for h in groups[0]["links"]] == ["enums/ConnectorStatusEnumType/"]


@pytest.mark.parametrize("typed", ["TransactionEventRequest", "TransactionEvent", "transactioneventrequest"])
def test_a_message_name_lists_the_enums_it_carries_each_leading_to_its_used_in_row(search_page, site, catalog, typed):
    groups = [g for g in type_whole(search_page, typed) if g["kind"] == "message"]
    request = next(g for g in groups if "TransactionEventRequest" in g["text"])
    expected = [
        f"enums/{e.name}/#used-in-TransactionEventRequest-{u.path}"
        for e in catalog.enums.values() for u in e.usages if u.message == "TransactionEventRequest"
    ]
    assert [location(h) for h in request["links"]] == expected and len(expected) > 10
    for url in expected:  # each row exists on its page
        page_path, anchor = url.split("#")
        assert f'id="{anchor}"' in (site / page_path / "index.html").read_text(encoding="utf-8"), url


def test_an_enum_that_became_a_plain_string_leads_to_the_changes_page(search_page):
    groups = type_whole(search_page, "IdTokenEnumType")
    assert groups[0]["kind"] == "retired"
    assert [location(h) for h in groups[0]["links"]] == ["changes/#IdTokenEnumType"]


def test_a_qualified_name_pasted_from_code_finds_its_value(search_page):
    groups = type_whole(search_page, "ConnectorStatusEnumType.Occupied")
    assert [location(h) for h in groups[0]["links"]] == ["enums/ConnectorStatusEnumType/#Occupied"]


def test_a_prefix_gets_no_exact_group_and_material_results_still_show(search_page):
    assert type_whole(search_page, "Accep") == []
    search_page.wait_for_selector(".md-search-result__item")  # Material's own results, from its worker
    assert search_page.locator(EXACT).count() == 0


def test_enter_and_the_arrow_keys_reach_the_exact_result(search_page):
    type_whole(search_page, "Occupied")
    search_page.keyboard.press("ArrowDown")
    focused = search_page.evaluate("document.activeElement.getAttribute('href')")
    assert location(focused) == "enums/ConnectorStatusEnumType/#Occupied"
    search_page.keyboard.press("ArrowUp")  # back to the box
    search_page.keyboard.press("Enter")
    search_page.wait_for_url(re.compile(r".*/enums/ConnectorStatusEnumType/#Occupied$"))


def test_the_focused_exact_link_keeps_the_focus_when_material_redraws_its_results(search_page):
    """Material empties the list each time its worker's results arrive (`list.innerHTML = ""` in
    its search result component): an arrow key pressed before then must not lose the focus."""
    type_whole(search_page, "Occupied")
    search_page.keyboard.press("ArrowDown")
    search_page.keyboard.press("ArrowDown")  # the second link of the group
    before = search_page.evaluate("document.activeElement.getAttribute('href')")
    search_page.evaluate("document.querySelector('.md-search-result__list').innerHTML = ''")
    search_page.wait_for_selector(EXACT)
    after = search_page.evaluate("document.activeElement.getAttribute('href')")
    assert before is not None and after == before
    assert search_page.evaluate("document.activeElement.isConnected")


def test_without_the_names_file_material_results_stand_alone(page, base_url):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route("**/search-exact.json", lambda route: route.fulfill(status=404, body="not found"))
    results = search(page, base_url, "Occupied")
    assert results and page.locator(EXACT).count() == 0
    assert errors == []


def test_the_names_file_is_built_from_the_data(site, catalog):
    names = json.loads((site / "search-exact.json").read_text(encoding="utf-8"))
    assert [e[0] for e in names["enums"]] == list(catalog.enums)
    assert [e[1] for e in names["enums"]] == [[v.name for v in e.values] for e in catalog.enums.values()]
    assert names["retired"] == [r.name for r in catalog.retired]


@pytest.mark.parametrize("typed", ["B03.FR.05", "b03.fr.05", " B03.FR.05 "])
def test_a_requirement_id_as_is_or_in_lower_case_lists_its_entry_then_the_values_it_names(search_page, catalog, typed):
    groups = type_whole(search_page, typed)
    assert groups and groups[0]["kind"] == "requirement"
    named = [f"enums/{enum}/#{value}" for _, r in catalog.requirements.by_value.get(("RegistrationStatusEnumType", "Accepted"), ()) if r.id == "B03.FR.05"
             for enum, value in r.values]
    assert [location(href) for href in groups[0]["links"]] == ["requirements/#B03.FR.05", *named]
    assert "enums/RegistrationStatusEnumType/#Accepted" in named


def test_a_use_case_id_lists_the_use_case_then_its_requirements(search_page, catalog):
    groups = type_whole(search_page, "b03")
    use_case = next(u for u in catalog.requirements.use_cases if u.id == "B03")
    assert groups and groups[0]["kind"] == "usecase"
    assert [location(href) for href in groups[0]["links"]] == ["requirements/#B03", *[f"requirements/#{r.id}" for r in use_case.requirements]]
    search_page.keyboard.press("ArrowDown")
    search_page.keyboard.press("Enter")
    search_page.wait_for_url("**/requirements/#B03")


@pytest.mark.parametrize(("typed", "codelist"), [("ISO14443", "IdTokenEnumStringType"), ("cCCS2", "ConnectorEnumStringType"),
                                                 ("TxNotFound", "ReasonCodes"), ("FirmwareUpdated", "SecurityEvents"), ("kWh", "UnitsOfMeasure"),
                                                 ("kwh", "UnitsOfMeasure")])
def test_a_code_value_typed_whole_lists_the_code_lists_holding_it(search_page, catalog, typed, codelist):
    groups = type_whole(search_page, typed)
    assert groups and groups[0]["kind"] == "value"
    value = next(v.name for v in catalog.codelists[codelist].values if v.name.lower() == typed.lower())
    enums = [f"enums/{e.name}/#{value}" for e in catalog.enums.values() if value in e.value_names]
    lists = [f"codelists/{c.name}/#{value}" for c in catalog.codelists.values() if value in c.value_names]
    assert [location(href) for href in groups[0]["links"]] == enums + lists  # enumerations first where a name is both
    assert f"codelists/{codelist}/#{value}" in lists


def test_a_name_that_is_both_an_enum_value_and_a_code_value_lists_the_enumerations_first(search_page, catalog):
    groups = type_whole(search_page, "A")
    hrefs = [location(href) for href in groups[0]["links"]]
    assert hrefs[0].startswith("enums/") and "codelists/UnitsOfMeasure/#A" in hrefs
    assert "code list" in groups[0]["text"]


def test_a_device_model_variable_finds_the_list_it_takes(search_page, catalog):
    variable = next(v for v in catalog.device_model if v.variable == "TxStartPoint")
    groups = type_whole(search_page, "TxStartPoint")
    kinds = {g["kind"]: g for g in groups}
    folder = "codelists" if variable.takes in catalog.codelists else "enums"
    assert f"{folder}/{variable.takes}/#used-in-device-model" in [location(h) for h in kinds["variable"]["links"]]
