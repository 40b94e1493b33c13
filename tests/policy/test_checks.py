"""The consistency checks (sim.policy.checks), one by one: for each concern's check a small file on
the shipped small-municipality base that trips exactly that check and no other, and the loader's
one error for it naming the file, the line marked `# ERROR` and the field.

The scenario the checks saw is caught on its way through the loader, so the test can ask every
check in turn: the file's own check finds it, the eleven others find nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import sim.policy.loader as loader
from sim.errors import ScenarioError
from sim.policy import checks as C
from sim.policy.loader import load_scenario

from tests.helpers import BASE

# check -> (the file's body on the base, the field the error names, words of its message)
TRIPS = {
    C.source_issues: ("sources: ['A', 'B']\nsources_nl:  # ERROR\n  - 'Een'\n", "sources_nl", "has 1 entries"),
    C.domain_issues: ("domains:\n  wmo:\n    severity: [0.5, 0.3, 0.1]  # ERROR\n", "domains.wmo.severity",
                      "severity shares must sum to 1"),
    C.population_issues: ("population:\n  age_groups: {adult: 0.5, senior: 0.4}  # ERROR\n", "population.age_groups",
                          "age group shares must sum to 1"),
    C.subgroup_issues: ("population:\n  subgroups:\n    elderly:\n      residents_share: 0.1\n"
                        "      incidence:\n        wmoo: 100  # ERROR\n",
                        "population.subgroups.elderly.incidence.wmoo", "unknown domain 'wmoo'"),
    C.access_issues: ("access:\n  teams: per_neighbourhood\n  integral_staff: 2  # ERROR\n", "access.integral_staff",
                      "one team per neighbourhood"),
    C.provision_issues: ("provisions:\n  wmo_general:\n    result_fee: 100  # ERROR\n", "provisions.wmo_general.result_fee",
                         "result_fee is only used with payment: per_result"),
    C.catalogue_issues: ("provisions:  # ERROR\n  wmo_tailored:\n    enabled: false\n", "provisions",
                         "domain 'wmo' has no tailored provision"),
    C.plan_issues: ("plan:\n  personal_budget_share: 0.2  # ERROR\n", "plan.personal_budget_share",
                    "personal budgets need a provision of kind personal_budget"),
    C.prevention_issues: ("prevention:\n  wmoo:  # ERROR\n    outflow_speedup: 0.1\n", "prevention.wmoo",
                          "unknown domain 'wmoo'"),
    C.programme_issues: ("programmes:\n  desk:\n    budget: wmoo  # ERROR\n    cost_per_year: 1000\n",
                         "programmes.desk.budget", "unknown budget 'wmoo'"),
    C.pool_issues: ("budget:\n  pooled_share: 0.0\n  neighbourhood_pools: true  # ERROR\n", "budget.neighbourhood_pools",
                    "neighbourhood pots are made of pooled money"),
    C.button_issues: ("buttons:\n  - name: cap\n    action: waitlist\n    metric: spent_share\n    fire: 1.0\n    release: 1.1  # ERROR\n",
                      "buttons[0].release", "must be below fire"),
}


def test_every_check_of_the_module_has_a_file_that_trips_it():
    assert set(TRIPS) == set(C.CHECKS)


def _marked(path: Path) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "# ERROR" in line)


@pytest.mark.parametrize("check", list(TRIPS), ids=lambda c: c.__name__)
def test_a_file_trips_exactly_its_check_and_the_loader_names_file_line_and_field(check, tmp_path, monkeypatch):
    body, field, words = TRIPS[check]
    path = tmp_path / f"{check.__name__}.yaml"
    path.write_text(f"extends: {BASE}\nname: {check.__name__}\n{body}", encoding="utf-8")
    seen = []

    def spy(scenario):
        seen.append(scenario)
        return C.consistency_issues(scenario)

    monkeypatch.setattr(loader, "consistency_issues", spy)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    err = info.value
    assert Path(err.file).resolve() == path.resolve() and err.line == _marked(path), err.message()
    assert err.field == field, err.message()
    assert words in err.message() and f"field '{field}'" in err.message()
    assert "\n" not in err.message()
    [scenario] = seen
    facts = C.Facts.of(scenario)
    tripped = {c.__name__ for c in C.CHECKS if c(scenario, facts)}
    assert tripped == {check.__name__}


def test_the_base_trips_no_check():
    s = load_scenario(BASE)
    assert C.consistency_issues(s) == []
