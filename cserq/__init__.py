"""CSERQ: offline decision support for practitioners worried that a child is sexually exploited.

The core (questionnaire, decision, case store, PDF) never imports Flask; ``create_app`` imports
the web layer only when called, so ``flask --app cserq run`` finds it here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The web app: built-in defaults, then ``CSERQ_*`` environment settings, then test_config."""
    from cserq.web.app import build_app

    return build_app(test_config)
