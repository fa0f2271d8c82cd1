"""The languages the app speaks, and their message catalogues (no Flask here).

Text in the core is marked with ``N_`` so the extractor finds it, and translated where it is
shown with the catalogue of the reader's language. English is the source language; every other
language needs its compiled catalogue (``translations/<code>/LC_MESSAGES/messages.mo``, built by
the install from the committed ``.po``).
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping
from functools import cache

from babel.support import Translations

from cserq.base.paths import shipped_dir

# Each language by its own name, as the switch link shows it.
LANGUAGES: Mapping[str, str] = {"en": "English", "cy": "Cymraeg"}
DEFAULT_LANGUAGE = "en"
NOTE_LANGUAGES = ("en", "cy", "cy+en", "en+cy")
"""The languages a note can be in: one, or both (``cy+en``: Welsh first)."""
# The locale that formats dates and numbers for each language (British English, not US).
LOCALES = {"en": "en_GB", "cy": "cy_GB"}
DOMAIN = "messages"


class MissingCatalogue(RuntimeError):
    """A language's compiled catalogue is not there: the install did not build it."""


def N_(message: str) -> str:
    """Mark ``message`` for translation; it is translated later, where it is shown."""
    return message


# Each language as a text names it in another language ("Saesneg" in Welsh), to translate.
LANGUAGE_NAMES: Mapping[str, str] = {"en": N_("English"), "cy": N_("Welsh")}


def compiled_app_catalogue(language: str) -> str:
    """The compiled catalogue of the app's own texts in ``language`` (a questionnaire's own
    Welsh sits beside its file: :func:`cserq.questionnaire.catalogue.catalogue_path`)."""
    return str(shipped_dir("translations") / language / "LC_MESSAGES" / f"{DOMAIN}.mo")


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue for ``language`` (one of ``LANGUAGES``), loaded once per process."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    try:
        with open(compiled_app_catalogue(language), "rb") as compiled:
            return Translations(compiled, domain=DOMAIN)
    except OSError as error:
        raise MissingCatalogue(
            f"{compiled_app_catalogue(language)}: the compiled {LANGUAGES[language]} catalogue is"
            " missing; reinstall (pip install .) or run: pybabel compile -d translations"
        ) from error
