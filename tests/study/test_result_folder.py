"""Finding a result's tables on disk, in the layout of `ontschot run` and of `ontschot compare`."""

from __future__ import annotations

import pytest

import sim
from tests.helpers import small
from sim.study.compare import compare
from sim.errors import UsageError
from sim.report.output import write_result
from sim.study.result_folder import read, scenario_of, sources


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("results")
    capped = small("eindhoven_capped.yaml", 10_000, years=1)
    write_result(sim.run(capped, seed=1, replications=2), root / "run")
    compare([small("eindhoven_radical_maatwerk.yaml", 10_000, years=1), capped], seed=1, replications=1,
            store=root / "compare" / "replications", labels=["radical", "capped"])
    return root / "run", root / "compare", capped


def test_both_layouts_give_their_scenarios(folders):
    run_dir, compare_dir, _ = folders
    (one,) = sources(run_dir, 1, None)
    assert one.folder == run_dir and one.replication == 1
    assert [s.label for s in sources(compare_dir, 0, None)] == ["capped", "radical"]  # stored labels, sorted
    assert [s.label for s in sources(compare_dir, 0, "radical")] == ["radical"]
    with pytest.raises(UsageError, match="choose one of"):
        sources(compare_dir, 0, "nowhere")
    with pytest.raises(UsageError, match="replications run"):
        sources(compare_dir, 5, None)


def test_read_takes_only_the_rows_asked_for(folders):
    run_dir, _, _ = folders
    (src,) = sources(run_dir, 1, None)
    rows = read(src, "cases", [[("case_id", "==", 3)]])
    assert list(rows["case_id"]) == [3] and list(rows["replication"]) == [1]


def test_the_stored_scenario_is_the_one_that_ran(folders):
    _, compare_dir, capped = folders
    (src,) = sources(compare_dir, 0, "capped")
    s, why = scenario_of(src)
    assert why is None and s.content_hash == capped.content_hash
    (src.folder / "scenario.json").unlink()  # a rescaled scenario has no file that hashes the same
    s, why = scenario_of(src)
    assert s is None and why is not None


def test_a_missing_table_is_a_usage_error_that_names_it(folders, tmp_path):
    import shutil

    run_dir, _, _ = folders
    copy = tmp_path / "run"
    shutil.copytree(run_dir, copy)
    (src,) = sources(copy, 0, None)
    assert list(read(src, "steps", [[("case_id", "==", 3)]])["case_id"].unique()) == [3]
    (copy / "steps.parquet").unlink()
    with pytest.raises(UsageError, match="has no steps table"):
        read(src, "steps", [[("case_id", "==", 3)]])
