"""report.html in a real browser: headless Chromium lays the page out at 1400 and at 400 pixels
(a desktop and a phone) and a small script measures what a reader would see.

The page is copied to a temporary folder with a script added at the end of its body. Once the page
has loaded, the script measures the layout and writes its verdict into the page as JSON; Chromium's
`--dump-dom` prints the page as it then is, and the test reads the verdict back. What it measures:

- the page does not scroll sideways (its width is the window's);
- every chart, picture and table lies inside the window, and a table needs no sideways scrolling
  inside its container either, except one marked `wide` (the folded table of every replication,
  which may scroll inside its own box);
- every picture has text the browser reads (a chart drawn as inline SVG), and the smallest
  visible text of the page, chart text included at its drawn size, is at least FLOOR pixels.

Chromium's headless window is at least 500 pixels wide, so the page is shown in a frame of the
width asked. A screenshot of the whole English page at each width goes next to the copy (look at them when a check
fails). Without Chromium the test is skipped and says how to install it; nothing is faked.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sim.report.webreport import render

FLOOR = 12.0  # px: the smallest text a phone reader can read without zooming
WIDTHS = (1400, 400)
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="headless Chromium not found: install Debian's chromium package (sudo apt-get install chromium)")

MEASURE = """
<script>
window.addEventListener('load', () => {
  const width = document.documentElement.clientWidth, problems = [];
  const say = (el) => (el.id || el.closest('[id]')?.id || el.tagName.toLowerCase()) + ' ' +
                      (el.textContent || '').trim().slice(0, 50);
  const shown = (el) => el.getClientRects().length > 0;
  const pageWidth = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  if (pageWidth > width) problems.push(`the page scrolls sideways: ${pageWidth} px in a window of ${width}`);
  for (const el of document.querySelectorAll('img, svg, table')) {
    if (!shown(el)) continue;
    const holder = el.parentElement, table = el.tagName === 'TABLE';
    const scrolls = table && ['auto', 'scroll'].includes(getComputedStyle(holder).overflowX);
    const box = (scrolls ? holder : el).getBoundingClientRect();  // a table in a scrolling box: the box must fit
    if (box.right > width + 0.5 || box.left < -0.5)
      problems.push(`${el.tagName.toLowerCase()} outside the window (${box.left.toFixed(0)} to ${box.right.toFixed(0)}): ${say(el)}`);
    if (table && holder.scrollWidth > holder.clientWidth + 1 && !holder.classList.contains('wide'))
      problems.push(`table cut off: ${holder.scrollWidth} px in a box of ${holder.clientWidth}: ${say(el)}`);
  }
  for (const fig of document.querySelectorAll('figure')) {
    if (shown(fig) && ![...fig.querySelectorAll('svg text')].some(shown))
      problems.push(`a picture without text the browser can read (a raster image scales its text away): ${say(fig)}`);
  }
  let smallest = Infinity, smallestText = '';
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode, el = node.parentElement;
    if (!node.data.trim() || el.closest('script, style')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if (range.getClientRects().length === 0) continue;  // not shown: folded away or hidden at this width
    let size = parseFloat(getComputedStyle(el).fontSize);
    const drawn = el.closest('text');
    if (drawn) { const m = drawn.getScreenCTM(); size *= Math.hypot(m.a, m.b); }  // the chart's scale
    if (size < smallest) { smallest = size; smallestText = node.data.trim().slice(0, 60); }
  }
  const verdict = {width, innerWidth, height: document.documentElement.scrollHeight, smallest, smallestText,
                   charts: document.querySelectorAll('figure svg').length, problems};
  parent.postMessage(JSON.stringify(verdict), '*');
});
</script>
"""

# Chromium's headless window is at least 500 pixels wide, so the page is shown in a frame of the
# width asked (a frame is a viewport of its own: media queries and the layout follow its width).
FRAME = """<!DOCTYPE html><html><body style="margin: 0">
<iframe src="{src}" style="border: 0; display: block; width: {width}px; height: {height}px"></iframe>
<script>
window.addEventListener('message', (event) => {{
  const out = document.createElement('pre');
  out.id = 'layout-verdict';
  out.textContent = event.data;
  document.body.append(out);
}});
</script></body></html>
"""


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    """Run headless Chromium once, with its own profile (other tests may run a browser beside it)."""
    cmd = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
           f"--user-data-dir={profile}", "--virtual-time-budget=5000", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, f"chromium failed ({done.returncode}): {done.stderr[-2000:]}"
    return done


def framed(page: Path, width: int, height: int) -> Path:
    """A page that shows `page` in a frame `width` by `height` pixels."""
    frame = page.with_name(f"{page.stem}_frame_{width}_{height}.html")
    frame.write_text(FRAME.format(src=page.name, width=width, height=height), encoding="utf-8")
    return frame


def measured(page: Path, width: int, profile: Path) -> dict:
    """The verdict of MEASURE for `page` in a frame `width` pixels wide."""
    frame = framed(page, width, 900)
    dom = chromium(f"--window-size={max(width, 500)},900", "--dump-dom", frame.as_uri(), profile=profile).stdout
    found = re.search(r"<pre id=\"layout-verdict\">(.*?)</pre>", dom, re.S)
    assert found, f"the measuring script left no verdict in the page at {width} px"
    return json.loads(html.unescape(found.group(1)))


@pytest.fixture(scope="module")
def pages(small_comparison, tmp_path_factory) -> dict[str, Path]:
    """report.html of the small comparison in English and Dutch, with the measuring script added."""
    folder = tmp_path_factory.mktemp("browser")
    out = {}
    for lang in ("en", "nl"):
        text = render(small_comparison, lang)
        assert text.count("</body>") == 1
        out[lang] = folder / f"report_{lang}.html"
        out[lang].write_text(text.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    return out


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("width", WIDTHS)
def test_report_fits_the_screen(pages, lang, width, tmp_path):
    page = pages[lang]
    verdict = measured(page, width, tmp_path / "profile")
    shot = page.with_name(f"{page.stem}_{width}.png")
    if lang == "en":  # a picture of the whole page to look at (Dutch words are longer, but the layout is one)
        frame = framed(page, width, verdict["height"])
        chromium(f"--window-size={max(width, 500)},{verdict['height']}", f"--screenshot={shot}", frame.as_uri(),
                 profile=tmp_path / "profile")
    assert verdict["width"] == width, verdict  # the page is as wide as asked: the measurements mean what they say
    wrong = list(verdict["problems"])
    if verdict["charts"] == 0:
        wrong.append("no chart drawn as inline SVG")
    if verdict["smallest"] < FLOOR:
        wrong.append(f"text of {verdict['smallest']:.1f} px (at least {FLOOR} wanted): {verdict['smallestText']!r}")
    assert wrong == [], f"{page.name} at {width} px (screenshot: {shot}):\n" + "\n".join(wrong)
