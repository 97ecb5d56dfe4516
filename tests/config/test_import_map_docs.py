"""The README's import map is the one .importlinter enforces."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_map_is_generated_from_the_contracts():
    result = subprocess.run(
        [sys.executable, "scripts/import_map.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_the_import_contracts_hold():
    """Layers, and no cycle between modules (function-level imports included)."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
