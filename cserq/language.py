"""The languages the app speaks, and their message catalogues (no Flask here).

Text in the core is marked with ``N_`` so the extractor finds it, and translated where it is
shown with the catalogue of the reader's language.
"""

from __future__ import annotations

import gettext
from functools import cache

LANGUAGES = {"en": "English"}
DEFAULT_LANGUAGE = "en"
# The locale that formats dates and numbers for each language (British English, not US).
LOCALES = {"en": "en_GB", "cy": "cy_GB"}


def N_(message: str) -> str:
    """Mark ``message`` for translation; it is translated later, where it is shown."""
    return message


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue for ``language`` (one of ``LANGUAGES``), loaded once per process."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    return gettext.NullTranslations()
