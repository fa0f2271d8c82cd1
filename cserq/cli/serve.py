"""``cserq serve``: the app with waitress, on this computer unless the network is asked for."""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import socket
import sys
import webbrowser
from pathlib import Path

import click

from cserq.base.paths import shown_path
from cserq.cli.common import (
    NO_CONTACTS,
    WholeNumber,
    fail,
    pack_option,
)
from cserq.files.problems import FileProblems
from cserq.settings.options import (
    HOST_NAME,
    SettingError,
    unknown_variables,
)

LOOPBACK = ("127.0.0.1", "localhost")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8080,
    show_default=True,
    type=WholeNumber(0, 65535, "0 lets the computer choose"),
    help="Port to listen on; 0 lets the computer choose a free one (the address is printed).",
)
@click.option("--no-browser", is_flag=True, help="Do not open the web browser.")
@click.option(
    "--allow-network",
    is_flag=True,
    help="Allow a --host other than this computer (loopback). Read the warning first.",
)
@click.option(
    "--threads",
    default=16,
    show_default=True,
    type=WholeNumber(1, 64),
    help="How many requests it answers at once (a quarter of them are kept for pages).",
)
@pack_option
def serve(
    host: str, port: int, no_browser: bool, allow_network: bool, threads: int, pack: Path | None
) -> None:
    """Run the app with waitress and open it in the browser.

    Stopping the app (Ctrl+C) clears every answer.
    """
    if not HOST_NAME.match(host):
        raise click.BadParameter(
            "give an IP address (such as 127.0.0.1) or a host name", param_hint="--host"
        )
    if host not in LOOPBACK and not allow_network:
        raise click.UsageError(
            f"--host {host} would let other computers reach the app; add --allow-network"
            " if that is really what you want."
        )
    from waitress import create_server

    from cserq import create_app

    # The app writes nothing to disk, and neither does Python caching compiled modules, nor
    # the system dumping the memory of a process that crashes (it holds the answers).
    sys.dont_write_bytecode = True
    no_core_dumps()
    for line in unknown_variables():
        click.echo(f"Warning: {line}", err=True)
    extra_hosts = [] if host in LOOPBACK or _unspecified(host) else [host]
    try:
        # A quarter of the threads never wait for notes (made in other processes): pages.
        config: dict[str, object] = {"NOTE_REQUESTS": max(1, threads - max(1, threads // 4))}
        app = create_app({**config, "PACK": str(pack)} if pack else config)
    except SettingError as error:
        for line in error.lines:
            click.echo(f"Error: {line}", err=True)
        sys.exit(2)
    except FileProblems as error:
        fail([str(problem) for problem in error.problems])
    if extra_hosts:
        app.config["TRUSTED_HOSTS"] = [*app.config["TRUSTED_HOSTS"], *extra_hosts]
    for note in app.extensions["cserq"].settings.notes:
        click.echo(f"Note: {note}", err=True)
    if not app.extensions["cserq"].contacts:
        click.echo(f"Note: {NO_CONTACTS}", err=True)
    for questionnaire in app.extensions["cserq"].questionnaires.values():
        click.echo(
            f"Questionnaire {questionnaire.id} version {questionnaire.version}"
            f" from {shown_path(Path(questionnaire.path))}",
            err=True,
        )
    try:
        server = create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            ident="cserq",
            # A request body is held in memory whole, never spilled to a temporary file: the
            # app refuses one over 128 KB (its page says so); waitress refuses one over 1 MB.
            max_request_body_size=1024 * 1024,
            inbuf_overflow=2 * 1024 * 1024,
        )
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            fail([f"Port {port} is already in use. {_free_port_hint(host, port)}"])
        reason = error.strerror or str(error) or type(error).__name__
        fail([f"Cannot listen on {host}:{port}: {reason}"])
    except ValueError:  # waitress could not turn the host into an address
        fail([f"Cannot listen on {host}:{port}: this computer has no such address"])
    app.extensions["cserq"].note_workers.warm()  # the first note need not wait for one to start
    shown_host = f"[{host}]" if ":" in host else host
    url = f"http://{shown_host}:{server.effective_port}/"
    if host not in LOOPBACK:
        click.echo(
            "WARNING: the app is reachable from other computers on the network, over plain"
            " HTTP. Anyone who can reach this address can start a case, and answers travel"
            " unencrypted. Use this only on a network you trust. Requests must name a host in"
            " CSERQ_TRUSTED_HOSTS (names separated by commas) or this address.",
            err=True,
        )
    try:
        click.echo(f"CSERQ decision support is running at {url}")
        click.echo("Press Ctrl+C to stop. Stopping clears every answer.")
        if not no_browser:
            webbrowser.open(url)
        server.run()  # returns when stopped: waitress handles Ctrl+C while it runs
    except KeyboardInterrupt:
        pass  # Ctrl+C before the server loop started
    finally:
        server.close()
        click.echo("Stopped. Every answer has been cleared.")


def no_core_dumps() -> None:
    """No core dump of this process or the note workers it starts (they inherit the limit)."""
    try:
        import resource
    except ImportError:  # Windows has no core dumps to turn off
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _free_port_hint(host: str, taken: int) -> str:
    """A suggestion of a port that is free now on ``host``, or of letting the system choose."""
    for port in range(taken + 1, min(taken + 50, 65535) + 1):
        try:
            with socket.create_server((host, port)):
                return f"Try one that is free now: cserq serve --port {port}"
        except OSError:
            continue
    return "Let the computer choose a free one: cserq serve --port 0"


def _unspecified(host: str) -> bool:
    """Whether ``host`` means "every address" (0.0.0.0 or ::), which names no host to trust."""
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False
