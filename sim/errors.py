"""Errors a user can act on: which file, which line, which field, what is wrong, what is allowed."""

from __future__ import annotations


class ScenarioError(Exception):
    """A scenario file is malformed or contradicts itself. The CLI prints it and exits with status 2."""

    def __init__(self, file: str, line: int | None, field: str | None, problem: str, more: int = 0):
        self.file, self.line, self.field, self.problem, self.more = file, line, field, problem, more
        super().__init__(self.message())

    def message(self) -> str:
        where = self.file + (f", line {self.line}" if self.line else "")
        what = f"field '{self.field}': " if self.field else ""
        tail = f" ({self.more} more problem{'s' if self.more > 1 else ''} after this one.)" if self.more else ""
        return f"{where}: {what}{self.problem}{tail}"


class UsageError(Exception):
    """A bad command-line argument (missing file, zero replications). Exit status 2."""
