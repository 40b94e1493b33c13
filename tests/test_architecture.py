"""The house: rooms with one-way doors, checked rather than hoped for (docs/architecture.md).

The contracts live in pyproject.toml ([tool.importlinter]): a layers contract (the command line
and the workshop, then the report, the study, the model, the policy, and the version and errors
at the bottom) and an acyclic-siblings contract (no import circles inside a room). Import Linter
reads the imports as the code has them, so a wrong-way import anywhere fails this test.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import ROOT

importlinter = pytest.importorskip("importlinter", reason="pip install -e '.[test]' brings import-linter")


def test_the_import_contracts_are_kept():
    code = ("from importlinter.cli import lint_imports; "
            "raise SystemExit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]


def _modules_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_importing_the_model_imports_neither_matplotlib_nor_the_upper_rooms():
    loaded = _modules_after("import sim.model.engine")
    assert "matplotlib" not in loaded
    assert not {m for m in loaded if m.startswith(("sim.study", "sim.report", "sim.workshop", "sim.cli"))}


def test_importing_the_report_does_not_switch_the_matplotlib_backend():
    code = ("import matplotlib; matplotlib.use('svg'); import sim.report.figures, sim.report.plots, "
            "sim.report.brief, sim.report.tradeoff, sim.workshop; print(matplotlib.get_backend())")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "svg"


def test_the_architecture_page_shows_every_room_and_module():
    """docs/architecture.md draws the contract's rooms and names every module of each room."""
    import tomllib

    page = (ROOT / "docs" / "architecture.md").read_text()
    layers = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]["layers"]
    rooms = [room.strip() for layer in layers for room in layer.split("|")]
    for room in rooms:
        assert f"sim.{room}" in page, room
    for room in ("policy", "model", "study", "report", "workshop"):
        paragraph = page.split(f"**`sim.{room}`", 1)[1].split("\n\n", 1)[0]
        for module in sorted((ROOT / "sim" / room).glob("*.py")):
            if module.name != "__init__.py":
                assert f"`{module.name}`" in paragraph, f"docs/architecture.md does not name sim/{room}/{module.name}"
