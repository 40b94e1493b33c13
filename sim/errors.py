"""Errors a user can act on: which file, which line, which field, what is wrong, what is allowed.

A message is said in the reader's language. Where the words of a problem are written, they are
written in both languages at once as a `Said` (English and Dutch side by side, so neither can be
forgotten); a plain string is taken as English and Dutch alike (a file name, a value). The
command line picks the language with `--lang` when it prints (`ScenarioError.message(lang)`).
"""

from __future__ import annotations

from dataclasses import dataclass

LANGS = ("en", "nl")


@dataclass(frozen=True)
class Said:
    """Words in English and Dutch, filled in the same way: `Said(en="...{n}...", nl="...{n}...")`."""

    en: str
    nl: str

    def __call__(self, lang: str = "en") -> str:
        return self.nl if lang == "nl" else self.en

    def format(self, **values: object) -> "Said":
        return Said(self.en.format(**values), self.nl.format(**values))

    def __str__(self) -> str:
        return self.en

    def __add__(self, other: "Said | str") -> "Said":
        return Said(self.en + said(other, "en"), self.nl + said(other, "nl"))


def said(text: "Said | str", lang: str = "en") -> str:
    """`text` in `lang`: a `Said` in that language, a plain string as it is."""
    return text(lang) if isinstance(text, Said) else str(text)


class ScenarioError(Exception):
    """A scenario file is malformed or contradicts itself. The CLI prints it and exits with status 2."""

    def __init__(self, file: str, line: int | None, field: str | None, problem: "Said | str", more: int = 0):
        self.file, self.line, self.field, self.problem, self.more = file, line, field, problem, more
        super().__init__(self.message())

    def message(self, lang: str = "en") -> str:
        nl = lang == "nl"
        where = self.file + (f", {'regel' if nl else 'line'} {self.line}" if self.line else "")
        what = f"{'veld' if nl else 'field'} '{self.field}': " if self.field else ""
        tail = ""
        if self.more:
            tail = (f" (nog {self.more} {'probleem' if self.more == 1 else 'problemen'} na dit.)" if nl else
                    f" ({self.more} more problem{'s' if self.more > 1 else ''} after this one.)")
        return f"{where}: {what}{said(self.problem, lang)}{tail}"


class UsageError(Exception):
    """A bad command-line argument (missing file, zero replications). Exit status 2.

    Its words may be a `Said`; `message(lang)` gives them in the reader's language.
    """

    def __init__(self, problem: "Said | str" = "", *args: object):
        self.problem = problem
        super().__init__(said(problem, "en"), *args)

    def message(self, lang: str = "en") -> str:
        return said(self.problem, lang)
