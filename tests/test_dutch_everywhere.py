"""`--lang nl` is Dutch everywhere (issue 13, part 1): every command a reader meets, run as a
user runs it, on small scenarios, prints and writes no English word or raw id from a list of
those that were found in Dutch outputs.

The commands run in a subprocess (`python -m sim`), so the console lines and the progress bar
on stderr are what a user sees. What is read: stdout and stderr of run, compare, sweep, explain
and validate; report.md; the visible text of report.html (no tags, styles or attributes);
model.md without its code (field paths, table names and the appendix's YAML are spelled as the
files spell them) and without the reporting guideline's citation (the scenario files' sources are
cited by their Dutch descriptions, `sources_nl`, and read); the brief's text (pypdf); and every text drawn
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
    """model.md as prose: without code, the appendix, and the guideline's English citation (the sources the
    scenario files cite are read: model.md gives their Dutch descriptions)."""
    from sim.report.stress_text import CITATION

    md = md.split("\n## Bijlage")[0]
    md = re.sub(r"```.*?```", " ", md, flags=re.S)
    md = re.sub(r"`[^`]*`", " ", md)
    return md.replace(CITATION, " ")


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
    for command in ("run", "compare", "sweep", "explain", "validate", "explore", "municipalities"):
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


TEXTS = {"description": "described", "mechanism": "mechanism_told", "claim": "claim_told"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.relative_to(ROOT / "scenarios").as_posix())
def test_every_shipped_description_mechanism_and_claim_has_its_dutch(path):
    """A file's own `description`, `mechanism` and `claim` have a Dutch `_nl` text of their own (model.md,
    the library and the workshop's Village Deal panel show them with `--lang nl`), the Dutch is not
    the English copied, and the loaded scenario gives the Dutch to a Dutch reader and the English to
    an English one."""
    import yaml

    import sim

    own = yaml.safe_load(path.read_text(encoding="utf-8"))
    scenario = sim.load_scenario(path)
    for key, told in TEXTS.items():
        if key not in own:
            continue
        english, dutch = " ".join(own[key].split()), " ".join(str(own.get(f"{key}_nl") or "").split())
        assert dutch, f"{path.name}: a {key} but no {key}_nl"
        assert dutch != english, f"{path.name}: {key}_nl is the English copied"
        assert getattr(scenario, told)("nl") == dutch and getattr(scenario, told)("en") == english


def test_a_file_that_writes_its_own_english_text_does_not_inherit_the_base_s_dutch(tmp_path):
    """As for name and story: a file extending the Eindhoven base with a description of its own but
    no description_nl is described in its own (English) words, not in the base's Dutch ones."""
    import sim

    base = ROOT / "scenarios" / "base" / "eindhoven.yaml"
    own = tmp_path / "own.yaml"
    own.write_text(f"extends: {base}\nname: Own\ndescription: Something else.\nmechanism: A mechanism.\n",
                   encoding="utf-8")
    s = sim.load_scenario(own)
    assert s.described("nl") == "Something else." and s.mechanism_told("nl") == "A mechanism."
    assert sim.load_scenario(base).described("nl").startswith("Vier geschotte budgetten")


@pytest.fixture(scope="module")
def deal():
    """The workshop's Village Deal panel for Ommen in Dutch, drawn at a tiny size, and its comparison."""
    from sim.workshop.panels import CachedRunner, VillageDealPanel, WorkshopSize

    runner = CachedRunner(WorkshopSize(residents=3_000, replications=2, years=1))
    panel = VillageDealPanel(runner, ROOT, lang="nl", deal="Ommen")
    panel.update(deal="Ommen")
    return panel, panel.comparison("Ommen")  # the same comparison, from the runner's cache


def test_the_village_deal_panel_tells_mechanism_and_claim_in_dutch(deal):
    import sim

    panel, _ = deal
    ommen = sim.load_scenario(ROOT / "scenarios" / "village_deals" / "ommen.yaml")
    assert ommen.mechanism_told("nl") in panel.text and ommen.claim_told("nl") in panel.text
    assert ommen.mechanism_told("en") not in panel.text and ommen.claim_told("en") not in panel.text
    from sim.report.labels import LABELS

    assert LABELS["ws_mechanism"]["nl"] in panel.text and LABELS["ws_claim"]["nl"] in panel.text


def test_model_md_in_dutch_gives_the_description_mechanism_and_claim_in_dutch(deal):
    """model.md used to leave the English-only description and claim out in Dutch (and show the mechanism
    in English); now sections 1 and 2.3 give the files' Dutch, the English model.md the English, and the
    field paths a mechanism names are code, so the Dutch prose holds no raw id."""
    from sim.report.stress import model_md

    _, c = deal
    base, ommen = (a.scenario for a in c.arms)
    nl, en = model_md(c, "nl"), model_md(c, "en")
    prose_nl, prose_en = (md.split("\n## ")[1:4] for md in (nl, en))  # sections 1 and 2, before the appendix
    prose_nl, prose_en = ("".join(p).replace("`", "") for p in (prose_nl, prose_en))
    for text in (ommen.claim_told("nl"), ommen.mechanism_told("nl"), base.described("nl")):
        assert text in prose_nl
    for text in (ommen.claim_told("en"), ommen.mechanism_told("en"), base.described("en")):
        assert text not in prose_nl and text in prose_en
    assert "`provisions.wmo_general.providers`" in nl
    assert english_in(model_text(nl, [ROOT / "scenarios" / "village_deals" / "ommen.yaml"])) == []


def test_the_dutch_library_table_gives_the_base_mechanism_and_claim_in_dutch():
    """`python -m sim.report.library --lang nl` writes each row's base, mechanism and claim in Dutch
    where the file gives them, and the English table keeps the English."""
    import pandas as pd

    from sim.report import library as L

    row = {"file": "scenarios/a.yaml", "name": "A", "base": "Small base", "base_nl": "Kleine basis",
           "source_text": "", "mechanism": "One team.", "mechanism_nl": "Eén team.", "claim": "Lower cost.",
           "claim_nl": "Lagere kosten.", "claims": {}, "parameters": ["access.mode"], "years": 4, "replications": 2,
           "seed": 1, "check": {}}
    for m in L.ROWS:
        row[m], row[f"{m}_low"], row[f"{m}_high"] = 0.0, -1.0, 1.0
    nl, en = (L.render_markdown(pd.DataFrame([row]), lang).splitlines()[2] for lang in ("nl", "en"))
    assert all(x in nl for x in ("tegenover Kleine basis", "| Eén team. |", "Lagere kosten.<br>"))
    assert not any(x in nl for x in ("Small base", "One team.", "Lower cost."))
    assert all(x in en for x in ("against Small base", "| One team. |", "Lower cost.<br>"))
