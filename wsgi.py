"""For WSGI servers: ``waitress-serve wsgi:app`` (``cserq serve`` does this for you)."""

from cserq import create_app

app = create_app()
