"""Build hook: compile the gettext catalogues (.po) to .mo for the wheel and editable installs.

The .mo files are built, never committed. A wheel carries them inside the package as
``cserq/translations``; an editable install finds them in the source tree's ``translations/``.
"""

from __future__ import annotations

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
            mo_path = po_path.with_suffix(".mo")
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalogue)
            if version != "editable":
                inside = mo_path.relative_to(root)
                build_data["force_include"][str(mo_path)] = f"cserq/{inside.as_posix()}"
