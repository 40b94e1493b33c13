"""The web report: one page that opens offline, every picture inside it, tables in the reader's language."""

import base64
import re
from html import escape
from html.parser import HTMLParser

import pytest

from sim.report.figures import FIGURES
from sim.report.labels import label
from sim.report.webreport import column_name, render, value

DATA_URI = re.compile(r"data:image/png;base64,[A-Za-z0-9+/=]+")


def fake_pictures() -> dict[str, bytes]:
    """Distinct bytes per file (the page embeds what it is given; real PNGs are tested in test_figures)."""
    return {name: b"\x89PNG\r\n\x1a\n" + name.encode() * 3 for name in FIGURES}


@pytest.fixture(scope="module")
def pages(small_comparison):
    return {lang: render(small_comparison, lang, fake_pictures()) for lang in ("en", "nl")}


class Tags(HTMLParser):
    """Collects start tags with their attributes, and checks that the tables close."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.open: dict[str, int] = {}

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self.open[tag] = self.open.get(tag, 0) + 1

    def handle_endtag(self, tag):
        self.open[tag] = self.open.get(tag, 0) - 1


def parsed(page: str) -> Tags:
    p = Tags()
    p.feed(page)
    p.close()
    return p


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_no_reference_to_any_network_resource(pages, lang):
    page = pages[lang]
    outside = DATA_URI.sub("", page)  # base64 may spell 'http' by chance: look at everything else
    assert "http" not in outside.lower()
    assert "//" not in outside.replace("<!--", "")  # no protocol-relative address either
    for bad in ("<script", "<link", "@import", "url(", "<iframe", "@font-face"):
        assert bad not in outside.lower()
    for tag, attrs in parsed(page).tags:
        for attr in ("src", "href"):
            if attr in attrs:
                assert attrs[attr].startswith("data:image/png;base64,"), (tag, attrs[attr][:40])


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
    assert f"<td class='num'>{value(row['difference'], 'money', lang)}</td>" in page
    if lang == "nl":
        assert "Uitgaven per jaar (miljoen euro)" in page and "Tekort in jaar 2 (miljoen euro)" in page


def test_stopping_rule_and_provenance(pages, small_comparison):
    c = small_comparison
    en, nl = pages["en"], pages["nl"]
    assert "3 replications, as asked" in en and "3 herhalingen, zoals gevraagd" in nl
    for arm in c.arms:
        assert arm.scenario.content_hash in en and escape(arm.name) in en
    assert c.created in en and f"<td>{c.seed}</td>" in en


def test_headline_sentences_and_clear_rows(pages, small_comparison):
    from sim.report.brief import headlines

    for lang, page in pages.items():
        for heading, sentences in headlines(small_comparison, lang):
            assert escape(heading) in page
            assert all(f"<li>{escape(s)}</li>" in page for s in sentences)
    assert "<tr class='clear'>" in pages["en"]  # the pooled arm's lower cost is a clear difference


def test_value_formats():
    assert value(12_345_678.0, "money") == "12.3"
    assert value(12_345_678.0, "money", "nl") == "12,3"
    assert value(0.8123, "share") == "81.2%"
    assert value(7.456, "grade", "nl") == "7,46"
    assert value(1234.0, "int") == "1,234"
    assert value(float("nan"), "days") == "-"
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
        assert ("<tr class='clear'>" in html) == bold, html
        assert (f": {words}</td>" in html) == negligible, html
