"""Every figure a reader sees is the CSVs' figure in the same unit: report.html, brief.pdf and report.md.

A wait is kept in days in the tables (means.csv, differences.csv, summary.csv) and shown in
weeks; money is kept in euros and shown in EUR million; a share is kept as 0-1 and shown in
percent. Each metric has one display rule (`sim.report.metric_words.display`). report.html once
formatted by the unit alone and showed 41.6 "weeks" that were days. So these tests run a small
comparison and a small `run` from the command line, once per module, read what was written as a
reader would (the HTML's tables and picture text, the PDF's text, the Markdown's rows), and check
each figure against the CSVs passed through the metric's rule, in English and in Dutch.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from sim.cli import main
from sim.report.brief import sentence
from sim.report.labels import label
from sim.report.metric_words import cell, display, unit_of
from sim.report.numbers import eur_m, number, span
from sim.report.webreport import column_name
from sim.study.metrics import HEADLINES, RUN_REPORT

bs4 = pytest.importorskip("bs4")
pypdf = pytest.importorskip("pypdf")

ROOT = Path(__file__).resolve().parents[2]
TOWN = "Testdorp aan Zee"  # municipality.name, which every report must show


def _scenario(folder: Path, stem: str, extends: str, town: str = TOWN) -> Path:
    path = folder / f"{stem}.yaml"
    path.write_text(f"extends: {ROOT / 'scenarios' / extends}\n"
                    f"municipality: {{name: {town}, residents: 10000}}\n"
                    f"run: {{horizon_years: 1, replications: 2}}\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("scenarios")
    return [_scenario(folder, "radical", "eindhoven_radical_maatwerk.yaml"),
            _scenario(folder, "capped", "eindhoven_capped.yaml")]


@pytest.fixture(scope="module")
def compared(files, tmp_path_factory) -> dict[str, Path]:
    """One small comparison per language: two scenarios, 10,000 residents, one year, 2 replications."""
    out = {}
    for lang in ("en", "nl"):
        folder = tmp_path_factory.mktemp(f"compare_{lang}") / "out"
        assert main(["compare", *map(str, files), "--replications", "2", "--out", str(folder), "--lang", lang]) == 0
        out[lang] = folder
    return out


def _text(element) -> str:
    return " ".join(element.get_text(" ", strip=True).split())


def _page(folder: Path):
    return bs4.BeautifulSoup((folder / "report.html").read_text(encoding="utf-8"), "html.parser")


def _rows(table) -> list[list[str]]:
    return [[_text(c) for c in tr.find_all(["td", "th"])] for tr in table.find_all("tr")]


def _titles(folder: Path, lang: str) -> dict[str, str]:
    """The scenarios' labels (as in the CSVs) and their names as the reports give them (the first cell
    of the provenance table is the label, the second the name in the reader's language)."""
    page = _page(folder)
    heading = page.find("h2", string=label("r_provenance", lang))
    return {r[0]: r[1] for r in _rows(heading.find_next("table"))[1:]}


