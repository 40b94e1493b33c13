import pytest
from pydantic import ValidationError

from sim.policy.scenario import Budget
from sim.policy.timeline import Timeline


def test_plain_value_is_in_force_from_day_zero():
    b = Budget(pooled_share=0.4)
    assert Timeline(b.pooled_share).at(0) == 0.4 and Timeline(b.pooled_share).at(1000) == 0.4


def test_dated_values_take_effect_on_their_day():
    b = Budget(pooled_share=[{"from_day": 0, "value": 0.0}, {"from_day": 365, "value": 1.0}])
    t = Timeline(b.pooled_share)
    assert (t.at(0), t.at(364.9), t.at(365), t.at(900)) == (0.0, 0.0, 1.0, 1.0)


@pytest.mark.parametrize("steps", [
    [{"from_day": 5, "value": 0.1}],
    [{"from_day": 0, "value": 0.1}, {"from_day": 0, "value": 0.2}],
    [{"from_day": 0, "value": 0.1}, {"from_day": 9, "value": 1.5}],
    [],
])
def test_bad_steps_are_rejected(steps):
    with pytest.raises(ValidationError):
        Budget(pooled_share=steps)
