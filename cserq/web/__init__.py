"""The Flask app: the factory, a blueprint per area of pages, forms, language and headers."""