def _with_interval(mean: float, low: float, high: float, metric: str, lang: str) -> str:
    return f"{cell(mean, metric, lang)} ({span(cell(low, metric, lang), cell(high, metric, lang), lang)})"


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_report_html_means_table_shows_means_csv_in_each_metric_unit(compared, lang):
    folder = compared[lang]
    means = pd.read_csv(folder / "means.csv")
    titles = _titles(folder, lang)
    page = _page(folder)
    rows = _rows(page.find("h2", string=label("w_means", lang)).find_next("table"))
    head, body = rows[0], {r[0]: r[1:] for r in rows[1:]}
    assert set(means["metric"]) and len(body) == means["metric"].nunique()
    for r in means.itertuples(index=False):
        shown = body[column_name(r.metric, lang)][head.index(titles[r.scenario]) - 1]
        assert shown == _with_interval(r.mean, r.low, r.high, r.metric, lang), r.metric
    waits = body[column_name("mean_wait_days", lang)]
    assert "(weeks)" in column_name("mean_wait_days") and "(weken)" in column_name("mean_wait_days", "nl")
    mean_days = float(means.loc[means["metric"] == "mean_wait_days", "mean"].iloc[0])
    assert waits[0].startswith(number(mean_days / 7, 1, lang) + " ")  # weeks under "weeks", not days


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_report_html_differences_tables_show_differences_csv(compared, lang):
    folder = compared[lang]
    d = pd.read_csv(folder / "differences.csv")
    shown = set(pd.read_csv(folder / "means.csv")["metric"])  # the metrics of the episodes; residents' have their table
    d = d[(d["group"] == "all") & d["metric"].isin(shown)]
    titles = _titles(folder, lang)
    page = _page(folder)
    start, stop = (page.find("h2", string=label(k, lang)) for k in ("w_differences", "g_title"))
    tables = [h3.find_next("table") for h3 in start.find_all_next("h3") if stop in h3.find_all_next("h2")]
    pairs = list(d.groupby(["scenario", "against"], sort=False))
    assert len(tables) == len(pairs) >= 1
    for ((scenario, against), pair), table in zip(pairs, tables):
        rows = _rows(table)
        assert rows[0][1:3] == [titles[against], titles[scenario]]
        body = {r[0]: r[1:] for r in rows[1:]}
        assert len(body) == len(pair)
        for r in pair.itertuples(index=False):
            against_mean, mean, difference = body[column_name(r.metric, lang)]
            assert (against_mean, mean) == (cell(r.against_mean, r.metric, lang), cell(r.mean, r.metric, lang)), r.metric
            interval = span(cell(r.low, r.metric, lang), cell(r.high, r.metric, lang), lang)
            assert difference.startswith(f"{cell(r.difference, r.metric, lang)} ({interval}"), r.metric


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_report_html_groups_and_replications_tables_show_the_csvs(compared, lang):
    folder = compared[lang]
    d = pd.read_csv(folder / "differences.csv")
    titles = _titles(folder, lang)
    page = _page(folder)
    groups = _rows(page.find("h2", string=label("g_title", lang)).find_next("table"))
    for group in ("single", "multi"):
        part = d[d["group"] == group]
        heading = label(f"g_{group}", lang)
        at = next(i for i, r in enumerate(groups) if r[0].startswith(heading[:1].upper() + heading[1:]))
        for r in part[part["metric"] != "residents"].itertuples(index=False):
            row = next(x for x in groups[at + 1:] if x[0] == column_name(r.metric, lang))
            assert row[1:3] == [cell(r.against_mean, r.metric, lang), cell(r.mean, r.metric, lang)], r.metric
            assert row[3].startswith(cell(r.difference, r.metric, lang) + " ("), r.metric
    summary = pd.read_csv(folder / "summary.csv")
    shown = _rows(page.find("details").find("table"))
    head = shown[0]
    assert len(shown) - 1 == len(summary)
    for r, row in zip(summary.to_dict("records"), shown[1:]):
        assert row[0] == titles[r["scenario"]]
        for col in ("total_cost", "mean_wait_days", "p90_wait_days", "share_satisfied", "deficit_y1"):
            assert row[head.index(column_name(col, lang))] == cell(r[col], col, lang), col


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_wait_picture_speaks_in_the_tables_weeks(compared, lang):
    """The picture's 90% point (all residents of the replications together) lies between the
    replications' own 90th percentiles of summary.csv, in weeks; its median is named as one."""
    folder = compared[lang]
    summary = pd.read_csv(folder / "summary.csv")
    titles = _titles(folder, lang)
    page = _page(folder)
    texts = [" ".join(t.get_text().split()) for t in page.find_all("text")]
    weeks = display("p90_wait_days")
    for scenario, rows in summary.groupby("scenario"):
        legend = label("f_wait_legend", lang, name=titles[scenario], med="MED", p90="P90")
        pattern = re.escape(legend).replace("MED", r"([\d.,]+)").replace("P90", r"([\d.,]+)")
        found = [re.fullmatch(pattern, t) for t in texts]
        med, p90 = next(m for m in found if m).groups()
        value = lambda s: float(s.replace(",", ".") if lang == "nl" else s.replace(",", ""))  # noqa: E731
        low, high = (weeks.shown(rows["p90_wait_days"].agg(f)) for f in ("min", "max"))
        assert low - 0.05 <= value(p90) <= high + 0.05, (p90, low, high)
        assert value(med) <= value(p90)
        assert label("f_wait_legend", lang, name="", med="", p90="").count("median" if lang == "en" else "mediaan")


def _pdf_text(folder: Path) -> str:
    return " ".join(pypdf.PdfReader(str(folder / "brief.pdf")).pages[0].extract_text().split())


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_the_brief_says_differences_csv_in_each_metric_unit(compared, lang):
    """Each headline sentence stands in the brief, and holds the CSV's difference and 95% interval in
    the metric's unit (a wait in weeks, money in EUR million, a share in percentage points)."""
    folder = compared[lang]
    d = pd.read_csv(folder / "differences.csv")
    d = d[d["group"] == "all"].set_index(["scenario", "metric"])
    text = _pdf_text(folder)
    summary = pd.read_csv(folder / "summary.csv")
    budget = float(summary[summary["scenario"] == summary["scenario"].iloc[0]]["allocation"].mean())  # a year's
    for (scenario, metric), r in d.iterrows():
        if metric not in HEADLINES:
            continue
        said = sentence(metric, r["difference"], r["low"], r["high"], r["mean"], 1, lang, budget,
                        (int(r["replications"]), 2))
        assert " ".join(said.split()) in text, said
        rule = display(metric)
        digits = rule.digits
        while digits < 3 and r["difference"] != 0 and round(abs(rule.shown(r["difference"])), digits) == 0:
            digits += 1  # the brief shows a real but small difference with more decimals
        shown = set(re.findall(r"\d[\d.,]*\d|\d", said))
        for v in (r["difference"], r["low"], r["high"]):
            assert number(abs(rule.shown(v)), digits, lang) in shown, (metric, v, said)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_report_names_the_municipality(compared, lang):
    folder = compared[lang]
    assert TOWN in _text(_page(folder).find("h1"))
    assert label("b_title_in", lang, place=TOWN, names="").strip() in _pdf_text(folder)  # the title line
    model = (folder / "model.md").read_text(encoding="utf-8").splitlines()
    assert label("m_municipality", lang, place=TOWN) in model[:4]


