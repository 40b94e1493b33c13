"""--fails: a failure read as comparisons joined by and/or, never evaluated as code."""

from __future__ import annotations

import pandas as pd
import pytest

from sim.study.failure import FailureError, parse

FRAME = pd.DataFrame({"deficit": [0.0, 5.0, 5.0, float("nan")], "difference.mean_satisfaction": [-1.0, 0.0, -0.6, -2.0],
                      "deficit_y2": [1.0, 0.0, 0.0, 0.0]})


def test_one_comparison_and_its_opposite():
    assert list(parse("deficit > 0").holds(FRAME)) == [False, True, True, False]  # a missing value fails nothing
    assert list(parse("deficit<=0").holds(FRAME)) == [True, False, False, False]


def test_and_binds_before_or():
    f = parse("deficit > 1 and difference.mean_satisfaction < -0.5 or deficit_y2 >= 1")
    assert list(f.holds(FRAME)) == [True, False, True, False]
    assert f.columns == ["deficit", "difference.mean_satisfaction", "deficit_y2"] and f.on_difference
    assert not parse("deficit > 0 OR deficit < -1e6").on_difference


@pytest.mark.parametrize("text, says", [
    ("defcit > 0", "no metric called 'defcit'"),
    ("difference.happiness < 0", "no metric called 'difference.happiness'"),
    ("deficit > 0 and", "nothing after 'and'"),
    ("deficit = 0", "cannot read"),
    ("deficit > 0 xor deficit < 1", "expected 'and' or 'or'"),
    ("__import__('os').system('true')", "cannot read"),
    ("0 < deficit", "expected METRIC OP NUMBER"),
    ("", "expected METRIC OP NUMBER"),
])
def test_bad_expressions_are_one_line_naming_what_is_allowed(text, says):
    with pytest.raises(FailureError) as err:
        parse(text)
    line = str(err.value)
    assert says in line and "\n" not in line
    if "no metric" in says:
        assert "mean_satisfaction" in line and "deficit" in line  # the names it does know


def test_a_summary_column_outside_the_registry_may_be_allowed_by_name():
    assert list(parse("my_column > 0", columns=["my_column"]).holds(pd.DataFrame({"my_column": [1, -1]}))) == [True, False]
