"""The project carries its own evidence: nothing it ships points outside the repository.

A user who clones the repository has only the repository. A citation of a file beside it (the
design notes and the calibration notes the project was started from), a path on the machine it
was written on, or a `docs/calibration.md §N` that names no section leaves a claim without its
source. These tests read every shipped text file (README, docs, code, scenarios, notebooks, tests,
benchmarks) and fail on any such reference, naming the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CALIBRATION = ROOT / "docs" / "calibration.md"
SCANNED = ("README.md", "pyproject.toml", "docs", "sim", "scenarios", "notebooks", "tests", "benchmarks")
TEXT = {".md", ".py", ".yaml", ".yml", ".toml", ".ipynb", ".txt", ".csv", ".json", ".cfg", ".ini"}
THIS = Path(__file__).resolve()

# Places that exist only on the machine the project was written on. Each pattern is assembled
# from parts so that this file does not match itself.
OUTSIDE = {
    "a path under the work folder of the machine it was written on": re.compile("/" + "work" + r"/"),
    "the design or calibration notes beside the repository": re.compile(
        r"shared/(?:" + "CALIBRATION" + "|" + "DESIGN" + "|" + "LAYOUT" + r"|sources)"),
    "a citation of the notes beside the repository (cite docs/calibration.md by section)": re.compile(
        r"\b" + "CALIBRATION" + r"\b|\b" + "DESIGN" + r"\.md\b"),
    "a home folder": re.compile(r"(?<![\w.])(?:/home/[a-z_][\w-]*|/root/|/Users/[A-Za-z]|[A-Za-z]:\\Users\\)"),
}
UP = re.compile(r"(?<![\w./])((?:\.\./)+)([\w.-][\w./-]*)?")
CITATION = re.compile(r"calibration\.md,? §(\d+)((?:(?:-| and |, | or )§\d+)*)")


def shipped_files() -> list[Path]:
    files: list[Path] = []
    for name in SCANNED:
        path = ROOT / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files += [p for p in path.rglob("*") if p.is_file() and p.suffix in TEXT
                      and "__pycache__" not in p.parts and p.resolve() != THIS]
    return sorted(files)


def lines(path: Path) -> list[tuple[int, str]]:
    return list(enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1))


def leaves_repository(path: Path, ups: str, rest: str | None) -> bool:
    """Whether `ups` + `rest`, read from the file's own folder (as a link or `extends:` is) and
    from the repository's root (as a command in the README is), leaves the repository both ways."""
    target = ups + (rest or "")
    inside = []
    for start in (path.parent, ROOT):
        resolved = (start / target).resolve()
        inside.append(resolved == ROOT or ROOT in resolved.parents)
    return not any(inside)


def sections() -> set[str]:
    return set(re.findall(r"^## §(\d+)\.", CALIBRATION.read_text(encoding="utf-8"), re.M))


def test_the_scan_sees_the_shipped_files():
    names = {p.relative_to(ROOT).as_posix() for p in shipped_files()}
    assert {"README.md", "docs/calibration.md", "scenarios/base/eindhoven.yaml", "sim/model/journey.py"} <= names
    assert any(n.startswith("notebooks/") for n in names) and any(n.startswith("benchmarks/") for n in names)


@pytest.mark.parametrize("kind", sorted(OUTSIDE))
def test_no_reference_to_a_place_outside_the_repository(kind):
    pattern = OUTSIDE[kind]
    found = [f"{p.relative_to(ROOT)}:{n}: {line.strip()[:120]}"
             for p in shipped_files() for n, line in lines(p) if pattern.search(line)]
    assert not found, f"{kind}:\n" + "\n".join(found)


def test_no_relative_path_leaves_the_repository():
    found = [f"{p.relative_to(ROOT)}:{n}: {m.group(0)}"
             for p in shipped_files() for n, line in lines(p) for m in UP.finditer(line)
             if leaves_repository(p, m.group(1), m.group(2))]
    assert not found, "relative paths that leave the repository:\n" + "\n".join(found)


def test_the_scan_would_catch_what_it_looks_for():
    """The patterns match the references the repository once held, so the tests above can fail."""
    once = ["in `../shared/" + "CALIBRATION.md`", "See `../shared/" + "DESIGN.md`", "(" + "CALIBRATION" + ".md s3)",
            "/" + "work/shared/sources", "/home/" + "someone/ontschot"]
    for text in once:
        assert any(p.search(text) for p in OUTSIDE.values()) or any(
            leaves_repository(ROOT / "README.md", m.group(1), m.group(2)) for m in UP.finditer(text)), text
    assert leaves_repository(ROOT / "README.md", "../", "shared/x.md")
    assert not leaves_repository(ROOT / "scenarios" / "village_deals" / "stein.yaml", "../", "base/small_municipality.yaml")


