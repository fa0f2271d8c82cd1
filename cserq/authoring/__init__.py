"""What questionnaire authors and clinical safety officers use, and clinicians never run: the
changes between two versions (``cserq diff``), the specification PDF, new packs."""
