"""The house: rooms with one-way doors, checked rather than hoped for (docs/architecture.md).

The contracts live in pyproject.toml ([tool.importlinter]): a layers contract (the command line
and the workshop, then the report, the study, the model, the policy, and the version and errors
at the bottom) and an acyclic-siblings contract (no import circles inside a room). Import Linter
reads the imports as the code has them, so a wrong-way import anywhere fails this test. Without
import-linter the check cannot run: in CI (CI=true) that fails, on a user's machine it skips and
says how to get it.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers import ROOT

GET_IT = 'pip install -e ".[test]" brings import-linter'


def in_ci() -> bool:
    """Whether the tests run in continuous integration: CI services set CI=true (any value but
    empty, 0, false or no counts)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _import_linter_present() -> None:
    """In CI a missing import-linter is a broken test environment, so the check fails there rather
    than passing silently as a skip; on a user's machine it skips and says how to get it."""
    try:
        import importlinter  # noqa: F401
        return
    except ImportError:
        pass
    if in_ci():
        pytest.fail(f"import-linter is missing in CI, so the import contracts went unchecked: {GET_IT}")
    pytest.skip(f"import-linter is not installed: {GET_IT}")


def test_the_import_contracts_are_kept():
    _import_linter_present()
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


def _architecture_test_without_import_linter(ci: str | None) -> subprocess.CompletedProcess:
    """This very test file run in a child pytest in which `import importlinter` finds nothing (a
    meta-path finder refuses it), with CI set to `ci` (or unset)."""
    blocker = ("import sys\n"
               "class _NoImportLinter:\n"
               "    def find_spec(self, name, path=None, target=None):\n"
               "        if name == 'importlinter' or name.startswith('importlinter.'):\n"
               "            raise ModuleNotFoundError(name)\n"
               "sys.meta_path.insert(0, _NoImportLinter())\n")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    if ci is not None:
        env["CI"] = ci
    code = (blocker + "import pytest\nraise SystemExit(pytest.main(['-q', '-p', 'no:cacheprovider', "
            "'tests/test_architecture.py::test_the_import_contracts_are_kept', '-rsf']))")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env)


def test_a_missing_import_linter_fails_in_ci():
    out = _architecture_test_without_import_linter("true")
    assert out.returncode == 1, out.stdout[-2000:]
    assert "1 failed" in out.stdout and "missing in CI" in out.stdout, out.stdout[-2000:]


def test_a_missing_import_linter_skips_on_a_users_machine_saying_how_to_get_it():
    out = _architecture_test_without_import_linter(None)
    assert out.returncode == 0, out.stdout[-2000:]
    assert "1 skipped" in out.stdout and 'pip install -e ".[test]"' in out.stdout, out.stdout[-2000:]
