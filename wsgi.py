"""For WSGI servers: ``waitress-serve wsgi:app`` (``cserq serve`` does this for you)."""

import sys

from cserq import create_app
from cserq.questionnaire.loader import QuestionnaireError
from cserq.settings import SettingError

try:
    app = create_app()
except SettingError as error:
    print(f"Error: {error}", file=sys.stderr)
    sys.exit(2)
except QuestionnaireError as error:
    print(error, file=sys.stderr)
    sys.exit(1)
