"""Errors a user can act on: which file, which line, which field, what is wrong, what is allowed.

A message is said in the reader's language. Where the words of a problem are written, they are
written in both languages at once as a `Said` (English and Dutch side by side, so neither can be
forgotten); a plain string is taken as English and Dutch alike (a file name, a value). The
command line picks the language with `--lang` when it prints (`ScenarioError.message(lang)`).
"""

from __future__ import annotations

LANGS = ("en", "nl")


class Said(str):
    """Words in English and Dutch, filled in the same way: `Said(en="...{n}...", nl="...{n}...")`.

    It is the English text as a string, so code and tests that read a message as text (`in`,
    `split`, `str()`) keep working; the Dutch rides along and `said(text, "nl")` or `text("nl")`
    gives it. Joining with `+` keeps both languages; an f-string keeps only the English, so a
    message that holds a `Said` is itself built with `Said(...).format(...)` or `+`.
    """

    nl: str

    def __new__(cls, en: str, nl: str) -> "Said":
        made = super().__new__(cls, en)
        made.nl = nl
        return made

    @property
    def en(self) -> str:
        return str.__str__(self)

    def __call__(self, lang: str = "en") -> str:
        return self.nl if lang == "nl" else self.en

    def format(self, *args: object, **values: object) -> "Said":  # type: ignore[override]
        """Fill both languages; a value that is itself a `Said` is filled in its own language."""
        return Said(self.en.format(*[said(a, "en") for a in args], **{k: said(v, "en") for k, v in values.items()}),
                    self.nl.format(*[said(a, "nl") for a in args], **{k: said(v, "nl") for k, v in values.items()}))

    def __str__(self) -> str:
        return self.en

    def __repr__(self) -> str:
        return f"Said(en={self.en!r}, nl={self.nl!r})"

    def __add__(self, other: "Said | str") -> "Said":  # type: ignore[override]
        return Said(self.en + said(other, "en"), self.nl + said(other, "nl"))

    def __radd__(self, other: str) -> "Said":
        return Said(said(other, "en") + self.en, said(other, "nl") + self.nl)

    def __reduce__(self):  # pickled across processes (a cluster's worker raises it)
        return (Said, (self.en, self.nl))

    def join(self, parts) -> "Said":  # type: ignore[override]
        parts = list(parts)
        return Said(self.en.join(said(p, "en") for p in parts), self.nl.join(said(p, "nl") for p in parts))


def count(n: float, spec: str = ",.0f") -> Said:
    """A number grouped by thousands as each language writes it: 16,710,282 and 16.710.282."""
    en = format(n, spec)
    return Said(en, en.translate(str.maketrans(",.", ".,")))


_SPOKEN = {"lang": "en"}  # the language this process speaks to its user: the command line's --lang


def speak(lang: str) -> None:
    """Set the language of the lines a study prints while it runs (a stored replication damaged, a
    task failed), which have no reader's language of their own to follow: `ontschot --lang` sets it."""
    _SPOKEN["lang"] = lang if lang in LANGS else "en"


def spoken() -> str:
    """The language set by `speak` ('en' unless the command line said otherwise)."""
    return _SPOKEN["lang"]


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
