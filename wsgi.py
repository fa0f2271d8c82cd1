"""For WSGI servers: ``waitress-serve wsgi:app`` (``cserq serve`` does this for you)."""

import sys

from cserq import create_app
from cserq.files.problems import FileProblems
from cserq.settings.options import SettingError

try:
    app = create_app()
except SettingError as error:
    for line in error.lines:
        print(f"Error: {line}", file=sys.stderr)
    sys.exit(2)
except FileProblems as error:
    print(error, file=sys.stderr)
    sys.exit(1)
