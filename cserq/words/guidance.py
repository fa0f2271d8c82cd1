"""What to do next and where the child can get help: fixed texts shown on the outcome page and
in the note. Facts from docs/domain.md, in our own words; local contacts come from configuration.
"""

from __future__ import annotations

from dataclasses import dataclass

from cserq.base.languages import N_
from cserq.questionnaire.model import Level


@dataclass(frozen=True)
class Helpline:
    name: str
    who: str
    how: str
    when: str
    up_to: int
    """The oldest age the service is for."""


# When no local contacts are configured, say plainly where the numbers are: no number is
# shipped that a health board has not checked.
DEFAULT_CONTACTS = N_(
    "No local numbers are set in this tool. The number of the social services of the local"
    " authority where the concern arose, and of its Emergency Duty Team for out of hours, is on"
    " that council's website (reporting a concern about a child); your safeguarding lead has"
    " both too."
)

DEFAULT_CONTACTS_ADULT = N_(
    "No local numbers are set in this tool. The number of the adult services of the local"
    " authority where the concern arose, and of its Emergency Duty Team for out of hours, is on"
    " that council's website (reporting a concern about an adult); your safeguarding lead has"
    " both too."
)

# What to do next, by route and level: each list asks for no more and no less than the
# headline it is shown under (a "discuss" outcome never says "you must report now").
_REPORT_STEPS = (
    N_(
        "You have a duty to report a child at risk to the local authority (section 130 of the"
        " Social Services and Well-being (Wales) Act 2014). A lack of detail must not delay"
        " a report."
    ),
    N_("If you report by phone, confirm the report in writing within one working day."),
    N_(
        "If you have had no acknowledgement within seven working days, contact social"
        " services again."
    ),
    N_(
        "Use the local authority's own report form. Attach this note to it if it helps, and"
        " send both by a secure route."
    ),
)
_DISCUSS_STEPS = (
    N_("Discuss your concern with your safeguarding lead or manager today."),
    N_(
        "If you and your lead decide to report, use the local authority's own report form,"
        " and confirm a phone report in writing within one working day."
    ),
)
_REVIEW_STEPS = (
    N_("Record what you saw, what you were told and what you did, in your service's records."),
    N_(
        "If you learn more, or your worry grows, answer the questions again or talk to your"
        " safeguarding lead. Your own judgement can always lead you to report."
    ),
)
_ADULT_STEPS = {
    Level.EMERGENCY: (
        N_(
            "After phoning 999, tell your safeguarding lead. If the young person may be an adult"
            " at risk, report to the local authority's adult services (section 128 of the Social"
            " Services and Well-being (Wales) Act 2014)."
        ),
    ),
    Level.REPORT: (
        N_(
            "You have a duty to report an adult at risk to the local authority's adult services,"
            " not to children's services (section 128 of the Social Services and Well-being"
            " (Wales) Act 2014)."
        ),
        N_("Where a crime against the young person is disclosed, consider telling the police."),
    ),
    Level.DISCUSS: (
        N_(
            "Discuss with your safeguarding lead today whether the young person may be an adult"
            " at risk. If they may be, report to the local authority's adult services (section"
            " 128 of the Social Services and Well-being (Wales) Act 2014)."
        ),
        N_("Where a crime against the young person is disclosed, consider telling the police."),
    ),
    Level.REVIEW: (
        N_(
            "Support the young person, tell them where they can get help, and record what you"
            " saw and did."
        ),
        N_("Where a crime against the young person is disclosed, consider telling the police."),
        N_(
            "You can discuss your concern with your safeguarding lead, and answer the questions"
            " again if you learn that they have needs for care and support."
        ),
    ),
}
_CHILD_STEPS = {
    Level.EMERGENCY: _REPORT_STEPS,
    Level.REPORT: _REPORT_STEPS,
    Level.DISCUSS: _DISCUSS_STEPS,
    Level.REVIEW: _REVIEW_STEPS,
}


def next_steps(level: Level, *, adult: bool) -> tuple[str, ...]:
    """What to do next (untranslated) for an outcome at ``level``."""
    return (_ADULT_STEPS if adult else _CHILD_STEPS)[level]


