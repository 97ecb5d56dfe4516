"""The scripts under scripts/ as modules, for tests of their pure parts. They import each other by name
(scripts/ is on the path when one of them runs), so scripts/ is put on the path here too."""

import importlib
import sys
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def script(name):
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    return importlib.import_module(name)
