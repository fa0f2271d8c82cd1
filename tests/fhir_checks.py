"""Checks of the FHIR resources this app writes by tools that are not ours: the
``fhir.resources`` models."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire
from fhir.resources.R4B.questionnaireresponse import (
    QuestionnaireResponse as FhirQuestionnaireResponse,
)

Json = dict[str, Any]


# --- fhir.resources ---

MODELS = {"Questionnaire": FhirQuestionnaire, "QuestionnaireResponse": FhirQuestionnaireResponse}


def models_accept(resource: Mapping[str, Any]) -> None:
    """Validate against the ``fhir.resources`` R4B model, less what the models cannot read.

    They reject an extension on a primitive ``value[x]`` of an Extension (``_valueString``,
    which FHIR JSON allows and the schema and Medplum accept: fhir.resources issue 204), so
    those are taken out of the copy the models see.
    """
    MODELS[resource["resourceType"]].model_validate(_without_value_extensions(resource))


def _without_value_extensions(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            key: _without_value_extensions(item)
            for key, item in value.items()
            if not key.startswith("_value")
        }
    if isinstance(value, list):
        return [_without_value_extensions(item) for item in value]
    return value
