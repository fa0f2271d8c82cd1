"""The note as a reader gets it: text read back from the PDF, fonts, metadata, pages."""

from __future__ import annotations

import datetime
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys

import pytest
from pypdf import PageObject, PdfReader

from cserq.case.details import CHILD_FIELDS, PRACTITIONER_FIELDS
from cserq.case.summary import AnswerNote, CaseSummary, Decision
from cserq.note import document
from cserq.note.document import note_filename, render_note
from cserq.note.settings import NoteSettings
from cserq.questionnaire.answers import answer_others
from cserq.questionnaire.model import Answer, Questionnaire
from cserq.record.response import structured_record
from cserq.settings.contacts import Contact
from tests.guards import forbid_disk_writes

AT = datetime.datetime(2026, 11, 22, 14, 30)
STANDARD_14 = re.compile(r"Helvetica|Times|Courier|Symbol|ZapfDingbats")


def case_for(
    questionnaire: Questionnaire, answers: dict[str, Answer], **details: object
) -> CaseSummary:
    filled = dict(answers)
    answer_others(questionnaire, filled, "no")
    return CaseSummary(questionnaire, filled, **details)  # type: ignore[arg-type]


def read(pdf: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, [page.extract_text() for page in reader.pages]


def flat(pages: list[str]) -> str:
    """All the text, with line breaks as spaces, so wrapped sentences can be searched."""
    return re.sub(r"\s+", " ", " ".join(pages))


@pytest.fixture
def emergency(cserq: Questionnaire) -> CaseSummary:
    return case_for(
        cserq,
        {"age": 17, "immediate_danger": "yes", "missing_overnight": "yes", "injuries": "unknown"},
        child={"name": "Siân Ŵyn", "nhs_number": "943 476 5919", "first_language": "Cymraeg"},
        practitioner={"name": "Nyrs Ŷ Jones", "role": "School nurse"},
        notes={"missing_overnight": AnswerNote("Said she stayed in Rhyl <b>& Ŵ", "child_said")},
        decision=Decision("emergency"),
    )


def test_sections_come_in_order_with_their_content(emergency: CaseSummary) -> None:
    _, pages = read(render_note(emergency, generated_at=AT))
    text = flat(pages)
    # What the receiver needs first: who, the danger, what the answers point to and why, the
    # practitioner's decision, what was seen or said; then the answers; the practitioner's
    # own next steps stay on the outcome page, and what the note is made from comes last.
    order = [
        "Decision-support note: concern about child sexual exploitation",
        "it is not a risk assessment",
        "Phone 999 now",
        "Siân Ŵyn",
        "943 476 5919",
        "What the answers point to",
        "You recorded that the child is in immediate danger.",
        "Signs recorded",
        "Worth finding out",
        "The practitioner's decision",
        "I have phoned, or will phone, 999 now",
        "What was seen or said, and by whom",
        "Said she stayed in Rhyl",
        "Every other answer",
        "Who to contact",
        "Planning for 18",
        "Made with questionnaire cserq",
        emergency.questionnaire.content_hash,
    ]
    positions = [text.find(item) for item in order]
    assert -1 not in positions, [o for o, p in zip(order, positions, strict=True) if p == -1]
    assert positions == sorted(positions)
    assert "confirm the report in writing" not in text  # the outcome page has the next steps


def test_phone_999_comes_first_on_page_one(emergency: CaseSummary) -> None:
    _, pages = read(render_note(emergency, generated_at=AT))
    first = flat(pages[:1])
    assert first.index("Phone 999 now") < first.index("What the answers point to")


@pytest.mark.parametrize(
    ("answers", "title", "reason"),
    [
        ({"age": 14, "disclosure": "yes"}, "Make a report to social services now", "told you"),
        ({"age": 15, "older_partner": "yes"}, "Discuss today with your safeguarding lead", ""),
        ({"age": 15}, "No signs recorded today", ""),
    ],
)
def test_the_prompt_and_why_for_each_level(
    cserq: Questionnaire, answers: dict[str, Answer], title: str, reason: str
) -> None:
    _, pages = read(render_note(case_for(cserq, answers), generated_at=AT))
    text = flat(pages)
    assert title in text
    assert "Phone 999 now" not in text
    assert reason in text
    if title.startswith("No signs"):
        assert "This is not a finding that the child is safe" in text
        assert "No rule that raises the level applied to these answers." in text


def test_the_answers_behind_a_reason_are_shown(cserq: Questionnaire) -> None:
    case = case_for(cserq, {"age": 12, "sexual_activity": "yes", "image_adult": "unknown"})
    text = flat(read(render_note(case, generated_at=AT))[1])
    assert "Age 12" in text
    assert "A child under 13 cannot consent" in text
    why = text[text.index("Why") : text.index("The practitioner's decision")]
    # Sexual activity is a sign recorded, with the signs, whatever category it is in.
    signs = why[why.index("Signs recorded") :]
    assert "has had any sexual contact, or is sexually active?" in signs
    assert text.count("has had any sexual contact, or is sexually active?") == 1


def test_dont_know_answers_are_listed_as_worth_finding_out(cserq: Questionnaire) -> None:
    answers: dict[str, Answer] = {"age": 15, "injuries": "unknown", "older_partner": "unknown"}
    text = flat(read(render_note(case_for(cserq, answers), generated_at=AT))[1])
    worth = text[text.index("Worth finding out") : text.index("The practitioner's decision")]
    assert "Does the child have bruises or other injuries" in worth
    assert text.count("Does the child have bruises or other injuries") == 1


def test_no_decision_leaves_room_to_write_one(cserq: Questionnaire) -> None:
    text = flat(read(render_note(case_for(cserq, {"age": 15}), generated_at=AT))[1])
    assert "No decision was recorded in the tool" in text
    assert "Practitioner Not given." in text


def test_a_decision_lower_than_the_prompt_is_marked_with_its_reason(cserq: Questionnaire) -> None:
    case = case_for(
        cserq,
        {"age": 14, "disclosure": "yes"},
        decision=Decision("discuss", "Lead available in an hour"),
    )
    text = flat(read(render_note(case, generated_at=AT))[1])
    assert "I will discuss with my safeguarding lead today" in text
    assert "Lead available in an hour" in text
    assert "This decision is lower than what the answers point to." in text


def test_about_the_child_shows_only_what_was_entered(emergency: CaseSummary) -> None:
    first = flat(read(render_note(emergency, generated_at=AT))[1][:1])
    about = first[first.index("Phone 999 now") : first.index("What the answers point to")]
    assert "Age 17" in about
    assert "NHS number 943 476 5919" in about
    assert "First language Cymraeg" in about
    assert "Not given: Other names or nicknames, Date of birth, Address" in about


def test_an_anonymised_note_leaves_identifying_details_out(cserq: Questionnaire) -> None:
    case = case_for(
        cserq,
        {"age": 15},
        child={"name": "Siân Ŵyn", "nhs_number": "943 476 5919", "ethnicity": "White Welsh"},
        anonymised=True,
    )
    text = flat(read(render_note(case, generated_at=AT))[1])
    assert "Siân" not in text
    assert "943 476 5919" not in text
    assert "White Welsh" in text
    assert "Anonymised note" in text


def test_notes_say_where_the_information_came_from(emergency: CaseSummary) -> None:
    text = flat(read(render_note(emergency, generated_at=AT))[1])
    seen = text[text.index("What was seen or said, and by whom") : text.index("Every other answer")]
    assert "Said she stayed in Rhyl <b>& Ŵ The child told me" in seen
    assert "Has the child gone missing overnight" in seen


def test_signs_are_grouped_by_category(emergency: CaseSummary) -> None:
    text = flat(read(render_note(emergency, generated_at=AT))[1])
    signs = text[text.index("Signs recorded") : text.index("Worth finding out")]
    assert "Behavioural signs Has the child gone missing overnight" in signs
    assert "None recorded: Physical signs; Emotional signs" in signs
    assert "1 sign answered “Don't know”." in signs


def test_hidden_questions_are_left_out_of_the_answers(cserq: Questionnaire) -> None:
    case = case_for(cserq, {"age": 15, "danger_details": "should not appear"})
    text = flat(read(render_note(case, generated_at=AT))[1])
    assert "What is the danger" not in text
    assert "should not appear" not in text


def test_local_contacts_replace_the_default_text(cserq: Questionnaire) -> None:
    settings = NoteSettings(
        contacts=(Contact("Anytown Children's Services", "01234 567890", "9 to 5", None),)
    )
    case = case_for(cserq, {"age": 15})
    with_contacts = flat(read(render_note(case, generated_at=AT, settings=settings))[1])
    default = flat(read(render_note(case, generated_at=AT))[1])
    assert "Anytown Children's Services 01234 567890 9 to 5" in with_contacts
    assert "Emergency Duty Team" in default
    assert "Anytown" not in default


def test_every_page_has_the_marking_top_and_bottom_and_page_x_of_y(emergency: CaseSummary) -> None:
    settings = NoteSettings(marking="OFFICIAL-SENSITIVE PERSONAL")
    _, pages = read(render_note(emergency, generated_at=AT, settings=settings))
    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        assert text.count("OFFICIAL-SENSITIVE PERSONAL") == 2
        assert f"Page {number} of {len(pages)}" in text


def test_long_tables_repeat_their_header_on_each_page(cserq: Questionnaire) -> None:
    notes = {q: AnswerNote("A long note. " * 30, "seen") for q in cserq.questions}
    _, pages = read(render_note(case_for(cserq, {"age": 15}, notes=notes), generated_at=AT))
    head = "About What the practitioner wrote Where it came from"
    headed = [p for p in pages if head in flat([p])]
    assert len(headed) >= 3


def test_every_font_is_embedded_and_none_is_a_standard_font(emergency: CaseSummary) -> None:
    reader, _ = read(render_note(emergency, generated_at=AT))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        assert not STANDARD_14.search(name), name
        assert "/FontFile2" in font["/FontDescriptor"], f"{name} is not embedded"


def test_welsh_letters_survive_extraction(cserq: Questionnaire) -> None:
    welsh = "Ŵ ŵ Ŷ ŷ â ê î ô û ŵ ŷ ï ë á é à è"
    case = case_for(cserq, {"age": 15}, child={"name": welsh}, practitioner={"name": welsh})
    text = flat(read(render_note(case, generated_at=AT))[1])
    assert welsh in text


def test_metadata(emergency: CaseSummary, cserq: Questionnaire) -> None:
    reader, _ = read(render_note(emergency, generated_at=AT))
    info = reader.metadata
    assert info is not None
    assert info.title == "Decision-support note: concern about child sexual exploitation"
    assert "report of a child at risk" in (info.subject or "")
    assert info.author == "Nyrs Ŷ Jones"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    anonymous, _ = read(render_note(case_for(cserq, {"age": 15}), generated_at=AT))
    assert anonymous.metadata is not None
    assert not anonymous.metadata.author


SUMMER = datetime.timezone(datetime.timedelta(hours=1))


@pytest.mark.parametrize(
    ("made", "date"),
    [(AT, "D:20261122143000"), (AT.replace(tzinfo=SUMMER), "D:20261122143000+01'00'")],
)
def test_the_record_is_the_one_attachment_a_reader_lists(
    emergency: CaseSummary, made: datetime.datetime, date: str
) -> None:
    """The structured record, byte for byte, with its media type, size, date and checksum, and
    marked as the data the note shows (PDF/A-3's associated file)."""
    name, record = structured_record(emergency, made)
    reader, _ = read(render_note(emergency, language="cy+en", generated_at=made))
    assert {found: content for found, (content,) in reader.attachments.items()} == {name: record}
    root = reader.trailer["/Root"]
    (spec,) = root["/AF"]
    spec = spec.get_object()
    assert root["/Names"]["/EmbeddedFiles"]["/Names"][1].get_object() == spec
    assert (spec["/Type"], spec["/F"], spec["/UF"]) == ("/Filespec", name, name)
    assert spec["/AFRelationship"] == "/Data"
    embedded = spec["/EF"]["/F"].get_object()
    assert embedded["/Subtype"] == "/application/fhir+json"
    assert embedded["/Params"]["/Size"] == len(record)
    assert embedded["/Params"]["/ModDate"] == date
    checksum = embedded["/Params"]["/CheckSum"].original_bytes
    assert checksum == hashlib.md5(record, usedforsecurity=False).digest()


@pytest.mark.skipif(
    shutil.which("qpdf") is None and not os.environ.get("CI"),
    reason="qpdf is not installed (scripts/test installs it as root)",
)
@pytest.mark.parametrize("invariant", [True, False])
def test_qpdf_finds_the_note_sound_and_takes_the_record_out(
    emergency: CaseSummary, tmp_path: object, invariant: bool
) -> None:
    """Another reader than pypdf: qpdf checks every object and stream, and gives the record."""
    name, record = structured_record(emergency, AT)
    note = f"{tmp_path}/note.pdf"
    with open(note, "wb") as file:
        file.write(render_note(emergency, generated_at=AT, invariant=invariant))
    check = subprocess.run(["qpdf", "--check", note], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors found" in check.stdout
    taken = subprocess.run(["qpdf", f"--show-attachment={name}", note], capture_output=True)
    assert taken.returncode == 0, taken.stderr
    assert taken.stdout == record


def test_the_record_is_made_once_a_note(
    emergency: CaseSummary, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bilingual note names the record in each language and carries it: made once for all."""
    made: list[object] = []

    def counted(*args: object) -> tuple[str, bytes]:
        made.append(args)
        return structured_record(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(document, "structured_record", counted)
    render_note(emergency, language="cy+en", generated_at=AT)
    assert len(made) == 1


def test_the_file_name_never_holds_the_child_details() -> None:
    name = note_filename(AT, "cy+en")
    assert re.fullmatch(r"cserq-note-20261122-143000-[0-9a-f]{6}-cy-en\.pdf", name), name


def test_notes_made_in_the_same_second_get_different_names() -> None:
    names = {note_filename(AT, language) for _ in range(200) for language in ("en", "cy")}
    assert len(names) == 400


def test_the_same_inputs_give_the_same_bytes(emergency: CaseSummary) -> None:
    first = render_note(emergency, generated_at=AT, invariant=True)
    assert render_note(emergency, generated_at=AT, invariant=True) == first
    later = render_note(emergency, generated_at=AT + datetime.timedelta(minutes=1), invariant=True)
    assert later != first


def test_building_the_note_writes_nothing_to_disk(emergency: CaseSummary) -> None:
    render_note(emergency, generated_at=AT)  # fonts registered, modules imported
    with forbid_disk_writes() as writes:
        pdf = render_note(emergency, generated_at=AT)
    assert pdf.startswith(b"%PDF-")
    assert writes == []


def test_the_disk_guard_notices_a_write(tmp_path: object) -> None:
    from tests.guards import DiskWrite

    with forbid_disk_writes() as writes, pytest.raises(DiskWrite):
        open(f"{tmp_path}/x.pdf", "wb").close()
    assert writes


@pytest.mark.parametrize("language", ["en", "cy", "cy+en"])
@pytest.mark.parametrize("others", ["no", "unknown", "yes"])
def test_no_page_but_the_last_is_left_mostly_empty(
    cserq: Questionnaire, language: str, others: str
) -> None:
    """A heading never drags a whole table to the next page, leaving the page before bare."""
    answers: dict[str, Answer] = {"age": 14, "injuries": "yes", "missing_overnight": "yes"}
    answer_others(cserq, answers, others)
    case = CaseSummary(
        cserq,
        answers,
        child={"name": "Siân Ŵyn", "address": "1 Stryd Fawr\nAberystwyth", "school": "Ysgol"},
        notes={
            q: AnswerNote("Seen at clinic; said she stays with friends", "seen") for q in answers
        },
        decision=Decision("report"),
    )
    reader, _ = read(render_note(case, language=language, generated_at=AT))
    # How far down each page its text reaches (the footer, at the foot of every page, aside):
    # lines are a poor measure, since a page of prose holds fewer, longer ones than a table.
    lowest = [_lowest_text(page) for page in reader.pages]
    height = float(reader.pages[0].mediabox.height)
    assert all(y < 0.5 * height for y in lowest[:-1]), (lowest, height)


def _lowest_text(page: PageObject) -> float:
    """The height above the foot of the page of the lowest line of body text."""
    heights: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            heights.append(tm[5] * cm[3] + cm[5])

    page.extract_text(visitor_text=visit)
    footer = min(heights)
    return min(y for y in heights if y > footer + 1)


CONCURRENT_NOTES = """
import datetime, threading
from cserq.case.summary import CaseSummary
from cserq.base.paths import shipped_dir
from cserq.note.document import render_note
from cserq.questionnaire.loader import load_questionnaire

q = load_questionnaire(shipped_dir("questions") / "cserq.yaml")
made, failed = [], []

def make(number):
    for language in ("en", "cy+en"):
        try:
            case = CaseSummary(q, {"age": 10 + number % 8}, child={"name": "Siân Ŵyn"})
            made.append(render_note(case, language=language, generated_at=datetime.datetime.now()))
        except Exception as error:
            failed.append(repr(error))

threads = [threading.Thread(target=make, args=(n,)) for n in range(16)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(len(made), len([pdf for pdf in made if pdf.startswith(b"%PDF") and b"%%EOF" in pdf[-16:]]))
print(failed[:1])
"""


def test_notes_made_at_once_from_a_fresh_start_all_come_out_whole() -> None:
    """ReportLab shares fonts between documents; 16 notes at once in a new process (fonts not
    yet loaded) once gave an IndexError under load."""
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", CONCURRENT_NOTES],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines() == ["32 32", "[]"]


@pytest.mark.parametrize("language", ["en", "cy", "cy+en", "en+cy"])
def test_phone_999_stays_on_page_one_when_every_field_is_unprintable(
    cserq: Questionnaire, language: str
) -> None:
    # Two headers, each listing every field it cannot show, once pushed it to page two.
    full = "😀" * 2000
    case = case_for(
        cserq,
        {"age": 10, "immediate_danger": "yes", "danger_details": full[:500]},
        child={f.id: full[: f.max_length] for f in CHILD_FIELDS},
        practitioner={f.id: full[: f.max_length] for f in PRACTITIONER_FIELDS},
        notes={"injuries": AnswerNote(full[:1000], "seen")},
        decision=Decision("no_report", full),
    )
    _, pages = read(render_note(case, language=language, generated_at=AT))
    first = flat(pages[:1])
    assert "Phone 999 now" in first or "Ffoniwch 999 nawr" in first
