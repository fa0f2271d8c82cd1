"""``python -m cserq`` runs the ``cserq`` command."""

from cserq.cli import main

main()
