"""The workshop notebooks: stored without outputs, and each runs top to bottom on a clean kernel.

Each notebook is executed once (a module-scoped fixture) with its widgets' default values, on a
fresh "python3" kernel from the ipykernel in this environment, as a facilitator would run it.
"""

from __future__ import annotations

import os
import re
import sys
import time
from queue import Empty

import nbformat
import pytest

from tests.helpers import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXPECTED = ["01_first_scenario", "02_eindhoven_vs_capped", "03_earmarked_or_pooled", "04_where_to_set_the_cap",
            "05_village_deals"]
PANELS = {"03_earmarked_or_pooled", "04_where_to_set_the_cap", "05_village_deals"}  # one panel cell each
CHECK_KERNEL = "import sys; print('KERNEL', sys.executable)"


def execute(nb: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, float]:
    """Run every cell on a clean kernel started in notebooks/ (as Jupyter does); raise on any error."""
    from nbclient import NotebookClient

    nb.cells.append(nbformat.v4.new_code_cell(CHECK_KERNEL))
    client = NotebookClient(nb, kernel_name="python3", timeout=600,
                            resources={"metadata": {"path": str(ROOT / "notebooks")}})
    client.on_notebook_start = lambda notebook: _poll_shell_in_steps(client)
    start = time.perf_counter()
    # The kernel starts in notebooks/: without this it would import whichever `sim` is installed, not this checkout's.
    client.execute(env={**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])})
    assert client.polls_in_steps
    return nb, time.perf_counter() - start


