"""An exploration in words and pictures, on a synthetic worlds table whose answers are known.

The worlds are drawn as `ontschot explore` draws them; the runs' metrics are made up so that
latent demand drives the deficit, the cap cuts it, and the radical policy fails (a deficit) in
the worlds with latent demand above 0.25. The analysis is the real one (`analyse`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pypdf import PdfReader

from sim.report import explore_report as R
from sim.report.brief import A4
from sim.study.design import draw, values
from sim.study.explore import analyse
from sim.study.failure import parse
from tests.helpers import small

pytest.importorskip("ema_workbench", reason="pip install '.[explore]' brings the EMA Workbench")

PATHS = ("population.latent_share", "provisions.wmo_tailored.duration_days", "access.miss_probability")
METRICS = ("deficit", "cost_per_year", "mean_satisfaction", "mean_wait_days", "legal_exposure_cases", "escalations")


class Range:
    def __init__(self, low, high, why):
        self.kind, self.bounds, self.why = "uniform", (low, high), why

    def ppf(self, u):
        return self.bounds[0] + u * (self.bounds[1] - self.bounds[0])


RANGES = {PATHS[0]: Range(0.1, 0.4, "CBS gives no figure"), PATHS[1]: Range(180, 540, "local practice"),
          PATHS[2]: Range(0.05, 0.25, "guess")}


def _runs(worlds: pd.DataFrame, replications: int = 2) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for _, w in worlds.iterrows():
        latent, length, miss = w[PATHS[0]], w[PATHS[1]], w[PATHS[2]]
        for rep in range(replications):
            luck = rng.normal(0, 2e5)
            for policy, cut in (("radical", 1.0), ("capped", 0.2)):
                deficit = cut * (8e7 * (latent - 0.25) + 2e4 * (length - 360)) + luck
                rows.append({"world": int(w["world"]), "policy": policy, "replication": rep, **{p: w[p] for p in PATHS},
                             "deficit": deficit, "cost_per_year": 5e7 + 0.25 * deficit,
                             "mean_satisfaction": 7.0 - 3 * miss - (0.4 if cut < 1 else 0) + rng.normal(0, 0.01),
                             "mean_wait_days": 30 + 0.02 * length, "legal_exposure_cases": 0.0 if cut == 1 else 40.0,
                             "escalations": 100.0})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def x():
    design = draw("sobol", PATHS, 64, seed=2)
    worlds = values(design, RANGES)
    policies = [("radical", small("eindhoven_radical_maatwerk.yaml", years=2)),
                ("capped", small("eindhoven_capped.yaml", years=2))]
    return analyse(policies, design, RANGES, _runs(worlds), replications=2, failure=parse("deficit > 0"),
                   metrics=METRICS, created="2025-01-01T00:00:00+00:00")


def test_uncertain_paths_are_named_in_words_with_the_path_as_fallback(x):
    s = x.policies[0][1]
    assert R.path_words(PATHS[0], s) == "latent demand" and R.path_words(PATHS[0], s, "nl") == "de latente vraag"
    assert R.path_words(PATHS[1], s) == "the length of tailored care (Support at home (Wmo)) in days"
    assert R.path_words("access.latent_uptake[0].value", s) == "the share of latent demand that comes forward"
    assert R.path_words("budget.reserve", s) == "budget.reserve"


def test_the_sensitivity_sentence_names_what_drives_the_deficit_first(x):
    en = R.top_sentence(x, "radical", "deficit")
    assert en.startswith("Most of the variation in the deficit comes from latent demand (") and "of the variation" in en
    assert en.index("latent demand") < en.index("the length of tailored care")
    assert "miss" not in en  # the chance of a miss does not touch the deficit
    assert R.top_sentence(x, "radical", "deficit", "nl").startswith("De variatie in het tekort komt vooral van de latente vraag")
    assert R.top_sentence(x, "radical", "escalations") == "None of the assumptions explored clearly moves escalations."
    luck = R.top_sentence(x, "capped", "difference.mean_satisfaction")  # the cap's grade effect is a constant plus luck
    assert "hardly more than the simulation's luck" in luck and "latent" not in luck
    noise = R.noise_sentence(x, "radical", "deficit")
    assert "replications of one world differ by EUR 0.2M" in noise


def test_the_chosen_box_is_said_as_a_rule_with_its_limit_in_the_fields_unit(x):
    said = R.rule(x, "radical", "en")
    assert said.startswith("Eindhoven radical maatwerk fails (deficit after reserve above EUR 0.0M) when latent demand is "
                           "above 0.2")
    assert "of the failing worlds" in said and "of the worlds in that box" in said
    limit = x.discoveries["radical"].limits.set_index("path")
    assert set(limit.index) <= {PATHS[0], PATHS[1]} and PATHS[0] in limit.index
    assert "schiet tekort" in R.rule(x, "radical", "nl") and "0,2" in R.rule(x, "radical", "nl")
    assert R.rule(x, "capped", "en").startswith("Eindhoven with a cap and lawful buttons fails (")  # the same sign, smaller


def test_robustness_is_said_per_headline_with_its_share_and_interval(x):
    said = R.robustness_sentences(x)
    deficit = next(s for s in said if "the deficit" in s)
    assert deficit.startswith("Cap ") or "does better than" in deficit
    assert "% of the worlds (95% interval" in deficit
    grade = next(s for s in said if "mean grade" in s)
    assert "in 0% of the worlds" in grade and "worse in 100%" in grade  # the cap costs 0.4 grade points everywhere
    wait = next(s for s in said if "wait for help" in s)
    assert "about as well on the wait for help in every world" in wait
    assert all("\n" not in s for s in R.robustness_sentences(x, "nl"))


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_explore_pdf_is_one_a4_page_that_says_worlds_replications_method_and_assumptions(x, tmp_path, lang):
    path = tmp_path / "explore.pdf"
    R.write_pdf(x, path, lang)
    pdf = PdfReader(path)
    assert len(pdf.pages) == 1
    box = pdf.pages[0].mediabox
    assert (float(box.width) / 72, float(box.height) / 72) == pytest.approx(A4, abs=0.01)
    text = " ".join(pdf.pages[0].extract_text().split())
    if lang == "en":
        assert "320 worlds" in text and "2 replications" in text and "Saltelli" in text
        assert "assumptions to discuss" in text and "latent demand" in text
    else:
        assert "320 werelden" in text and "2 herhalingen" in text and "aannames om over te praten" in text


def test_the_html_page_stands_alone_with_the_three_answers_and_every_picture(x):
    pictures = R.render_pictures(x, "en", dpi=40)
    assert "discovery_radical.png" in pictures and "sensitivity_radical_deficit.png" in pictures
    assert "sensitivity_capped_difference.deficit.png" in pictures
    html = R.page(x, "en", pictures)
    assert "<script" not in html and "http" not in html.replace("http-equiv", "")
    for words in ("Which assumptions decide the outcome", "Where a policy fails", "How robust the choice is",
                  "320 worlds", "assumptions to discuss", "CBS gives no figure", "population.latent_share"):
        assert words in html
    assert html.count("data:image/png;base64,") == len(pictures)
    nl = R.section(x, "nl", {})
    assert "Welke aannames de uitkomst bepalen" in nl and "Which" not in nl
