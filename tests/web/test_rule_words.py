"""Under each reason on the outcome page, what its rule looks for, in plain words."""

from __future__ import annotations

from tests.web.conftest import Clinic


def test_the_outcome_page_says_what_each_rule_looks_for(clinic: Clinic) -> None:
    clinic.complete({"age": "15", "missing_overnight": "yes", "older_partner": "yes"})
    page = clinic.outcome()
    reasons = page.soup.select("ul.reasons > li")
    assert reasons
    for reason in reasons:
        details = reason.select_one("details.rule-words")
        assert details.summary.get_text(strip=True) == "What this rule looks for"
    text = " ".join(page.soup.select_one("ul.reasons").get_text(" ").split())
    assert "At least 2 of these questions are answered “Yes”:" in text
    assert "(every question with the weight “key”)" in text


def test_the_welsh_outcome_page_says_it_in_welsh(clinic: Clinic) -> None:
    clinic.get("/language/cy")
    clinic.complete({"age": "12", "sexual_activity": "yes"})
    reasons = clinic.outcome().soup.select_one("ul.reasons")
    text = " ".join(reasons.get_text(" ").split())
    assert "Beth mae'r rheol hon yn chwilio amdano" in text
    assert "Mae'r ateb i “Faint yw oed y plentyn?” yn llai na 13" in text
    assert "The answer to" not in text
