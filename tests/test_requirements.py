"""The requirement index: extracted from the vendored Part 2 and errata, placed with precision, shown on every value and page."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import DATA

from macros.sources import requirement_index, requirements, schemas, sync

OFFICIAL = DATA / "official" / "ocpp21"
INDEX = yaml.safe_load((DATA / "requirements.yaml").read_text(encoding="utf-8"))
PLACED = {(r["id"], value) for u in INDEX["use_cases"] for r in u["requirements"] for value in r["values"]}

# Read by hand in the specification. Each must be in the index: the value is what the row decides about.
MUST = [
    ("B03.FR.02", "RegistrationStatusEnumType.Rejected"),  # CSMS returns Rejected: station stays silent
    ("B03.FR.05", "RegistrationStatusEnumType.Accepted"),  # "status other than Accepted": indexed under the value named
    ("B03.FR.06", "RegistrationStatusEnumType.Accepted"),
    ("B01.FR.04", "RegistrationStatusEnumType.Accepted"),
    ("F05.FR.05", "UnlockStatusEnumType.UnlockFailed"),
    ("I09.FR.01", "TariffGetStatusEnumType.Accepted"),
    ("C11.FR.03", "ClearCacheStatusEnumType.Accepted"),
    ("A03.FR.07", "CertificateSignedStatusEnumType.Rejected"),
    ("M07.FR.06", "CertificateStatusEnumType.Revoked"),
    ("M07.FR.03", "CertificateStatusEnumType.Revoked"),  # "(Good/Revoked/Unknown)"
    ("K01.FR.70", "ChargingProfilePurposeEnumType.PriorityCharging"),
    ("C20.FR.02", "TriggerReasonEnumType.EVConnectTimeout"),
    ("N02.FR.13", "MonitorEnumType.TargetDelta"),  # as the errata 2025-06 word it
    ("O05.FR.02", "ClearMessageStatusEnumType.Unknown"),  # block O, printed "005.FR.02"
    ("B07.FR.07", "ReportBaseEnumType.ConfigurationInventory"),
    ("H01.FR.17", "ReservationUpdateStatusEnumType.Removed"),
    ("N01.FR.10", "UploadLogStatusEnumType.BadMessage"),  # LogStatusNotificationRequest carries UploadLogStatusEnumType
    ("Q09.FR.01", "OperationModeEnumType.LocalLoadBalancing"),
    ("C01.FR.22", "AuthorizationStatusEnumType.NotAtThisLocation"),
    ("L02.FR.10", "FirmwareStatusEnumType.InstallScheduled"),
    ("B12.FR.04", "ReasonEnumType.ImmediateReset"),
    ("K10.FR.08", "ClearChargingProfileStatusEnumType.Unknown"),
    ("K21.FR.02", "PriorityChargingStatusEnumType.Rejected"),
    ("Q08.FR.03", "OperationModeEnumType.LocalFrequency"),
    ("B09.FR.02", "SetNetworkProfileStatusEnumType.Rejected"),  # as the errata 2025-09 word it
    ("E07.FR.04", "TransactionEventEnumType.Ended"),
    ("B11.FR.03", "ResetStatusEnumType.Accepted"),
    ("E05.FR.02", "AuthorizationStatusEnumType.Accepted"),  # "is not Accepted"
    ("F06.FR.20", "MessageTriggerEnumType.CustomTrigger"),  # added by the errata 2025-06
    ("H02.FR.04", "ConnectorStatusEnumType.Available"),  # added by the errata 2025-06
]
# Words that look like a value and are not one, or a value the row does not decide about.
MUST_NOT = [
    ("A00.FR.204", "DataEnumType.string"),  # "string" as a word of prose
    ("N01.FR.28", "DataEnumType.string"),  # "the URL string"
    ("K13.FR.03", "ChargingStateEnumType.Charging"),  # "Charging rate changed"
    ("F01.FR.01", "CostDimensionEnumType.Energy"),  # "Energy transfer is only allowed"
    ("B12.FR.10", "ResetEnumType.Immediate"),  # "an Immediate reset": prose, not the field
    ("I08.FR.37", "EventTriggerEnumType.Delta"),  # "a Delta monitor installed": a monitor type, not the trigger
    ("K21.FR.02", "TariffChangeStatusEnumType.TxNotFound"),  # a reasonCode of the appendix, not this enumeration
    ("E03.FR.05", "TriggerReasonEnumType.Authorized"),  # a TxStartPoint member of the device model
    ("E01.FR.02", "ChargingStateEnumType.EVConnected"),  # TxStartPoint contains EVConnected: device model, not the state
    ("H02.FR.04", "LocationEnumType.EV"),  # "EV Driver"
    ("M02.FR.01", "LocationEnumType.EV"),  # "EV uses ISO 15118-2"
    ("C18.FR.08", "LocationEnumType.EV"),  # "entered by EV Driver"
    ("I07.FR.18", "ChargingRateUnitEnumType.A"),  # "A validFrom in TariffType"
    ("K20.FR.02", "ChangeAvailabilityStatusEnumType.Scheduled"),  # ISO 15118-20's "Scheduled Control Mode"
    ("K20.FR.02", "ResetStatusEnumType.Scheduled"),
    ("B01.FR.04", "ChargingStateEnumType.Charging"),  # "Charging Station"
    ("K04.FR.05", "ChargingStateEnumType.Charging"),  # "Smart Charging"
    ("E06.FR.05", "TransactionEventEnumType.Ended"),  # deleted by the errata 2025-06: the index follows them
    ("N02.FR.23", "MonitorEnumType.TargetDelta"),  # deleted by the errata 2025-06
    ("I08.FR.31", "EventTriggerEnumType.Alerting"),  # the first I08.FR.31 became I08.FR.37 (errata 2025-09)
]


def test_the_pair_lists_are_big_enough():
    assert len(MUST) + len(MUST_NOT) >= 40 and len(MUST_NOT) >= 15


@pytest.mark.parametrize(("requirement", "value"), MUST)
def test_a_hand_checked_mention_is_placed(requirement, value):
    assert (requirement, value) in PLACED


@pytest.mark.parametrize(("requirement", "value"), MUST_NOT)
def test_a_hand_checked_trap_is_not_placed(requirement, value):
    assert (requirement, value) not in PLACED


def test_the_index_is_what_the_sync_extracts_from_the_vendored_text():
    document, problems = requirement_index.document(DATA, schemas.official_enums("2.1"))
    assert problems == []
    assert sync.dump(document, sync.REQUIREMENTS_LINE) == (DATA / "requirements.yaml").read_text(encoding="utf-8")


def _spec_text() -> str:
    text = (OFFICIAL / requirements.PART2).read_text(encoding="utf-8") + (OFFICIAL / requirements.ERRATA).read_text(encoding="utf-8")
    text = re.sub(r"\b0(\d{2}[.\-]FR\.)", r"O\1", text)  # "001.FR.01": block O's letter read as a zero
    text = re.sub(r"\b([A-Z]\d{2})-FR\.", r"\1.FR.", text)  # "N02-FR.23"
    return re.sub(r"(\.FR\.)\s*0?(\d)\s?(\d)", r"\1\2\3", text)  # the PDF conversion's "B09.FR.2 2", "B09.FR.034"


def test_every_requirement_id_in_the_index_stands_in_the_text():
    text = _spec_text()
    ids = [r["id"] for u in INDEX["use_cases"] for r in u["requirements"]] + [r["id"] for r in INDEX["deleted"]]
    assert len(ids) > 600
    assert [rid for rid in ids if not re.search(re.escape(rid) + r"(?!\d)", text)] == []


def test_every_requirement_an_explanation_cites_exists_after_the_errata_or_is_one_they_deleted():
    _, _, _, rows, _, errata = requirements.read(OFFICIAL)
    live = {row.id for row in rows} | set(errata.deleted)
    cited = {}
    for path in sorted((DATA / "enums").glob("*.yaml")):
        for value in yaml.safe_load(path.read_text(encoding="utf-8"))["values"]:
            for field in ("description", "note"):
                for rid in re.findall(r"\b[A-Z]\d{2}\.FR\.\d{2,3}\b", value.get(field) or ""):
                    cited.setdefault(rid, f"{path.stem}.{value['value']}")
    assert {rid: where for rid, where in cited.items() if rid not in live} == {}


def test_the_errata_are_applied_and_marked():
    marks = {r["id"]: r.get("erratum") for u in INDEX["use_cases"] for r in u["requirements"]}
    assert marks["B09.FR.02"] == "2025-09 changed"
    assert marks["F06.FR.20"] == "2025-06 added"
    assert marks["I08.FR.37"] == "2025-09 renumbered from I08.FR.31"
    assert {r["id"]: r["erratum"] for r in INDEX["deleted"]}["E06.FR.05"] == "2025-06 deleted"
    assert "E06.FR.05" not in marks and "B07.FR.15" not in marks


def test_the_counts_add_up():
    counts = INDEX["counts"]
    assert counts["naming_values"] == sum(len(u["requirements"]) for u in INDEX["use_cases"])
    assert counts["mentions"] == len(PLACED)
    assert counts["left_out"] == len(INDEX["left_out"])


def test_a_correction_the_extraction_no_longer_needs_is_refused(tmp_path):
    data = tmp_path / "data"
    (data / "official").mkdir(parents=True)
    (data / "official" / "ocpp21").symlink_to(OFFICIAL)
    (data / "requirements-corrections.yaml").write_text(
        "add:\n- {requirement: B03.FR.02, value: RegistrationStatusEnumType.Rejected, why: already there}\n"
        "remove:\n- {requirement: B03.FR.02, value: RegistrationStatusEnumType.Bogus, why: no such value}\n"
    )
    _, problems = requirement_index.document(data, schemas.official_enums("2.1"))
    assert problems == [
        "requirements-corrections.yaml: remove B03.FR.02 RegistrationStatusEnumType.Bogus: needs a requirement of Part 2, an Enum.Value and a why",
        "requirements-corrections.yaml: add B03.FR.02 RegistrationStatusEnumType.Rejected: the extraction places it already (drop the correction)",
    ]


# ---------------------------------------------------------------------------
# On the site
# ---------------------------------------------------------------------------


def test_the_requirements_page_has_an_anchor_for_every_use_case_and_requirement(site):
    soup = BeautifulSoup((site / "requirements" / "index.html").read_text(encoding="utf-8"), "html.parser")
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    expected = {u["id"] for u in INDEX["use_cases"]} | {r["id"] for u in INDEX["use_cases"] for r in u["requirements"]} | {r["id"] for r in INDEX["deleted"]}
    assert expected <= ids
    item = soup.find(id="B03.FR.05")
    assert "../enums/RegistrationStatusEnumType/#Accepted" in [a["href"] for a in item.find_all("a")]
    assert soup.find(id="B09.FR.02").find(class_="ocpp-erratum").get_text() == "errata 2025-09"


def test_each_value_lists_its_requirements_grouped_by_use_case(site):
    soup = BeautifulSoup((site / "enums" / "RegistrationStatusEnumType" / "index.html").read_text(encoding="utf-8"), "html.parser")
    section = soup.find(id="Accepted").find_next(class_="ocpp-reqs")
    text = " ".join(section.get_text().split())
    assert "B03 Cold Boot Charging Station - Rejected: B03.FR.05, B03.FR.06" in text
    assert "../../requirements/#B03.FR.05" in [a["href"] for a in section.find_all("a")]


def test_a_value_named_in_many_requirements_shows_them_folded(site, catalog):
    name, value = max(catalog.requirements.by_value, key=lambda pair: len(catalog.requirements.by_value[pair]))
    soup = BeautifulSoup((site / "enums" / name / "index.html").read_text(encoding="utf-8"), "html.parser")
    folded = soup.find(id=value).find_next(class_="ocpp-reqs")
    assert folded.name == "details" and folded.get("open") is None
    count = len(catalog.requirements.by_value[(name, value)])
    assert folded.summary.get_text().startswith(f"Requirements: {count} requirements")


def test_a_value_no_requirement_names_shows_no_requirements_line(site, catalog):
    unnamed = [(e.name, v.name) for e in catalog.enums.values() for v in e.values if (e.name, v.name) not in catalog.requirements.by_value]
    name, value = unnamed[0]
    soup = BeautifulSoup((site / "enums" / name / "index.html").read_text(encoding="utf-8"), "html.parser")
    block = soup.find(id=value).find_next(class_="ocpp-value")
    assert block.find(class_="ocpp-reqs") is None


def test_a_requirement_cited_in_an_explanation_links_to_the_requirements_page(site, catalog):
    cited = [(e.name, v.name, rid) for e in catalog.enums.values() for v in e.values
             for rid in re.findall(r"\b[A-Z]\d{2}\.FR\.\d{2,3}\b", v.description) if rid in catalog.requirements.ids]
    assert cited, "no explanation cites a requirement"
    name, value, rid = cited[0]
    soup = BeautifulSoup((site / "enums" / name / "index.html").read_text(encoding="utf-8"), "html.parser")
    paragraph = soup.find(id=value).find_next(class_="ocpp-value").p
    assert f"../../requirements/#{rid}" in [a["href"] for a in paragraph.find_all("a")]


def test_the_exports_carry_the_requirement_ids(site, catalog):
    exported = json.loads((site / "enums.json").read_text(encoding="utf-8"))
    by_value = {(e["name"], v["value"]): v["requirements"] for e in exported["enums"] for v in e["values"]}
    assert "B03.FR.05" in by_value[("RegistrationStatusEnumType", "Accepted")]
    assert sum(map(len, by_value.values())) == len(PLACED)
    csv_text = (site / "enums.csv").read_text(encoding="utf-8")
    assert csv_text.splitlines()[0].endswith(",requirements")


def test_the_inventory_has_the_requirements_in_a_domain_of_their_own(site):
    import sphobjinv

    inventory = sphobjinv.Inventory(site / "objects.inv")
    found = {(o.name, o.domain, o.role): o.uri_expanded for o in inventory.objects if o.domain == "req"}
    assert found[("B03.FR.05", "req", "requirement")] == "requirements/#B03.FR.05"
    assert found[("B03", "req", "usecase")] == "requirements/#B03"
    assert len([key for key in found if key[2] == "requirement"]) == INDEX["counts"]["naming_values"]
