"""`--lang nl` is Dutch everywhere (issue 13, part 1): every command a reader meets, run as a
user runs it, on small scenarios, prints and writes no English word or raw id from a list of
those that were found in Dutch outputs.

The commands run in a subprocess (`python -m sim`), so the console lines and the progress bar
on stderr are what a user sees. What is read: stdout and stderr of run, compare, sweep, explain
and validate; report.md; the visible text of report.html (no tags, styles or attributes);
model.md without its code (field paths, table names and the appendix's YAML are spelled as the
files spell them) and without the texts the scenario files give in English only (their cited
sources and the reporting guideline's citation); the brief's text (pypdf); and every text drawn
in the comparison's pictures. `ontschot schema --markdown` is the field reference of the file
format, in English as the files are, and is not checked here.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent

# Words and ids seen in Dutch outputs before they spoke Dutch, and the console's English words.
ENGLISH = [
    "replications", "replication", "Replication", "Wrote", "scenario-hashes", "Seed", "seed", "band",
    "With common random numbers", "common random numbers", "Met common random numbers", "ceiling",
    "stricter assessment", "hash", "valid", "note:", "against", "total cost", "mean grade", "legal exposure",
    "overspend", "allocation", "points", "each", "interrupted", "comparison of", "Model description", "Objectives",
    "Reported under", "Emergency button", "the", "and", "with", "of the", "mln",
    "Eindhoven radical maatwerk", "Eindhoven with a cap", "Baseline (earmarked",
    # raw ids a scenario file writes
    "desks", "integral", "standard", "projected_share", "standard_only", "stricter_access", "stricter_assessment",
    "jeugd_tailored", "participatie_tailored", "wmo_general", "wmo_tailored", "community_help", "integral_plan",
    "contracted", "waitlist", "committed_share", "spent_share", "close_intake", "intensity_cut",
]
PATTERN = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in ENGLISH) + r")(?![\w-])")


def english_in(text: str) -> list[str]:
    return sorted(set(PATTERN.findall(text)))


def tiny(folder: Path, name: str, extends: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(f"extends: {ROOT / 'scenarios' / extends}\nmunicipality: {{residents: 10000}}\n"
                    "run: {horizon_years: 1, replications: 2}\n", encoding="utf-8")
    return path


def ontschot(*args: object) -> tuple[str, str]:
    """`python -m sim ARGS` as a user runs it: its stdout and stderr, after checking it succeeded."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), COLUMNS="120")
    done = subprocess.run([sys.executable, "-m", "sim", *map(str, args)], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr


def visible(page: str) -> str:
    """The text a reader sees on an HTML page: no styles, scripts, tags or attributes."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


def model_text(md: str, scenario_files: list[Path]) -> str:
    """model.md as prose: without code, the appendix, and the English the scenario files cite."""
    import sim
    from sim.report.stress_text import CITATION

    md = md.split("\n## Bijlage")[0]
    md = re.sub(r"```.*?```", " ", md, flags=re.S)
    md = re.sub(r"`[^`]*`", " ", md)
    cited = [CITATION]
    for f in scenario_files:
        s = sim.load_scenario(f)
        cited += s.sources + [p.source for p in s.provisions.values() if p.source]
    for text in sorted(cited, key=len, reverse=True):
        md = md.replace(text, " ")
    return md


def a_case(folder: Path, where: str, wanted) -> int:
    """A case id from the steps or cases tables under `folder` that `wanted` picks."""
    for f in sorted(folder.rglob(f"{where}.parquet")):
        rows = wanted(pd.read_parquet(f))
        if len(rows):
            return int(rows["case_id"].iloc[0])
    raise AssertionError(f"no such case in {folder}")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, str]:
    """Every command's output with --lang nl, by where it was read."""
    folder = tmp_path_factory.mktemp("nl")
    first, second = tiny(folder, "eerste", "eindhoven_radical_maatwerk.yaml"), tiny(folder, "tweede", "eindhoven_capped.yaml")
    desks = tiny(folder, "loketten", "baseline_earmarked.yaml")
    got: dict[str, str] = {}
    got["run stdout"], got["run stderr"] = ontschot("run", desks, "--out", folder / "run", "--lang", "nl")
    got["report.md"] = (folder / "run" / "report.md").read_text(encoding="utf-8")
    cmp = folder / "cmp"
    got["compare stdout"], got["compare stderr"] = ontschot("compare", first, second, "--out", cmp, "--lang", "nl")
    got["report.html"] = visible((cmp / "report.html").read_text(encoding="utf-8"))
    got["model.md"] = model_text((cmp / "model.md").read_text(encoding="utf-8"), [first, second])
    from pypdf import PdfReader

    got["brief.pdf"] = "\n".join(page.extract_text() for page in PdfReader(cmp / "brief.pdf").pages)
    got["sweep stdout"], got["sweep stderr"] = ontschot("sweep", second, "--vary", "buttons.0.fire=1.0,1.05",
                                                        "--replications", "1", "--out", folder / "sweep", "--lang", "nl")
    pressed = a_case(cmp / "replications" / "tweede", "steps", lambda s: s[s["step"] == "button"])
    several = a_case(folder / "run", "cases", lambda c: c[(c["n_problems"] > 1) & ~c["initial"] & c["decision_day"].notna()])
    for key, args in {"explain comparison": (cmp, pressed), "explain run": (folder / "run", several)}.items():
        got[f"{key} stdout"], got[f"{key} stderr"] = ontschot("explain", *args, "--lang", "nl")
    got["validate stdout"], got["validate stderr"] = ontschot("validate", first, second, desks, "--lang", "nl")
    got["validate stdout"] = re.sub(r"`[^`]*`", " ", got["validate stdout"])  # field paths, spelled as the files do
    got["pictures"] = _picture_texts(first, second)
    return got


def _picture_texts(*files: Path) -> str:
    """Every text drawn in the comparison's pictures (titles, axes, ticks, legends, row labels)."""
    from matplotlib.text import Text

    import sim
    from sim.report.figures import FIGURES

    c = sim.compare([sim.load_scenario(f) for f in files], replications=2, labels=["eerste", "tweede"])
    texts = []
    for draw in FIGURES.values():
        fig = draw(c, lang="nl")
        texts += [t.get_text() for t in fig.findobj(Text)]
    return "\n".join(texts)


@pytest.mark.parametrize("where", ["run stdout", "run stderr", "report.md", "compare stdout", "compare stderr",
                                   "report.html", "model.md", "brief.pdf", "sweep stdout", "sweep stderr",
                                   "explain comparison stdout", "explain comparison stderr", "explain run stdout",
                                   "explain run stderr", "validate stdout", "validate stderr", "pictures"])
def test_no_english_word_in_dutch_output(outputs, where):
    assert english_in(outputs[where]) == [], f"English in {where}:\n{outputs[where][:3000]}"


def test_the_outputs_were_read_and_are_dutch(outputs):
    """The detector reads real text: each output holds Dutch, and English output would be caught."""
    assert "herhalingen" in outputs["compare stdout"] and "Herkomst van deze cijfers" in outputs["report.html"]
    assert "Logica van het basismodel" in outputs["model.md"] and "plafond" in outputs["pictures"]
    assert "Noodknop 'plafond'" in outputs["explain comparison stdout"]
    assert "Toegang via loketten" in outputs["explain run stdout"] and "geldig" in outputs["validate stdout"]
    assert english_in("Eindhoven radical maatwerk: 2 replication(s), seed 1 -> run/") == [
        "Eindhoven radical maatwerk", "replication", "seed"]


def test_every_command_for_readers_has_lang():
    for command in ("run", "compare", "sweep", "explain", "validate"):
        out, _ = ontschot(command, "--help")
        assert "--lang {en,nl}" in out, command


SHIPPED = sorted((ROOT / "scenarios").rglob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.relative_to(ROOT / "scenarios").as_posix())
def test_every_shipped_scenario_names_and_tells_itself_in_dutch(path):
    """A file's own `name` and `story` have a Dutch `name_nl` and `story_nl` of their own (the loader
    drops a base's Dutch text when a file renames or retells itself, so an English-only file would
    show English in a Dutch report), and the Dutch is not the English copied."""
    import yaml

    import sim

    own = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert own.get("name_nl"), f"{path.name}: no name_nl"
    if "story" in own:
        assert own.get("story_nl"), f"{path.name}: a story but no story_nl"
        assert " ".join(own["story_nl"].split()) != " ".join(own["story"].split())
        scenario = sim.load_scenario(path)
        assert scenario.told("nl") == " ".join(own["story_nl"].split()) and scenario.title("nl") == own["name_nl"]
