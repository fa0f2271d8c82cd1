"""The ``cserq`` command: check questionnaire files and try their rules from the shell.

Exit codes: 0 all well, 1 a problem with a file (each printed as ``file:line: message``),
2 a bad command line. One module a group of commands: :mod:`~cserq.cli.authoring` for authors,
:mod:`~cserq.cli.decide` for one case from files, :mod:`~cserq.cli.serve` for the app.
"""

from __future__ import annotations

import click

from cserq.cli import authoring, decide, serve


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Decision support for practitioners worried that a child may be sexually exploited."""


for command in (
    authoring.check,
    authoring.translate,
    authoring.init,
    authoring.schema,
    decide.decide_command,
    authoring.spec,
    authoring.diff,
    authoring.export,
    serve.serve,
):
    main.add_command(command)
