"""Where the files shipped beside the code live: `resources/` (icons, stylesheets) and the sample `corpus/`.

From a source checkout they sit at the top of the repository; in the PyInstaller build
(packaging/parallax.spec) they sit in the bundle folder that PyInstaller names in `sys._MEIPASS`.
Every layer may import this module; it imports only the standard library.
"""

from __future__ import annotations

import sys
from pathlib import Path


def app_root() -> Path:
    """The folder holding `resources/` and `corpus/`: the bundle when frozen, else the source checkout."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    """A file under `resources/`, e.g. `resource_path("icons", "parallax.svg")`."""
    return app_root().joinpath("resources", *parts)


def sample_corpus_path() -> Path:
    """The bundled sample corpus (five articles about one story)."""
    return app_root() / "corpus"
