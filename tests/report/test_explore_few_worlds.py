"""A rule found in a handful of worlds says so, in English and Dutch, in every output that shows it.

The README's example explores 16 worlds: any box PRIM finds there holds at most 16 of them, and
a share of failing worlds among so few is known only to within about 20 points. A council must
not read such a rule as a finding. The worlds are the synthetic ones of test_explore_report
(latent demand drives the deficit; the radical policy fails above 0.25), drawn once with 16
worlds and once with many, so the words appear where the worlds are few and only there.
"""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from sim.report import explore_report as R
from sim.study.design import draw, values
from sim.study.discovery import FEW_WORLDS
from sim.study.explore import analyse
from sim.study.failure import parse
from tests.helpers import small
from tests.report.test_explore_report import METRICS, PATHS, RANGES, _runs

pytest.importorskip("ema_workbench", reason="pip install '.[explore]' brings the EMA Workbench")


def _exploration(method: str, samples: int):
    design = draw(method, PATHS, samples, seed=2)
    worlds = values(design, RANGES)
    policies = [("radical", small("eindhoven_radical_maatwerk.yaml", years=2)),
                ("capped", small("eindhoven_capped.yaml", years=2))]
    return analyse(policies, design, RANGES, _runs(worlds), replications=2, failure=parse("deficit > 0"),
                   metrics=METRICS, created="2025-01-01T00:00:00+00:00")


@pytest.fixture(scope="module")
def few():
    return _exploration("lhs", 16)


@pytest.fixture(scope="module")
def many():
    return _exploration("sobol", 64)


def test_a_rule_from_sixteen_worlds_says_how_few_worlds_it_rests_on(few):
    found = few.discoveries["radical"]
    assert found.worlds == 16 and 0 < found.failing < 16 and found.box is not None
    inside, failing = found.box_worlds
    assert found.few_worlds and inside < FEW_WORLDS
    en, nl = R.rule(few, "radical", "en"), R.rule(few, "radical", "nl")
    assert en.startswith("Eindhoven radical maatwerk fails (") and " when " in en
    assert f"This rule rests on only {inside} worlds, {failing} of them failing: a lead to test with more worlds" in en
    assert f"Deze regel rust op slechts {inside} werelden, waarvan {failing} tekortschieten" in nl
    assert "not yet a finding" in en and "nog geen uitkomst" in nl


def test_a_rule_from_many_worlds_does_not(many):
    found = many.discoveries["radical"]
    assert found.box is not None and not found.few_worlds and found.box_worlds[0] >= FEW_WORLDS
    assert "rests on only" not in R.rule(many, "radical", "en")
    assert "rust op slechts" not in R.rule(many, "radical", "nl")


@pytest.mark.parametrize("lang,words", [("en", "rests on only"), ("nl", "rust op slechts")])
def test_the_one_page_brief_and_the_web_report_carry_the_warning(few, tmp_path, lang, words):
    pdf = tmp_path / "explore.pdf"
    R.write_pdf(few, pdf, lang)
    pages = PdfReader(pdf).pages
    assert len(pages) == 1
    assert words in " ".join(pages[0].extract_text().split())
    assert words in R.page(few, lang, pictures={})
