"""The web report: one page that opens offline, every picture inside it, tables in the reader's language.

How the page lays out in a browser at a desktop's and a phone's width is tested in test_browser.py.
"""

import base64
import re
from collections import Counter
from html import escape
from html.parser import HTMLParser

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from sim.report.figures import FIGURES, TITLES
from sim.report.labels import label
from sim.report.metric_words import cell
from sim.report.webreport import NARROW, column_name, differences_table, narrowed, provenance_table, render

DATA_URI = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")


def fake_pictures() -> dict[str, bytes]:
    """Distinct bytes per file (the page embeds what it is given; real PNGs are tested in test_figures)."""
    return {name: b"\x89PNG\r\n\x1a\n" + name.encode() * 3 for name in FIGURES}


@pytest.fixture(scope="module")
def pages(small_comparison):
    return {lang: render(small_comparison, lang, fake_pictures()) for lang in ("en", "nl")}


@pytest.fixture(scope="module")
def drawn(small_comparison):
    """The page as `ontschot compare` writes it: every chart drawn here, as inline SVG."""
    return render(small_comparison, "en")


class Tags(HTMLParser):
    """Collects start tags with their attributes, and checks that the tables close."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.open: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.open[tag] = self.open.get(tag, 0) + 1

    def handle_startendtag(self, tag, attrs):  # <path .../> in a chart: opens and closes
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        self.open[tag] = self.open.get(tag, 0) - 1


def parsed(page: str) -> Tags:
    p = Tags()
    p.feed(page)
    p.close()
    return p


def offline(page: str) -> None:
    """No address outside the page: pictures are data: URIs, a chart refers only to its own parts (#id)."""
    outside = DATA_URI.sub("", page)  # base64 may spell 'http' by chance: look at everything else
    assert "http" not in outside.lower()
    assert "//" not in outside.replace("<!--", "")  # no protocol-relative address either
    for bad in ("<script", "<link", "@import", "<iframe", "@font-face"):
        assert bad not in outside.lower()
    assert re.findall(r"url\((?!#)", outside) == []  # a chart's clip paths: url(#id) inside the page
    ids = set()
    for tag, attrs in parsed(page).tags:
        ids.add(attrs.get("id"))
        for attr, text in attrs.items():
            if attr == "src" or attr.endswith("href"):
                assert text.startswith(("data:image/png;base64,", "#")), (tag, text[:40])
    for ref in re.findall(r"(?:url\(|href=\")#([^)\"]+)", outside):
        assert ref in ids, ref


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_reference_to_any_network_resource(pages, lang):
    offline(pages[lang])


def test_charts_drawn_inline_twice_and_offline(drawn):
    """Each picture twice, as inline SVG with its text as text: the wide drawing and the phone's; ids unique."""
    offline(drawn)
    p = parsed(drawn)
    svgs = [a for t, a in p.tags if t == "svg"]
    assert len(svgs) == 2 * len(FIGURES)
    assert [t for t, _ in p.tags if t == "img"] == []
    for name, key in TITLES.items():
        assert sum(a.get("aria-label") == label(key) for a in svgs) == 2, name
    assert drawn.count("<div class='chart wide'>") == drawn.count("<div class='chart narrow'>") == len(FIGURES)
    assert ">Month of the council term</text>" in drawn  # text stays text, not glyph outlines
    widths = Counter(re.findall(r"<svg viewBox=\"0 0 ([\d.]+) ", drawn))
    assert widths == {"720": len(FIGURES), f"{NARROW * 72:g}": len(FIGURES)}, widths
    ids = [a["id"] for _, a in p.tags if "id" in a]
    assert len(ids) == len(set(ids)) > 0


@pytest.mark.parametrize("name", list(FIGURES))
@pytest.mark.parametrize("lang", ["en", "nl"])
def test_narrow_drawing_keeps_every_text_inside(small_comparison, name, lang):
    """The phone's drawing: NARROW inches wide, every text at its size and inside the picture."""
    def sizes(fig) -> set[float]:
        FigureCanvasAgg(fig).draw()  # lays the figure out as it is saved, ticks and all
        return {t.get_fontsize() for t in fig.findobj(lambda a: hasattr(a, "get_fontsize"))}

    wide = sizes(FIGURES[name](small_comparison, lang))
    fig = narrowed(FIGURES[name](small_comparison, lang))
    assert fig.get_size_inches()[0] == NARROW
    assert sizes(fig) == wide
    drawn = fig.get_tightbbox(FigureCanvasAgg(fig).get_renderer())  # inches, around everything drawn, texts included
    width, height = fig.get_size_inches()
    assert drawn.x0 >= -0.02 and drawn.y0 >= -0.02 and drawn.x1 <= width + 0.02 and drawn.y1 <= height + 0.02, drawn


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_picture_embedded_in_order(pages, lang):
    page = pages[lang]
    images = [attrs for tag, attrs in parsed(page).tags if tag == "img"]
    assert len(images) == len(FIGURES)
    for attrs, (name, png) in zip(images, fake_pictures().items()):
        assert attrs["src"] == "data:image/png;base64," + base64.b64encode(png).decode()
        assert attrs["alt"]


def test_tags_close_and_language_set(pages):
    for lang, page in pages.items():
        p = parsed(page)
        assert ("html", {"lang": lang}) in p.tags
        for tag in ("table", "tr", "td", "th", "figure", "ul", "details", "p"):
            assert p.open.get(tag, 0) == 0, tag


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_tables_in_the_reader_language(pages, small_comparison, lang):
    c = small_comparison
    page = pages[lang]
    for key in ("w_differences", "w_means", "w_summary", "w_difference", "w_interval", "w_scenario",
                "b_legal_title", "r_provenance", "w_how_many"):
        assert escape(label(key, lang)) in page, key
    assert escape(column_name("cost_per_year", lang)) in page
    assert escape(column_name("deficit_y2", lang)) in page
    assert escape(label("b_legal", lang)) in page
    row = c.differences.query("metric == 'cost_per_year'").iloc[0]
    assert f"<span class='nw'>{cell(row['difference'], 'cost_per_year', lang)}</span> <span class='nw'>(" in page
    if lang == "nl":
        assert "Uitgaven per jaar (miljoen euro)" in page and "Tekort in jaar 2 (miljoen euro)" in page


def test_stopping_rule_and_provenance(pages, small_comparison):
    c = small_comparison
    en, nl = pages["en"], pages["nl"]
    assert "3 replications, as asked" in en and "3 herhalingen, zoals gevraagd" in nl
    for arm in c.arms:
        assert arm.scenario.content_hash in en and escape(arm.name) in en
    assert c.created in en and f"<td>{c.seed}</td>" in en


def test_hash_short_with_the_whole_one_unfolding(small_comparison):
    table = provenance_table(small_comparison)
    for arm in small_comparison.arms:
        full = arm.scenario.content_hash
        assert len(full) > 10
        assert (f"<details class='hash'><summary><code>{full[:10]}…</code></summary><code>{full}</code></details>"
                in table)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_differences_name_each_pair_once(small_comparison, lang):
    """One heading per pair of scenarios and a row per metric; the rows hold no scenario names."""
    c = small_comparison
    html = differences_table(c, lang)
    first, later = c.arms[0].title(lang), [a.title(lang) for a in c.arms[1:]]
    headings = re.findall(r"<h3>(.*?)</h3>", html)
    assert headings == [escape(label("b_against", lang, b=b, a=first).rstrip(":")) for b in later]
    tables = re.findall(r"<table.*?</table>", html, re.S)
    assert len(tables) == len(later)
    metrics = [m for m, _ in c.metrics()]
    for name, table in zip(later, tables):
        heads = re.findall(r"<th [^>]*>(.*?)</th>", table)
        assert heads[1:3] == [escape(first), escape(name)]
        rows = re.findall(r"<tr(?: class='clear')? role='row'><td.*?</tr>", table)
        assert len(rows) == len(metrics)
        for row in rows:
            assert escape(first) not in row and escape(name) not in row
        assert [escape(column_name(m, lang)) in table for m in metrics] == [True] * len(metrics)


def test_headline_sentences_and_clear_rows(pages, small_comparison):
    from sim.report.brief import headlines

    for lang, page in pages.items():
        for heading, sentences in headlines(small_comparison, lang):
            assert escape(heading) in page
            assert all(f"<li>{escape(s)}</li>" in page for s in sentences)
    assert "<tr class='clear' role='row'>" in pages["en"]  # the pooled arm's lower cost is a clear difference


def test_cell_formats_by_each_metric_own_rule():
    assert cell(12_345_678.0, "cost_per_year") == "12.3"
    assert cell(12_345_678.0, "cost_per_year", "nl") == "12,3"
    assert cell(0.8123, "share_satisfied") == "81.2%"
    assert cell(7.456, "mean_satisfaction", "nl") == "7,46"
    assert cell(1234.0, "escalations") == "1,234"
    assert cell(41.57, "mean_wait_days") == "5.9"  # a wait in weeks, though the table holds days
    assert cell(float("nan"), "p90_wait_days") == "-"
    assert column_name("deficit", "en") == "Deficit after reserve (EUR million)"
    assert column_name("allocation", "en") == "Budget (allocations; EUR million)"


def _one_row_comparison(low: float, high: float, difference: float):
    """A comparison of two arms with one compared metric (cost per year) and the given paired difference."""
    from types import SimpleNamespace

    import pandas as pd

    arm = lambda label: SimpleNamespace(label=label, title=lambda lang="en": label)  # noqa: E731
    diffs = pd.DataFrame([{"scenario": "b", "against": "a", "group": "all", "metric": "cost_per_year", "unit": "money",
                           "mean": 20e6 + difference, "against_mean": 20e6, "difference": difference, "low": low,
                           "high": high, "replications": 5}])
    return SimpleNamespace(arms=[arm("a"), arm("b")], years=4, differences=diffs,
                           metrics=lambda: [("cost_per_year", "money")])


@pytest.mark.parametrize("low, high, difference, bold, negligible", [
    (30_000.0, 90_000.0, 60_000.0, False, False),  # shown "0.0 to 0.1": one end rounds to 0, so not bold
    (12_000.0, 44_000.0, 30_000.0, False, True),  # shown "0.0 to 0.0": within the resolution
    (160_000.0, 440_000.0, 300_000.0, True, False),  # shown "0.2 to 0.4": clear
])
def test_bold_only_when_the_shown_interval_is_clear(low, high, difference, bold, negligible):
    from sim.report.webreport import differences_table

    for lang, words in (("en", "no difference that matters"), ("nl", "geen verschil dat ertoe doet")):
        html = differences_table(_one_row_comparison(low, high, difference), lang)
        assert ("<tr class='clear'" in html) == bold, html
        assert (f": {words})</span></td>" in html) == negligible, html


def test_the_summary_table_names_per_domain_columns_by_the_domain_label(small_comparison):
    """The replications' table heads a per-domain column by the domain's label, in the reader's language."""
    from sim.report.webreport import summary_table

    s = small_comparison.arms[0].scenario
    for lang in ("en", "nl"):
        page = summary_table(small_comparison, lang)
        for domain, d in s.domains.items():
            shown = d.label_nl if lang == "nl" else d.label_en
            assert f": {escape(shown)}" in page and f": {domain}<" not in page
