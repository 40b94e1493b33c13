"""Emergency buttons fire and release with hysteresis."""

import simpy

from sim.model.buttons import Buttons, ButtonState
from sim.policy.scenario import Button


def spec(**kw):
    base = dict(name="cap", metric="spent_share", budget="total", fire=1.0, release=0.9, action="waitlist")
    base.update(kw)
    return Button.model_validate(base)


def test_hysteresis_on_a_constructed_budget_path():
    b = ButtonState(spec(), 0, ["wmo"])
    path = [0.5, 0.95, 0.99, 1.0, 1.05, 0.97, 0.92, 0.9, 0.89, 0.95, 0.99, 1.01, 0.5]
    pressed = [b.update(day, v) for day, v in enumerate(path)]
    assert pressed == [False, False, False, True, True, True, True, True, False, False, False, True, False]
    kinds = [(e[0], e[4]) for e in b.events]
    assert kinds == [(3, "press"), (8, "release"), (11, "press"), (12, "release")]
    assert [round(e[6], 2) for e in b.events] == [1.0, 0.89, 1.01, 0.5]  # the metric value is recorded


def test_no_flicker_between_thresholds():
    b = ButtonState(spec(fire=1.0, release=0.8), 0, ["wmo"])
    b.update(0, 1.2)
    for day, v in enumerate([0.99, 0.85, 0.95, 0.81, 0.99], start=1):
        assert b.update(day, v)
    assert len(b.events) == 1


def test_inactive_button_does_not_fire_and_releases_when_switched_off():
    b = ButtonState(spec(active=[{"from_day": 0, "value": False}, {"from_day": 10, "value": True},
                                 {"from_day": 20, "value": False}]), 0, ["wmo"])
    assert not b.update(5, 2.0)
    assert b.update(12, 2.0)
    assert not b.update(21, 2.0)
    assert [e[4] for e in b.events] == ["press", "release"]


def test_release_wakes_waiting_cases():
    env = simpy.Environment()
    level = {"v": 2.0}
    buttons = Buttons([spec()], ["wmo"], env, lambda metric, budget, now: level["v"], lambda: 0)
    woken = []

    def case(env):
        buttons.evaluate(env.now)
        st = buttons.pressed("waitlist", [0])
        assert st is not None
        yield st.release_event
        woken.append(env.now)

    def budget_recovers(env):
        yield env.timeout(30)
        level["v"] = 0.5
        buttons.evaluate(env.now)

    env.process(case(env))
    env.process(budget_recovers(env))
    env.run()
    assert woken == [30]


def test_scope_by_domain():
    st = ButtonState(spec(domains=["jeugd"]), 0, ["wmo", "jeugd"])
    st.update(0, 5.0)
    assert st.applies_to([1]) and st.applies_to([0, 1]) and not st.applies_to([0])
