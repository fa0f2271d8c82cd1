"""Build hook: compile the gettext catalogues (.po) to .mo for the wheel and editable installs.

The .mo files are built, never committed. A wheel carries them inside the package as
``cserq/translations``; an editable install finds them in the source tree's ``translations/``.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogues(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        for po_path in sorted((root / "translations").glob("*/LC_MESSAGES/*.po")):
            with po_path.open("rb") as po_file:
                catalogue = read_po(po_file)
            compiled = io.BytesIO()
            write_mo(compiled, catalogue)
            mo_path = po_path.with_suffix(".mo")
            # A build may run beside the tests or the app (.ci/run builds the bundles while it
            # checks the code): they must never read a half-written file, so the new one takes
            # the old one's place whole, and only when it differs.
            if not mo_path.is_file() or mo_path.read_bytes() != compiled.getvalue():
                partial = mo_path.with_name(f"{mo_path.name}.{os.getpid()}.part")
                partial.write_bytes(compiled.getvalue())
                partial.replace(mo_path)
            if version != "editable":
                inside = mo_path.relative_to(root)
                build_data["force_include"][str(mo_path)] = f"cserq/{inside.as_posix()}"
