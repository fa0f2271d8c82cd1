"""Offline bundles of the app, built from a checkout with only the package indexes reachable.

    python -m tools.bundle                 # every artefact into dist/
    python -m tools.bundle --check dist    # check built artefacts: tags, checksums, bill

One module per kind of artefact: ``wheelhouse`` (every wheel for every platform, the bill of
materials and the checksums), ``windows`` (the portable folder and the installer) and ``debian``
(the ``.deb``).
"""

from tools.bundle.wheelhouse import PLATFORMS, Platform, bill_of_materials, build, check, main

__all__ = ["PLATFORMS", "Platform", "bill_of_materials", "build", "check", "main"]
