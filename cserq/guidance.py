"""What to do next and where the child can get help: fixed texts shown on the outcome page and
in the note. Facts from DOMAIN.md, in our own words; local contacts come from configuration.
"""

from __future__ import annotations

from dataclasses import dataclass

from cserq.language import N_


@dataclass(frozen=True)
class Helpline:
    name: str
    who: str
    how: str
    when: str


# When no local contacts are configured, say how to find the right team.
DEFAULT_CONTACTS = N_(
    "Phone the social services of the local authority for the area where the concern arose."
    " Out of office hours, phone its Emergency Duty Team. Your safeguarding lead or your"
    " organisation's safeguarding pages will have the numbers."
)

NEXT_STEPS = (
    N_(
        "You have a duty to report a child at risk to the local authority (section 130 of the"
        " Social Services and Well-being (Wales) Act 2014). A lack of detail must not delay"
        " a report."
    ),
    N_(
        "If you are unsure, discuss it with your safeguarding lead or manager first, unless"
        " that would delay action."
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
    ),
    Helpline(
        "Childline",
        N_("Children and young people under 19"),
        N_("Phone 0800 1111 free, or chat online at childline.org.uk"),
        N_("Any time, day or night; free and confidential"),
    ),
    Helpline(
        N_("Children's Commissioner for Wales"),
        N_("Investigation and Advice service, for children and those who work with them"),
        N_("See childcomwales.org.uk"),
        N_("Free and confidential; not an emergency service"),
    ),
)

HELP_INTRO = N_(
    "You can tell the child about these services. Responsibility for exploitation lies with the"
    " people who exploit children, never with the child."
)

# The prompt shown with the help for the child rather than with the outcome.
PLANNING_PROMPT = "planning_18"

# What the outcome says first for someone aged 18 or over: the questionnaire's levels speak of
# a child at risk, which would mislead.
ADULT_TITLE = N_("Aged 18 or over: follow adult safeguarding procedures")
ADULT_TEXT = N_(
    "The person is an adult, so the duty to report a child at risk does not apply and this"
    " questionnaire's prompts for children do not fit. If they may be an adult at risk"
    " (section 126 of the Social Services and Well-being (Wales) Act 2014), report to the local"
    " authority's adult services, and discuss your concern with your safeguarding lead today."
)
