"""Questionnaires: the model, the loader that validates files, and the rule evaluator."""
