"""What questionnaire authors and clinical safety officers use, and clinicians never run: the
changes between two versions, the specification PDF, the JSON schema, new packs."""
