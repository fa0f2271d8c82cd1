"""The structured record (FHIR R4) of a case and of the questionnaire it was asked from."""