def test_calibration_has_numbered_sections():
    found = sections()
    assert found and found == {str(i) for i in range(1, len(found) + 1)}, sorted(found, key=int)


def test_every_calibration_citation_names_a_section_that_exists():
    known = sections()
    bad, count = [], 0
    for p in shipped_files():
        for n, line in lines(p):
            for m in CITATION.finditer(line):
                cited = [m.group(1)] + re.findall(r"§(\d+)", m.group(2))
                count += len(cited)
                bad += [f"{p.relative_to(ROOT)}:{n}: §{c}" for c in cited if c not in known]
    assert count > 50  # the scenarios cite it throughout; a citation pattern that matches nothing proves nothing
    assert not bad, "citations of docs/calibration.md sections that do not exist:\n" + "\n".join(bad)


def test_every_source_text_a_scenario_names_is_identified():
    """A library file's `source_text` is not shipped (other people's words); §8 must say what it is."""
    text = CALIBRATION.read_text(encoding="utf-8")
    eighth = text.split("## §8.", 1)[1].split("\n## ", 1)[0]
    named = {m.group(1) for p in (ROOT / "scenarios").rglob("*.yaml")
             for m in re.finditer(r"^source_text:\s*(\S+)", p.read_text(encoding="utf-8"), re.M)}
    assert named
    missing = sorted(n for n in named if f"`{n}`" not in eighth)
    assert not missing, f"source texts not identified in docs/calibration.md §8: {missing}"


# Model figures are generated (docs/scenarios.md's library table, run by its generator) and never
# typed into the guides: a typed figure goes stale when the model changes (docs/workshop.md once
# said the cap leaves "about EUR 9M" of deficit where the model gave 7.5M). A published figure may
# be typed when its paragraph cites docs/calibration.md; an interval's level (95%, 5-95%) is a
# convention, not a figure.
MONEY = re.compile(r"(?:EUR|€)\s?\d|\d(?:[\d.,]*\d)?\s?(?:million|miljoen|mln)\b|\b\d+(?:[.,]\d+)?\s?M\b")
PERCENT = re.compile(r"(?<![\d-])(?!95%|5-95%)\d+(?:[.,]\d+)?(?:-\d+)?\s?%")


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """Prose paragraphs (fenced code left out) with their first line number."""
    out, lines_, start, fence = [], [], 1, False
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip().startswith("```"):
            fence = not fence
            continue
        if fence:
            continue
        if line.strip():
            if not lines_:
                start = n
            lines_.append(line)
        elif lines_:
            out.append((start, "\n".join(lines_)))
            lines_ = []
    if lines_:
        out.append((start, "\n".join(lines_)))
    return out


def typed_figures(text: str, percent: bool = True) -> list[str]:
    found = []
    for n, para in _paragraphs(text):
        if "docs/calibration.md" in para:
            continue
        hits = MONEY.findall(para) + (PERCENT.findall(para) if percent else [])
        found += [f"paragraph at line {n}: {h}" for h in hits]
    return found


def test_the_figure_check_catches_a_typed_model_figure():
    assert typed_figures("it leaves a deficit of about EUR 9M over the term")
    assert typed_figures("somewhere between 2.1 and 3.6 million a year")
    assert typed_figures("about 4, 10, 13 and 14% in years one to four")
    assert not typed_figures("each with its 95% interval and a 5-95% band")
    assert not typed_figures("more than 10% over budget a year (docs/calibration.md §3)")


@pytest.mark.parametrize("name", ["docs/workshop.md", "README.md"])
def test_the_guides_type_no_model_figure(name):
    found = typed_figures((ROOT / name).read_text(encoding="utf-8"))
    assert not found, f"{name} types model figures; refer to docs/scenarios.md's generated table instead:\n" + "\n".join(found)


def test_the_notebooks_markdown_types_no_model_amount():
    import json

    found = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            if cell["cell_type"] == "markdown":
                found += [f"{path.name} cell {i}: {f}" for f in typed_figures("".join(cell["source"]), percent=False)]
    assert not found, "\n".join(found)


# A section cited in words ("section 3", "paragraaf 3", "par. 3") escapes the check above: cite it as §N.
WORDED = re.compile(r"calibration\.md,? (?:section|sections|paragraaf|par\.) \d")


def test_every_calibration_citation_names_its_section_as_the_check_reads_it():
    worded = [f"{p.relative_to(ROOT)}:{n}" for p in shipped_files() for n, line in lines(p) if WORDED.search(line)]
    assert not worded, "cite docs/calibration.md by §N, so that the section is checked:\n" + "\n".join(worded)
    assert WORDED.search("docs/calibration.md section 1") and WORDED.search("docs/calibration.md par. 3")
