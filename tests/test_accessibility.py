"""Accessibility: axe-core finds no serious or critical violation on the home page, the index, the
largest enum page, an enum page with folded requirement lines, the requirements page and the 1.6 page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

# The largest enum page: most values, usages and code; RegistrationStatus: requirement lines folded
# under a summary (on Material's tinted background); the requirements page; the 1.6 page.
PAGES = ["", "enums/", "enums/MeasurandEnumType/", "enums/RegistrationStatusEnumType/", "requirements/", "ocpp16/"]
SERIOUS = {"serious", "critical"}


def describe(violation: dict) -> str:
    """One violation: rule id, impact, what it asks, and each element it found with axe's reason."""
    lines = [f"- {violation['id']} ({violation['impact']}): {violation['help']}"]
    for node in violation["nodes"]:
        reason = " ".join(node.get("failureSummary", "").split())
        lines.append(f"    at {' >>> '.join(node['target'])}: {reason}")
    return "\n".join(lines)


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_or_critical_axe_violation(page, base_url, path):
    page.goto(base_url + path, wait_until="load")
    page.wait_for_selector(".md-search")  # Material's scripts have run: the header is complete
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in SERIOUS]
    if violations:
        listing = "\n".join(describe(violation) for violation in violations)
        pytest.fail(f"{len(violations)} serious or critical axe violation(s) on /{path}:\n{listing}")
