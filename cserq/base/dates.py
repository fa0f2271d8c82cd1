"""Dates as people type them, in English or Welsh, and ages from dates of birth.

Accepted: day, month and year in that order, separated by ``/``, ``-``, ``.`` or spaces
(``27/3/2026``, ``27-3-2026``, ``27 3 2026``), the month as a name (``27 March 2026``,
``27 Mawrth 2026``, ``27 Mar 2026``), and ``2026-03-27``. A named month may follow an ordinal
and "of" or "o", as English and Welsh speakers write them (``3rd of March 2012``, ``3ydd o Fawrth
2012``, ``y 3ydd o Fawrth 2012``), in any case, the Welsh month in its radical or mutated form
(``Fawrth``, ``Orffennaf``, ``Ragfyr``). The year is always written in full, so ``1/2/26`` is
never guessed at, and a day and month without a year (``11 May``, ``11eg Mai``) is refused.
"""

from __future__ import annotations

import datetime
import re
from enum import Enum

OLDEST_YEAR = 1900

# Month names and their common short forms, English and Welsh. A Welsh month also has the soft
# mutation it takes after "o" ("3 o Fawrth", "o Orffennaf", "o Ragfyr"); Ionawr, Chwefror,
# Ebrill, Awst and Hydref do not change.
_MONTHS = {
    1: ("january", "jan", "ionawr", "ion"),
    2: ("february", "feb", "chwefror", "chwef"),
    3: ("march", "mar", "mawrth", "maw", "fawrth", "faw"),
    4: ("april", "apr", "ebrill", "ebr"),
    5: ("may", "mai", "fai"),
    6: ("june", "jun", "mehefin", "meh", "fehefin", "feh"),
    7: ("july", "jul", "gorffennaf", "gorff", "gorffenaf", "orffennaf", "orff", "orffenaf"),
    8: ("august", "aug", "awst"),
    9: ("september", "sep", "sept", "medi", "fedi"),
    10: ("october", "oct", "hydref", "hyd"),
    11: ("november", "nov", "tachwedd", "tach", "dachwedd", "dach"),
    12: ("december", "dec", "rhagfyr", "rhag", "ragfyr", "rag"),
}
MONTH_NUMBERS = {name: number for number, names in _MONTHS.items() for name in names}

# The endings of ordinal numbers written in figures. Welsh: 1af, 2il (or 2ail), 3ydd, 4ydd,
# 5ed, 6ed, 7fed to 10fed, 11eg, 12fed, 13eg, 14eg, 15fed, 16eg, 17eg, 18fed, 19eg, 20fed, 21ain
# to 31ain, with the variants people also write (3edd, 3dd); English: 1st, 2nd, 3rd, 4th. Any
# ending is taken with any day: the figures say which day it is.
ORDINAL_ENDINGS = ("af", "ail", "il", "ydd", "edd", "dd", "fed", "ed", "eg", "ain",
                   "st", "nd", "rd", "th")  # fmt: skip

_NUMERIC = re.compile(r"(\d{1,2})[\s/.\-]+(\d{1,2})[\s/.\-]+(\d+)")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NAMED = re.compile(
    r"(?:(?:the|y|yr) )?"  # "the 3rd of March", "y 3ydd o Fawrth", "yr 11eg o Fai"
    rf"(\d{{1,2}})(?:{'|'.join(ORDINAL_ENDINGS)})?"
    r"(?:[\s/.\-]+(?:of|o))?"
    r"[\s/.\-]+([^\W\d_]+)\.?,?[\s/.\-]+(\d+)"
)


def written(value: datetime.date) -> str:
    """A date as the app writes it back (27/03/2026): day first, as UK forms expect."""
    return value.strftime("%d/%m/%Y")


class DateProblem(Enum):
    """Why a typed date was refused; the form turns each into a message in the reader's language."""

    UNREADABLE = "unreadable"
    SHORT_YEAR = "short_year"
    NOT_A_DATE = "not_a_date"
    TOO_OLD = "too_old"
    FUTURE = "future"


class DateError(ValueError):
    def __init__(self, problem: DateProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def parse_date(text: str, *, today: datetime.date) -> datetime.date:
    """The date ``text`` stands for; raises :class:`DateError` saying why it is refused.

    A date after ``today`` or before 1900 is refused: every date this app asks for (a date of
    birth, when something happened) is in the past.
    """
    typed = " ".join(text.strip().casefold().split())
    day = month = year = None
    if match := _ISO.fullmatch(typed):
        year, month, day = (int(g) for g in match.groups())
        year_digits = 4
    elif match := _NUMERIC.fullmatch(typed):
        day, month, year = (int(g) for g in match.groups())
        year_digits = len(match.group(3))
    elif (match := _NAMED.fullmatch(typed)) and match.group(2) in MONTH_NUMBERS:
        day, month, year = int(match.group(1)), MONTH_NUMBERS[match.group(2)], int(match.group(3))
        year_digits = len(match.group(3))
    else:
        raise DateError(DateProblem.UNREADABLE)
    if year_digits != 4:
        raise DateError(DateProblem.SHORT_YEAR if year_digits <= 2 else DateProblem.NOT_A_DATE)
    try:
        value = datetime.date(year, month, day)
    except ValueError:
        raise DateError(DateProblem.NOT_A_DATE) from None
    check_past(value, today=today)
    return value


def check_past(value: datetime.date, *, today: datetime.date) -> None:
    """Raise :class:`DateError` unless ``value`` is from 1900 up to ``today``."""
    if value.year < OLDEST_YEAR:
        raise DateError(DateProblem.TOO_OLD)
    if value > today:
        raise DateError(DateProblem.FUTURE)


def age_on(born: datetime.date, today: datetime.date) -> int:
    """Age in whole years on ``today`` of someone born on ``born`` (29 February counts from
    1 March in other years)."""
    had_birthday = (today.month, today.day) >= (born.month, born.day)
    return today.year - born.year - (0 if had_birthday else 1)
