"""The one parameter-path type: parse both spellings, read and set on a scenario, refuse clearly, say it in words."""

from pathlib import Path as FilePath

import pytest

from sim.policy.loader import load_scenario
from sim.policy.paths import Path, PathInvalid, PathRefused, with_values

ROOT = FilePath(__file__).resolve().parents[2] / "scenarios"
SMALL = ROOT / "base" / "small_municipality.yaml"
CAPPED = ROOT / "eindhoven_capped.yaml"  # the shipped scenario with a button


@pytest.fixture(scope="module")
def small():
    return load_scenario(SMALL)


@pytest.fixture(scope="module")
def capped():
    return load_scenario(CAPPED)


def test_both_spellings_of_a_list_entry_are_one_path_with_one_canonical_text():
    dotted, bracketed = Path.parse("buttons.0.fire"), Path.parse("buttons[0].fire")
    assert dotted == bracketed and hash(dotted) == hash(bracketed) and len({dotted, bracketed}) == 1
    assert dotted.text == str(bracketed) == "buttons[0].fire" and dotted.parts == ("buttons", 0, "fire")
    assert Path.parse("budget.pooled_share.1.value").text == "budget.pooled_share[1].value"
    assert Path.parse(dotted) is dotted  # a Path is taken as it is
    assert Path.parse("buttons.1.fire") != dotted


@pytest.mark.parametrize("text", ["", "buttons..fire", "buttons[x].fire", "1buttons", "a b"])
def test_text_that_is_no_path_is_refused_in_both_languages(text):
    with pytest.raises(PathRefused) as info:
        Path.parse(text)
    assert "is not a field path" in info.value.problem and "is geen veldpad" in info.value.problem("nl")


def test_a_dated_step_belongs_to_its_field():
    assert Path.parse("budget.pooled_share[1].value").field == Path.parse("budget.pooled_share")
    assert Path.parse("budget.pooled_share.1").field == Path.parse("budget.pooled_share")
    assert Path.parse("access.miss_probability").field == Path.parse("access.miss_probability")


def test_a_button_field_reads_and_sets_in_a_round_trip(capped):
    path = Path.parse("buttons.0.fire")
    assert path.read(capped) == capped.buttons[0].fire
    changed = path.set(capped, capped.buttons[0].fire + 0.1)
    assert path.read(changed) == pytest.approx(capped.buttons[0].fire + 0.1)
    assert changed.content_hash != capped.content_hash and path.read(capped) == capped.buttons[0].fire


def test_a_dated_step_and_its_one_step_shorthand_read_and_set_one_value(small):
    step, field = Path.parse("budget.pooled_share[0].value"), Path.parse("budget.pooled_share")
    assert step.read(small) == field.read(small) == small.budget.pooled_share[0].value
    by_step, by_field = step.set(small, 0.4), field.set(small, 0.4)
    assert step.read(by_step) == field.read(by_field) == 0.4
    assert by_step.content_hash == by_field.content_hash
    assert step.target(small).value_parts == field.target(small).value_parts  # one value: uncertain's duplicate check


def test_a_named_entry_reads_and_sets(small):
    path = Path.parse("domains.wmo.incidence")
    assert path.read(small) == small.domains["wmo"].incidence
    assert path.read(path.set(small, 2 * path.read(small))) == 2 * small.domains["wmo"].incidence


def test_set_on_a_dict_gives_a_new_dict_and_leaves_the_old_alone(small):
    data = small.model_dump()
    out = Path.parse("domains.wmo.incidence").set(data, 12.5)
    assert out["domains"]["wmo"]["incidence"] == 12.5 and data["domains"]["wmo"]["incidence"] == small.domains["wmo"].incidence


def test_a_list_index_out_of_range_names_the_list_and_the_indices_allowed(capped):
    n = len(capped.buttons)
    with pytest.raises(PathRefused) as info:
        Path.parse(f"buttons[{n + 4}].fire").read(capped)
    said = info.value.problem
    assert f"'buttons' is a list of {n}" in said and f"buttons[{n - 1}]" in said and "buttons" in said("nl")


def test_an_unknown_field_is_refused_with_the_closest_name(small):
    with pytest.raises(PathRefused, match="Did you mean 'latent_share'"):
        Path.parse("population.latent_shar").read(small)


def test_a_world_sets_only_assumptions_and_a_sweep_any_field(small):
    """The one difference between a world and a sweep point is the walker's `as_world` flag."""
    assert with_values(small, {"run.horizon_years": 2}).run.horizon_years == 2
    with pytest.raises(PathRefused, match="a setting of the run") as info:
        with_values(small, {"run.horizon_years": 2}, as_world=True)
    assert info.value.path == "run.horizon_years"
    rounded = with_values(small, {"outcome.max_generations": 2.6}, as_world=True)
    assert rounded.outcome.max_generations == 3  # a continuous draw on a whole-number field


def test_values_a_file_could_not_say_are_refused_naming_the_field(small):
    with pytest.raises(PathInvalid) as info:
        with_values(small, {"access.miss_probability": 1.5})
    assert info.value.loc == ("access", "miss_probability") and "less than or equal to 1" in info.value.problem


def test_words_in_english_and_dutch(capped, small):
    assert Path.parse("population.latent_share").words("en") == "latent demand"
    assert Path.parse("population.latent_share").words("nl") == "de latente vraag"
    wmo = small.domains["wmo"]
    assert Path.parse("domains.wmo.processing_days[0].value").named("en", small) == \
        f"the processing time in {wmo.label_en or 'wmo'} in days"
    assert Path.parse("foo.bar").named("en") is None and Path.parse("foo.bar").words("en") == "foo.bar"
    fire = Path.parse("buttons[0].fire")
    share = capped.buttons[0].metric.endswith("_share")
    assert fire.budget_share(capped) == share
    said = fire.words("nl", capped, 0.98, number=lambda x, lang: f"{x:g}".replace(".", ","))
    assert "ingedrukt bij" in said and (("98% van het budget" in said) if share else ("0,98" in said))
