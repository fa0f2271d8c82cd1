"""Reading files people write (YAML, JSON), with every problem named by file, line and field.

Nothing clinical: the questionnaire, settings and contacts readers build on this."""