def test_scenarios_of_several_municipalities_are_each_named_with_their_own(tmp_path):
    from sim.report.brief import title
    from sim.report.labels import municipalities
    from sim.policy.loader import load_scenario

    a = load_scenario(_scenario(tmp_path, "a", "eindhoven_radical_maatwerk.yaml", "Soest"))
    b = load_scenario(_scenario(tmp_path, "b", "eindhoven_capped.yaml", "Stein"))
    arms = [type("Arm", (), {"scenario": s, "title": s.title})() for s in (a, b)]
    c = type("C", (), {"arms": arms})()
    for lang in ("en", "nl"):
        said = title(c, lang)
        assert f"{a.title(lang)} (Soest)" in said and f"{b.title(lang)} (Stein)" in said
        assert municipalities([a, b], lang, ["a", "b"]).endswith("a: Soest; b: Stein.")


@pytest.fixture(scope="module")
def ran(files, tmp_path_factory) -> dict[str, Path]:
    """`ontschot run A B` per language: each scenario's folder and the side-by-side comparison."""
    out = {}
    for lang in ("en", "nl"):
        folder = tmp_path_factory.mktemp(f"run_{lang}") / "out"
        assert main(["run", *map(str, files), "--replications", "2", "--out", str(folder), "--lang", lang]) == 0
        out[lang] = folder
    return out


def _md_rows(path: Path) -> dict[str, list[str]]:
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("| ") and not line.startswith("| |"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            rows.setdefault(cells[0], cells[1:])  # the headline table comes first
    return rows


def _run_figure(value: float, column: str, lang: str) -> str:
    """A figure of a run's report: money with its currency, in EUR million by the money rule."""
    if unit_of(column) == "money":
        return eur_m(value, lang, display(column).digits)
    return cell(value, column, lang)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_run_report_md_shows_summary_csv_in_each_metric_unit(ran, lang):
    """report.md of `run`: each headline row holds the mean of summary.csv and, between brackets, the
    lowest and the highest replication, each by the metric's rule; the wait in weeks."""
    folder = ran[lang]
    stems = ("radical", "capped")
    summaries = [pd.read_csv(folder / s / "summary.csv") for s in stems]
    for path, tables in [(folder / s / "report.md", [t]) for s, t in zip(stems, summaries)] + [
            (folder / "comparison" / "report.md", summaries)]:
        rows = _md_rows(path)
        assert path.read_text(encoding="utf-8").startswith(f"# {label('r_title_in', lang, place=TOWN)}\n")
        for col in RUN_REPORT:
            cells = rows[_name(col, lang)]
            for shown, s in zip(cells, tables):
                v = s[col].astype(float)
                lo, hi = _run_figure(v.min(), col, lang), _run_figure(v.max(), col, lang)
                assert shown.startswith(_run_figure(v.mean(), col, lang)), (col, shown)
                assert shown.endswith(f"({lo} - {hi})"), (col, shown)
                if col == "mean_wait_days":  # weeks under "weeks", not days
                    assert shown.startswith(number(v.mean() / 7, 1, lang) + " "), (path, shown, v.mean())


def _name(column: str, lang: str) -> str:
    from sim.report.metric_words import name

    return name(column, lang)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_run_report_names_spending_and_overspend_for_what_they_are(ran, lang):
    """Total spending against the whole term's budget, and the overspend share, which counts only the
    budgets and years that went over, are each named so; the two cannot be taken for one figure."""
    s = pd.read_csv(ran[lang] / "radical" / "summary.csv")
    rows = _md_rows(ran[lang] / "radical" / "report.md")
    spending = rows[_name("total_cost", lang)][0]
    share = s["total_cost"].mean() / s["allocation"].mean()
    assert label("r_of_budget", lang, p=f"{number(100 * share, 1, lang)}%") in spending
    overspend = _name("overspend_share", lang)
    assert overspend in rows
    words = ("years a budget went over", "whole term's budget") if lang == "en" else (
        "jaren dat een budget werd overschreden", "budget van de hele periode")
    assert all(w in overspend for w in words)
