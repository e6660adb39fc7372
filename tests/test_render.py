"""How official description residue is rendered, on small hand-written examples."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from macros.pages.links import breakable, description_html, plain_summary
from macros.pages.snippets import python_member


def soup(text: str, link=lambda label: None) -> BeautifulSoup:
    return BeautifulSoup(str(description_html(text, link)), "html.parser")


def test_version_marker_and_field_names_become_emphasis():
    html = soup("*(2.1)* Not used when _controlId_ is provided.")
    assert [em.get_text() for em in html.find_all("em")] == ["(2.1)", "controlId"]


def test_underscores_inside_a_word_stay_text():
    assert soup("Use Not_Applicable here.").find("em") is None
    assert "Not_Applicable" in soup("Use Not_Applicable here.").get_text()


def test_backticks_become_code():
    assert soup("Set `evseId` to 0.").code.get_text() == "evseId"


def test_cross_reference_shows_its_text_plain_or_escaped():
    for text in ("See <<signcertificaterequest,SignCertificateRequest>> first.",
                 "See &lt;&lt;signcertificaterequest,SignCertificateRequest&gt;&gt; first.",
                 "See <<signcertificaterequest, SignCertificateRequest>> first."):
        html = soup(text)
        assert html.get_text() == "See SignCertificateRequest first."
        assert html.find("a") is None


def test_cross_reference_to_an_enum_of_the_site_is_a_link():
    html = soup("Values of <<connectorstatusenumtype,ConnectorStatusEnumType>>.",
                link=lambda label: "../ConnectorStatusEnumType/" if label == "ConnectorStatusEnumType" else None)
    assert html.a["href"] == "../ConnectorStatusEnumType/" and html.a.get_text() == "ConnectorStatusEnumType"


def test_cross_reference_without_text_shows_its_target():
    assert soup("See <<chargingprofile>>.").get_text() == "See chargingprofile."


def test_asciidoc_line_continuation_becomes_a_line_break():
    html = soup("DER control functions supported by EV. +\r\n    *ISO 15118-20*: DER_BPT_AC")
    assert html.find("br") is not None
    assert " +" not in html.get_text() and "\r" not in str(html)


def test_dash_lines_become_a_list():
    html = soup("Possible values:\r\n- Accepted: it worked\r\n- Rejected: it did not")
    assert [li.get_text() for li in html.select("ul li")] == ["Accepted: it worked", "Rejected: it did not"]


def test_summary_is_the_first_sentence_in_plain_text():
    assert plain_summary("The _stoppedReason_ is the reason. It will normally be the user.") == "The stoppedReason is the reason."


def test_python_member_names_follow_the_documented_rule():
    assert python_member("L1-N") == "L1_N"
    assert python_member("Energy.Active.Import.Register") == "Energy_Active_Import_Register"
    assert python_member("IdleTIme") == "IdleTIme"
    assert python_member("15118") == "_15118"
    assert python_member("None") == "None_"


def test_code_spans_show_their_text_once_escaped():
    assert soup("Compare `a<b` and `x&y`.").find_all("code")[0].get_text() == "a<b"
    assert soup("Compare `a<b` and `x&y`.").find_all("code")[1].get_text() == "x&y"


def test_summary_of_markup_is_plain_text_to_escape_once():
    assert plain_summary("Use <b>bold</b> & more.") == "Use <b>bold</b> & more."


@pytest.mark.parametrize("name,parts", [
    ("costDetails.chargingPeriods.dimensions.type", ["cost", "Details.", "charging", "Periods.", "dimensions.", "type"]),
    ("TransactionEventRequest", ["Transaction", "Event", "Request"]),
    ("L1-N", ["L1-N"]),
    ("<b>x</b>.y", ["&lt;b&gt;x&lt;/b&gt;.", "y"]),
])
def test_long_names_break_only_at_dots_and_capitals_and_stay_escaped(name, parts):
    assert str(breakable(name)).split("<wbr>") == parts
