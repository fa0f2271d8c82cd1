"""The structured record beside the note: a second download, and the same file inside the PDF."""

from __future__ import annotations

import io
import json
import re

from pypdf import PdfReader

from tests.fhir_checks import models_accept
from tests.web.conftest import Clinic

SIGNS = {"age": "14", "missing_overnight": "yes", "older_partner": "yes"}


def download(clinic: Clinic, what: str, **data: str) -> tuple[bytes, dict[str, str]]:
    page = clinic.post(f"{clinic.case_url}/{what}", data, from_url=f"{clinic.case_url}/outcome")
    assert page.status == 200
    return page.response.data, dict(page.response.headers)


def attachments(pdf: bytes) -> dict[str, bytes]:
    reader = PdfReader(io.BytesIO(pdf))
    return {name: content[0] for name, content in reader.attachments.items()}


def test_the_record_downloads_beside_the_note_and_is_the_file_inside_it(clinic: Clinic) -> None:
    clinic.complete(SIGNS)
    outcome = clinic.outcome()
    button = outcome.soup.select_one(f'form[action="{clinic.case_url}/record"] button')
    assert button.get_text(strip=True) == "Download the structured record (JSON)"
    record, headers = download(clinic, "record")
    assert headers["Content-Type"] == "application/fhir+json"
    assert headers["Cache-Control"] == "no-store"
    disposition = headers["Content-Disposition"]
    name = re.fullmatch(
        r'attachment; filename="?(cserq-record-\d{8}-\d{6}-[0-9a-f]{6}\.json)"?', disposition
    )
    assert name, disposition
    resource = json.loads(record)
    models_accept(resource)
    pdf, _ = download(clinic, "note", note_language="cy+en")
    assert attachments(pdf) == {name.group(1): record}
    note_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert name.group(1) in re.sub(r"\s+", "", note_text)


def test_the_record_changes_when_the_answers_do_and_only_then(clinic: Clinic) -> None:
    clinic.complete(SIGNS)
    first, _ = download(clinic, "record")
    again, _ = download(clinic, "record")
    assert again == first
    clinic.answer_page(f"{clinic.case_url}/questions/physical", {"injuries": "yes"})
    changed, _ = download(clinic, "record")
    assert changed != first
    answered = {
        item["linkId"]: item["answer"][0]
        for group in json.loads(changed)["item"]
        for item in group["item"]
    }
    assert answered["injuries"]["valueCoding"]["code"] == "yes"
    assert answered["age"] == {"valueInteger": 14}


def test_an_anonymised_case_gives_a_record_without_the_child(clinic: Clinic) -> None:
    child = {"child-name": "Marmoset Jones", "child-nhs_number": "943 476 5919"}
    clinic.complete({**SIGNS, **child, "anonymised": "y", "child-first_language": "Cymraeg"})
    record, _ = download(clinic, "record")
    resource = json.loads(record)
    assert "subject" not in resource
    assert "Marmoset" not in record.decode("utf-8")
    assert "9434765919" not in record.decode("utf-8")
    assert "Cymraeg" in record.decode("utf-8")


def test_a_named_case_gives_a_record_about_that_child(clinic: Clinic) -> None:
    clinic.complete({**SIGNS, "child-name": "Marmoset Jones", "child-nhs_number": "943 476 5919"})
    resource = json.loads(download(clinic, "record")[0])
    assert resource["subject"] == {"reference": "#child"}
    (patient,) = resource["contained"]
    assert patient["name"] == [{"text": "Marmoset Jones"}]
    assert patient["identifier"][0]["value"] == "9434765919"


def test_no_note_or_record_is_made_from_half_a_set_of_answers(clinic: Clinic) -> None:
    first = clinic.start()
    for what in ("note", "record"):
        page = clinic.post(f"{clinic.case_url}/{what}", {}, from_url=first)
        assert page.status == 303
        assert page.response.headers["Location"].endswith("/questions/safety")
        assert not page.response.data.startswith(b"%PDF")


def test_a_welsh_note_names_the_welsh_it_was_made_with(clinic: Clinic) -> None:
    clinic.complete(SIGNS)
    pdf, _ = download(clinic, "note", note_language="en+cy")
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    catalogue = clinic.client.application.extensions["cserq"].questionnaires["cserq"].catalogues
    # What the note was made from names the Welsh catalogue and its hash.
    assert f"Welsh catalogue SHA-256 {catalogue['cy'].content_hash}" in text
    english, _ = download(clinic, "note", note_language="en")
    assert catalogue["cy"].content_hash not in " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(english)).pages
    )