async def _poll_shell_in_steps(client) -> None:
    """Wait for a cell's reply in half-second polls instead of one poll of the whole timeout.

    Headless, the asyncio poll on the kernel's shell socket sometimes misses the reply to a cell
    that opens many widgets (about one run in four here: jupyter/nbclient#312); the reply is then
    read only when the poll times out, and the cell "takes" the whole 600 s timeout without an
    error. A fresh poll every half second finds it at once. A cell that really runs longer than
    the timeout still fails.
    """
    channel = client.kc.shell_channel
    single_poll = channel.get_msg

    async def get_msg(timeout: float | None = None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            step = 0.5 if deadline is None else max(0.0, min(0.5, deadline - time.monotonic()))
            try:
                return await single_poll(timeout=step)
            except Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise

    channel.get_msg = get_msg
    client.polls_in_steps = True


def text_of(nb: nbformat.NotebookNode) -> str:
    """All text the notebook showed: cell outputs and what its widgets hold (the panels' HTML and outputs)."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(str(out.get("text", "")))
            parts += [str(v) for k, v in out.get("data", {}).items() if k.startswith("text/")]
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    for model in state.values():
        parts.append(str(model.get("state", {}).get("value", "")))
        for out in model.get("state", {}).get("outputs", []):
            parts += [str(v) for k, v in out.get("data", {}).items() if k.startswith("text/")]
    return "\n".join(parts)


def test_the_five_workshop_notebooks_are_there():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a code cell has outputs; clear them before committing"
            assert cell.execution_count is None, f"{path.name}: a code cell has an execution count"
    assert "widgets" not in nb.metadata, f"{path.name}: widget state is stored; clear it before committing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_has_a_language_cell_near_the_top(path):
    nb = nbformat.read(path, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert code[0].startswith('LANG = "en"')


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda p: p.stem)
def executed(request):
    nb, seconds = execute(nbformat.read(request.param, as_version=4))
    nb.metadata["name"] = request.param.stem
    print(f"\n{request.param.name} ran in {seconds:.1f} s")
    return nb


def test_notebook_runs_top_to_bottom_on_the_same_interpreter(executed):
    out = "".join(o.get("text", "") for o in executed.cells[-1].outputs)
    assert out.startswith("KERNEL ")
    assert os.path.realpath(out.split(" ", 1)[1].strip()) == os.path.realpath(sys.executable)
    errors = [o for c in executed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors


def pictures_of(nb: nbformat.NotebookNode) -> int:
    """How many PNG pictures the notebook showed, in its cells and in its widgets' outputs."""
    outputs = [o for cell in nb.cells for o in cell.get("outputs", [])]
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    outputs += [o for model in state.values() for o in model.get("state", {}).get("outputs", [])]
    return sum("image/png" in o.get("data", {}) for o in outputs)


def test_notebook_shows_its_pictures(executed):
    """The figures are plain matplotlib Figures (no pyplot, no backend switch): shown as PNGs all the same."""
    assert pictures_of(executed) >= 1


def test_every_panel_cell_shows_its_picture_as_a_cell_output(executed):
    """A panel's picture is an output of its cell, not only inside a widget: a static copy (HTML, print) shows it."""
    cells = [c for c in executed.cells if c.cell_type == "code" and c.source.strip().split("\n")[-1] == "panel"]
    assert len(cells) == (executed.metadata.get("name") in PANELS)
    for cell in cells:
        assert any("image/png" in o.get("data", {}) for o in cell.outputs), cell.source


def test_notebook_says_it_runs_at_workshop_size(executed):
    assert "Workshop size: a municipality of at most 20,000 residents" in text_of(executed)


def test_dutch_switches_the_labels_and_the_explanations():
    nb = nbformat.read(ROOT / "notebooks" / "01_first_scenario.ipynb", as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    first.source = first.source.replace('LANG = "en"', 'LANG = "nl"')
    shown = text_of(execute(nb)[0])
    assert "Workshopformaat" in shown and "Zo lees je de figuren" in shown and "Totale uitgaven" in shown
    assert "Workshop size" not in shown


# --- Dutch that is Dutch (issue 18): every notebook run with LANG = "nl" -----------------------------------

RAW_IDS = ["buttons.0.fire", "cost_per_year", "mean_satisfaction", "legal_exposure_cases", "total_cost",
           "mean_wait_days", "allocation", "deficit", "replication", "Eindhoven with a cap and lawful buttons",
           "The same cap with a waiting list", "No cap", "With this cap", "residents"]
ENGLISH_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(,\d{3})+|\d+\.\d{1,2})(?![\w.,]*\d)")  # 4,192 and 0.97, not 4.192


def dutch_text_of(nb: nbformat.NotebookNode) -> str:
    """What a Dutch reader reads: every output and widget text, except the scenario file shown as it is written
    (a cell tagged `shows-file`: scenario files are English) and the test's own kernel check (the last cell)."""
    parts = []
    for cell in nb.cells[:-1]:
        if "shows-file" in cell.get("metadata", {}).get("tags", []):
            continue
        for out in cell.get("outputs", []):
            parts.append(str(out.get("text", "")))
            data = out.get("data", {})
            shown_as = "image/png" in data or "application/vnd.jupyter.widget-view+json" in data  # else its plain text
            parts += [str(v) for k, v in data.items() if k.startswith("text/") and not (k == "text/plain" and shown_as)]
    state = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    for model in state.values():
        value = model.get("state", {}).get("value", "")
        parts += [value] if isinstance(value, str) else []  # a slider's number is not text
        parts += [str(model.get("state", {}).get("description", ""))]
        for out in model.get("state", {}).get("outputs", []):
            parts += [str(v) for k, v in out.get("data", {}).items() if k.startswith("text/")]
    return "\n".join(parts)


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda p: p.stem)
def executed_nl(request):
    nb = nbformat.read(request.param, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    first.source = first.source.replace('LANG = "en"', 'LANG = "nl"')
    return execute(nb)[0]


def test_a_dutch_notebook_is_dutch_throughout(executed_nl):
    """Names through the scenarios' Dutch names, numbers through sim.report.numbers, columns and parameters in
    words, the explanations in Dutch: no English word, raw id or English-written number in what it shows."""
    from tests.test_dutch_everywhere import english_in

    shown = dutch_text_of(executed_nl)
    assert "herhalingen" in shown  # the detector reads real text
    assert english_in(shown) == []
    assert [w for w in RAW_IDS if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", shown)] == []
    assert sorted({m.group(0) for m in ENGLISH_NUMBER.finditer(shown)}) == []


def test_every_explanation_is_given_in_both_languages():
    """Each notebook's explanations are cells that say them in English and Dutch side by side; no markdown cell
    past the title and the language line, which could only be in one language whatever LANG is."""
    from sim.workshop.notebook import told

    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        assert [c.cell_type for c in nb.cells[:2]] == ["markdown", "markdown"]
        assert all(c.cell_type == "code" for c in nb.cells[2:]), path.name
        said = [c for c in nb.cells if "say" in c.metadata.get("tags", [])]
        assert said, path.name
        for cell in said:
            assert cell.source.startswith("say(LANG, en=") and ", nl=" in cell.source
            texts = eval(cell.source.replace("say(LANG, ", "dict(", 1))  # noqa: S307 - our own notebook's literal
            assert told("nl", **texts) != told("en", **texts)