REPORT_FORM_ASKS = (
    N_(
        "Basic information: the child's names and other names, date of birth, addresses, who"
        " has parental responsibility, who lives in the household, ethnicity, first language,"
        " religion, any interpreter or communication needs, additional needs, school"
        " attendance, and other agencies involved."
    ),
    N_(
        "The cause for concern: what happened, when, where and who was involved, saying for"
        " each item whether it is your observation, fact, opinion, or something you were told."
    ),
    N_("What your service knows about the child and their family."),
)

HELPLINES = (
    Helpline(
        "Meic",
        N_("Children and young people in Wales, up to 25"),
        N_("Phone 080880 23456 free, text 84001, or chat online"),
        N_("8am to midnight, every day"),
        25,
    ),
    Helpline(
        "Childline",
        N_("Children and young people under 19"),
        N_("Phone 0800 1111 free, or chat online at childline.org.uk"),
        N_("Any time, day or night; free and confidential"),
        18,
    ),
    Helpline(
        N_("Children's Commissioner for Wales"),
        N_("Investigation and Advice service, for children and those who work with them"),
        N_("See childcomwales.org.uk"),
        N_("Free and confidential; not an emergency service"),
        17,
    ),
)


def helplines(age: int | None) -> tuple[Helpline, ...]:
    """The services a person of ``age`` can use (all of them when the age is not known)."""
    return tuple(h for h in HELPLINES if age is None or age <= h.up_to)


HELP_INTRO = N_(
    "You can tell the child about these services. Responsibility for exploitation lies with the"
    " people who exploit children, never with the child."
)
HELP_INTRO_ADULT = N_(
    "You can tell the young person about these services. Responsibility for exploitation lies"
    " with the people who exploit, never with the person exploited."
)

# The prompt shown with the help for the child rather than with the outcome.
PLANNING_PROMPT = "planning_18"

# The app's own statements, added under a level whatever a questionnaire says, so that no
# questionnaire or pack can remove them: the lowest level is never a finding that the child is
# safe, and a "discuss" never becomes a delay.
NOT_SAFE = N_(
    "This is not a finding that the child is safe: exploitation is often hidden, and children"
    " rarely tell."
)
NOT_SAFE_ADULT = N_(
    "This is not a finding that the young person is safe: exploitation is often hidden, and"
    " people rarely tell."
)
NO_DELAY = N_(
    "Talking to your lead must not delay action: if you cannot reach them today, make the report"
    " to social services yourself, and out of hours phone the local authority's Emergency Duty"
    " Team."
)
NO_DELAY_ADULT = N_(
    "Talking to your lead must not delay action: if you cannot reach them today and the young"
    " person may be an adult at risk, report to the local authority's adult services yourself."
)


def statement(level: Level, *, adult: bool) -> str | None:
    """The app's own statement under ``level`` (untranslated), if it has one."""
    if level is Level.REVIEW:
        return NOT_SAFE_ADULT if adult else NOT_SAFE
    if level is Level.DISCUSS:
        return NO_DELAY_ADULT if adult else NO_DELAY
    return None


# What the outcome says first for someone aged 18 or over: the questionnaire's levels speak of
# a child at risk and children's services, which would mislead.
ADULT_HEADLINES = {
    Level.EMERGENCY: (
        N_("Phone 999 now"),
        N_(
            "You have recorded that the young person is in immediate danger. Phone the police on"
            " 999 now, and ask for an ambulance too if they need medical help."
        ),
    ),
    Level.REPORT: (
        N_("Aged 18 or over: report to adult services now"),
        N_(
            "The young person is an adult with needs for care and support that stop them"
            " protecting themselves, so they may be an adult at risk (section 126 of the Social"
            " Services and Well-being (Wales) Act 2014). Report your concern to the local"
            " authority's adult services today: you have a duty to report an adult at risk."
        ),
    ),
    Level.DISCUSS: (
        N_("Aged 18 or over: discuss today with your safeguarding lead"),
        N_(
            "The young person is an adult, so adult safeguarding procedures apply, not those for"
            " children. Talk to your safeguarding lead today, including whether they may be an"
            " adult at risk (section 126 of the Social Services and Well-being (Wales) Act 2014)."
        ),
    ),
    Level.REVIEW: (
        N_("Aged 18 or over: support the young person"),
        N_(
            "The young person is an adult, so adult safeguarding procedures apply, not those for"
            " children. You did not record needs for care and support that stop them protecting"
            " themselves, so on these answers the duty to report an adult at risk does not arise."
            " Support them, and stay alert when you next see them."
        ),
    ),
}
