"""The shipped pretrained networks and ``LSTMForecaster(pretrained=...)``."""

import io
import json
import shutil

import numpy as np
import pandas as pd
import pytest
import torch
from _shared import monthly_panel
from sktime.datasets import load_airline
from sktime.forecasting.model_evaluation import evaluate
from sktime.forecasting.model_selection import ForecastingGridSearchCV
from sktime.forecasting.naive import NaiveForecaster
from sktime.split import ExpandingWindowSplitter
from sktime.utils._testing.hierarchical import _make_hierarchical

from sktime_lstm import GRUForecaster, LSTMForecaster, pretrained, rollout, training
from sktime_lstm.pretrained import FAMILIES

STEPS = {
    "monthly": ("M", "MS"),
    "quarterly": ("Q", "QS"),
    "yearly": ("Y", "YS"),
}


def series(n: int, freq: str = "M", kind: str = "period", seed: int = 0):
    """A seasonal series with a trend, on a Period or Datetime index."""
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    values = 100 + 0.5 * t + 10 * np.sin(2 * np.pi * t / 12) + rng.normal(size=n)
    if kind == "period":
        index = pd.period_range("2000-01", periods=n, freq=freq)
    else:
        index = pd.date_range("2000-01-01", periods=n, freq=freq)
    return pd.Series(values, index=index, name="y")


def shipped_state(family: str) -> dict:
    return pretrained.load_network(family).state_dict()


def same_weights(network: torch.nn.Module, state: dict) -> bool:
    mine = network.state_dict()
    return mine.keys() == state.keys() and all(
        torch.equal(mine[k].cpu(), state[k]) for k in state
    )


@pytest.fixture
def no_training(monkeypatch):
    """Fail any call of the training loop: zero-shot means none."""

    def refuse(*args, **kwargs):
        raise AssertionError("the training loop ran")

    monkeypatch.setattr(training, "train_network", refuse)


# ------------------------------------------------------------- the shipped files
@pytest.mark.parametrize("family", FAMILIES)
def test_each_family_ships_weights_that_match_their_card(family):
    card = pretrained.card(family)
    network = pretrained.load_network(family)
    assert card["family"] == family
    assert card["weights_sha256"] == pretrained.weights_sha256(
        pretrained.WEIGHTS / f"{family}.pt"
    )
    assert sum(p.numel() for p in network.parameters()) == card["parameters"]
    assert network.n_targets == 1 and network.n_exog == 0
    assert network.likelihood.probabilistic  # a quantile head: intervals
    assert card["data"]["competitions"] == ["m1", "m3", "tourism"]
    assert set(card["validation"]["scores"]) == {"m1", "m3", "tourism"}
    # at most a megabyte or two each: the package stays small
    assert (pretrained.WEIGHTS / f"{family}.pt").stat().st_size < 2_000_000


def test_the_weights_folder_stays_under_five_megabytes():
    total = sum(p.stat().st_size for p in pretrained.WEIGHTS.iterdir())
    assert total < 5_000_000


def test_every_load_is_a_fresh_copy():
    first = pretrained.load_network("monthly")
    with torch.no_grad():
        next(first.parameters()).add_(1.0)
    assert same_weights(pretrained.load_network("monthly"), shipped_state("monthly"))
    assert not same_weights(first, shipped_state("monthly"))


def test_weights_from_another_build_than_the_card_are_refused(tmp_path, monkeypatch):
    for path in pretrained.WEIGHTS.iterdir():
        shutil.copy(path, tmp_path / path.name)
    card = json.loads((tmp_path / "yearly.json").read_text())
    card["weights_sha256"] = "0" * 64
    (tmp_path / "yearly.json").write_text(json.dumps(card))
    monkeypatch.setattr(pretrained, "WEIGHTS", tmp_path)
    caches = (pretrained._state_dict, pretrained._card_text)
    for cache in caches:  # the files are read once per process
        cache.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="does not match its card"):
            pretrained.load_network("yearly")
    finally:
        for cache in caches:
            cache.cache_clear()


def test_an_unknown_family_is_named():
    with pytest.raises(ValueError, match="No pretrained network for 'daily'"):
        pretrained.card("daily")
    with pytest.raises(ValueError, match="pretrained"):
        LSTMForecaster(pretrained="daily").fit(series(40), fh=[1])


@pytest.mark.parametrize(
    "step, family",
    [
        (pd.Timedelta(days=28), "monthly"),
        (pd.Timedelta(days=92), "quarterly"),
        (pd.Timedelta(days=366), "yearly"),
        (pd.Timedelta(days=7), None),
        (pd.Timedelta(hours=1), None),
        (pd.Timedelta(days=180), None),
        (None, None),
    ],
)
def test_the_family_of_a_step(step, family):
    assert pretrained.family_for(step) == family


# --------------------------------------------------------------- zero-shot fit
def test_zero_shot_fit_trains_nothing_and_keeps_the_shipped_weights(no_training):
    model = LSTMForecaster(pretrained="monthly").fit(series(60), fh=range(1, 19))
    assert same_weights(model.network_, shipped_state("monthly"))
    card = pretrained.card("monthly")
    assert model.window_length_ == card["design"]["window_length"]
    assert model.horizon_ == card["design"]["horizon"]
    assert len(model.training_history_) == len(card["history"])


def test_zero_shot_airline_beats_the_seasonal_naive_forecast(no_training):
    # the quickstart: 36 months held out; a network that was loaded wrong, or
    # read an unscaled or wrongly placed window, would not get near this
    y = load_airline()
    train, test = y[:-36], y[-36:]
    fh = np.arange(1, 37)
    forecast = LSTMForecaster(pretrained="monthly").fit(train, fh=fh).predict()
    naive = NaiveForecaster(sp=12).fit(train, fh=fh).predict()

    def mape(f):
        return float(np.mean(np.abs(test.values - f.values) / test.values))

    assert mape(forecast) < 0.8 * mape(naive)


def test_zero_shot_forecasts_follow_a_change_of_units(no_training):
    y = series(50)
    fh = range(1, 13)
    base = LSTMForecaster(pretrained="monthly").fit(y, fh=fh).predict()
    moved = LSTMForecaster(pretrained="monthly").fit(1e4 * y - 7, fh=fh).predict()
    np.testing.assert_allclose(moved, 1e4 * base - 7, rtol=1e-5)


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("kind", ["period", "datetime"])
def test_auto_takes_the_family_of_the_index(family, kind, no_training):
    period_freq, date_freq = STEPS[family]
    y = series(40, period_freq if kind == "period" else date_freq, kind)
    # a steady trend, which every family's network follows better than the naive
    # forecast does (else "auto" would train: see the check's tests below)
    y[:] = 100 + 2 * np.arange(40) + 0.1 * np.sin(np.arange(40))
    model = LSTMForecaster(pretrained="auto").fit(y, fh=[1, 2])
    assert model.pretrained_family_ == family
    assert same_weights(model.network_, shipped_state(family))


@pytest.mark.parametrize(
    "y",
    [
        series(80, "D", "datetime"),
        series(80).reset_index(drop=True),  # an integer index
    ],
    ids=["daily", "integer"],
)
def test_auto_trains_the_default_network_where_no_family_fits(y):
    model = LSTMForecaster(pretrained="auto", max_epochs=2, random_state=0)
    model.fit(y, fh=[1, 2, 3])
    design = model.network_.design
    # the defaults' design, with the shipped networks' quantile head
    default = LSTMForecaster(loss="quantile", max_epochs=2, random_state=0)
    assert design == default.fit(y, fh=[1, 2, 3]).network_.design
    assert design["loss"] == "quantile" and design["long_trend"] is False
    assert len(model.training_history_) == 2  # trained here, not loaded
    intervals = model.predict_interval(coverage=0.8)
    assert (intervals.iloc[:, 0] < intervals.iloc[:, 1]).all()


def test_a_named_family_is_used_whatever_the_index(no_training):
    y = series(60).reset_index(drop=True)
    model = LSTMForecaster(pretrained="quarterly").fit(y, fh=[1])
    assert same_weights(model.network_, shipped_state("quarterly"))
    # the shipped network's size, though "auto" would size one this short 16 x 1
    assert (model.hidden_size_, model.num_layers_) == (64, 2)


# ----------------------------------------------------- what the weights dictate
@pytest.mark.parametrize(
    "parameter, value",
    [
        ("hidden_size", 32),
        ("window_length", 12),
        ("loss", "normal"),
        ("sp", 12),
        ("calendar", "auto"),
        ("peephole", True),
        ("head_hidden_sizes", (4,)),
    ],
)
def test_a_parameter_that_contradicts_the_weights_is_named(parameter, value):
    model = LSTMForecaster(pretrained="monthly", **{parameter: value})
    with pytest.raises(ValueError, match=f"'{parameter}'"):
        model.fit(series(40), fh=[1])


@pytest.mark.parametrize(
    "earlier, other",
    [
        ({"sp": None}, {"sp": "auto"}),
        ({"window_norm": "standard"}, {"window_norm": "last"}),
        ({"exog_regression": False}, None),  # a bool has no third value
        ({"hidden_size": 64}, {"hidden_size": 16}),
        ({"num_layers": 2}, {"num_layers": 1}),
    ],
)
def test_the_defaults_before_this_release_are_accepted(no_training, earlier, other):
    # code and pickles from before sp, window_norm, exog_regression and the
    # network's size took today's defaults carry the earlier ones
    model = LSTMForecaster(pretrained="monthly", **earlier).fit(series(40), fh=[1, 2])
    plain = LSTMForecaster(pretrained="monthly").fit(series(40), fh=[1, 2])
    np.testing.assert_array_equal(model.predict(), plain.predict())
    if other is not None:
        with pytest.raises(ValueError, match=f"'{next(iter(other))}'"):
            LSTMForecaster(pretrained="monthly", **other).fit(series(40), fh=[1])


def test_an_unpickled_pretrained_forecaster_of_the_previous_release_refits(
    no_training,
):
    # as __setstate__ leaves a forecaster pickled before exog_regression and
    # window_norm="auto-single": the earlier values, which must still refit
    old = LSTMForecaster(pretrained="monthly")
    state = old.__getstate__()
    state.pop("exog_regression")
    state.update(window_norm="standard", hidden_size=64, num_layers=2)
    restored = LSTMForecaster.__new__(LSTMForecaster)
    restored.__setstate__(state)
    assert restored.exog_regression is False
    restored.clone().fit(series(40), fh=[1, 2])


def test_defaults_given_as_numpy_scalars_or_lists_are_defaults(no_training):
    model = LSTMForecaster(
        pretrained="monthly",
        hidden_size=np.int64(64),
        dropout=np.float64(0.0),
        head_hidden_sizes=[],
    )
    plain = LSTMForecaster(pretrained="monthly").fit(series(40), fh=[1, 2])
    np.testing.assert_array_equal(
        model.fit(series(40), fh=[1, 2]).predict(), plain.predict()
    )


def test_pretrain_reads_each_column_as_a_series_of_its_own():
    # sktime's pretrain passes every column at once; the shipped network reads
    # one series, so each column pretrains as a series, in this order
    panel = monthly_panel(lengths=(60, 50, 70))
    panel["z"] = panel["y"] * 2 + np.arange(len(panel)) % 5
    stacked = pd.concat(
        {
            (unit, column): panel.loc[unit, [column]].set_axis(["y"], axis=1)
            for unit in ["a", "b", "c"]
            for column in ["y", "z"]
        },
        names=["unit", "column", "time"],
    )

    def pretrained_weights(y):
        model = LSTMForecaster(pretrained="monthly", max_epochs=2, random_state=0)
        return model.pretrain(y).pretrained_network_.state_dict()

    both = pretrained_weights(panel)
    apart = pretrained_weights(stacked)
    assert all(torch.equal(both[k], apart[k]) for k in both)
    assert not all(torch.equal(both[k], v) for k, v in shipped_state("monthly").items())


def test_pretrain_on_series_too_short_to_train_keeps_the_shipped_network():
    short = monthly_panel(lengths=(12, 10, 15))  # the monthly head is 18 months
    model = LSTMForecaster(pretrained="monthly", max_epochs=2)
    with pytest.warns(UserWarning, match="no series is long enough"):
        model.pretrain(short)
    assert same_weights(model.pretrained_network_, shipped_state("monthly"))


def test_update_fine_tunes_as_after_any_fit_unless_told_not_to():
    y = series(72)
    model = LSTMForecaster(pretrained="monthly", random_state=0)
    model.fit(y[:60], fh=[1, 2])
    kept = model.clone().fit(y[:60], fh=[1, 2])
    kept.update(y[60:], update_params=False)
    assert same_weights(kept.network_, shipped_state("monthly"))
    model.update(y[60:])  # update_epochs=1: one epoch on the new windows
    assert not same_weights(model.network_, shipped_state("monthly"))
    # both forecast from the new origin
    assert model.predict().index[0] == kept.predict().index[0] == y.index[-1] + 1


def test_a_forecaster_pickled_before_the_parameter_still_works():
    model = LSTMForecaster(pretrained=None, max_epochs=1, hidden_size=4)
    model.fit(series(40), fh=[1])
    state = model.__getstate__()
    # as pickled before them
    del state["pretrained"], state["peephole"], state["pretrained_family_"]
    old = LSTMForecaster.__new__(LSTMForecaster)
    old.__setstate__(state)
    assert old.get_params()["pretrained"] is None
    assert old.pretrained_family_ is None
    np.testing.assert_array_equal(old.predict(), model.predict())
    old.clone().fit(series(40), fh=[1])


def test_x_is_ignored_and_columns_are_forecast_one_by_one(no_training):
    y = series(60)
    other = 3 * series(60, seed=1) + 50
    both = pd.DataFrame({"a": y, "b": other})
    X = pd.DataFrame({"x": np.arange(60.0)}, index=y.index)
    fh = [1, 2, 3]
    model = LSTMForecaster(pretrained="monthly")
    joint = model.fit(both, X=X, fh=fh).predict(X=X)
    for column, alone in (("a", y), ("b", other)):
        single = LSTMForecaster(pretrained="monthly").fit(alone, fh=fh).predict()
        np.testing.assert_allclose(joint[column].values, single.values, rtol=1e-6)


def test_intervals_come_from_the_shipped_quantile_head(no_training):
    y = series(60)
    model = LSTMForecaster(pretrained="monthly").fit(y, fh=range(1, 7))
    assert model.get_tag("capability:pred_int")
    point = model.predict()
    wide = model.predict_interval(coverage=0.9)
    narrow = model.predict_interval(coverage=0.5)
    assert (wide.iloc[:, 0] < narrow.iloc[:, 0]).all()
    assert (narrow.iloc[:, 0] <= point).all() and (point <= narrow.iloc[:, 1]).all()
    assert (narrow.iloc[:, 1] < wide.iloc[:, 1]).all()


# ---------------------------------------------------- fine-tuning and pretrain
def test_fine_tuning_trains_a_copy_and_leaves_the_shipped_weights_alone():
    y = series(60)
    zero_shot = LSTMForecaster(pretrained="monthly").fit(y, fh=[1, 2]).predict()
    model = LSTMForecaster(pretrained="monthly", finetune_epochs=3, random_state=0)
    tuned = model.fit(y, fh=[1, 2]).predict()
    assert len(model.training_history_) == 3
    assert not np.allclose(tuned, zero_shot)
    assert same_weights(pretrained.load_network("monthly"), shipped_state("monthly"))


def test_pretrain_goes_on_from_the_shipped_network():
    panel = monthly_panel(lengths=(60, 50, 70))
    model = LSTMForecaster(pretrained="monthly", max_epochs=2, random_state=0)
    model.pretrain(panel)
    shipped = pretrained.card("monthly")["design"]
    assert model.pretrain_window_length_ == shipped["window_length"]
    assert model.pretrained_network_.horizon == shipped["horizon"]
    assert not same_weights(model.pretrained_network_, shipped_state("monthly"))
    # two epochs from the shipped weights move them a little, not to a new network
    moved = [
        (a - b).abs().max().item()
        for a, b in zip(
            model.pretrained_network_.state_dict().values(),
            shipped_state("monthly").values(),
            strict=True,
        )
    ]
    assert max(moved) < 0.05
    model.fit(panel.loc["a"], fh=[1, 2])
    assert same_weights(model.network_, model.pretrained_network_.state_dict())


# ------------------------------------------------------------ in sktime's tools
def test_clone_grid_search_and_evaluate_take_the_weights_from_the_parameter():
    y = load_airline()[:84]
    model = LSTMForecaster(pretrained="monthly", random_state=0)
    cv = ExpandingWindowSplitter(fh=[1, 2, 3], initial_window=60, step_length=12)
    # evaluate's folds are zero-shot fits of clones: their errors are those of
    # direct fits on the same windows
    results = evaluate(model, cv, y, return_data=True)
    for (train, _), (_, row) in zip(cv.split_series(y), results.iterrows()):
        direct = LSTMForecaster(pretrained="monthly").fit(train, fh=[1, 2, 3])
        np.testing.assert_allclose(row["y_pred"], direct.predict(), rtol=1e-6)
    # the search's refitted best forecaster is the chosen setting, fitted on y
    search = ForecastingGridSearchCV(
        model, cv, param_grid={"finetune_epochs": [0, 2]}
    ).fit(y, fh=[1])
    best = model.clone().set_params(**search.best_params_).fit(y, fh=[1])
    np.testing.assert_allclose(search.predict(), best.predict(), rtol=1e-6)
    # a clone of a fitted forecaster forecasts as the original
    model.fit(y, fh=[1])
    np.testing.assert_array_equal(
        model.clone().fit(y, fh=[1]).predict(), model.predict()
    )


def test_a_hierarchical_panel_is_forecast_zero_shot(no_training):
    y = _make_hierarchical(
        hierarchy_levels=(2, 2), min_timepoints=30, max_timepoints=40
    )
    forecast = LSTMForecaster(pretrained="monthly").fit(y, fh=[1, 2]).predict()
    assert forecast.index.equals(NaiveForecaster().fit(y, fh=[1, 2]).predict().index)
    # each series is forecast as it would be alone
    for key, alone in y.groupby(level=[0, 1]):
        alone = alone.droplevel([0, 1])
        single = LSTMForecaster(pretrained="monthly").fit(alone, fh=[1, 2]).predict()
        np.testing.assert_allclose(forecast.loc[key].values, single.values, rtol=1e-6)


def test_other_cells_have_no_pretrained_parameter():
    assert "pretrained" not in GRUForecaster().get_params()


def test_pretraining_is_reproducible_to_the_byte():
    # what benchmarks/build_pretrained.py relies on: the same seed and threads
    # give the same weights file
    panel = monthly_panel(lengths=(40, 30, 50))

    def weights_bytes() -> bytes:
        model = LSTMForecaster(
            hidden_size=8, num_layers=1, max_epochs=3, random_state=0, num_threads=1
        )
        buffer = io.BytesIO()
        torch.save(model.pretrain(panel).pretrained_network_.state_dict(), buffer)
        return buffer.getvalue()

    assert weights_bytes() == weights_bytes()


@pytest.mark.parametrize("family", FAMILIES)
def test_the_user_guide_table_is_the_cards(family):
    # the docs quote the cards, so a rebuild that changes them shows here
    from pathlib import Path

    page = Path(__file__).parents[1] / "docs" / "user_guide" / "pretrained.md"
    row = next(
        line
        for line in page.read_text().splitlines()
        if line.startswith(f'| `"{family}"`')
    )
    card = pretrained.card(family)
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert f"{card['data']['series']:,} series" in cells[1]
    assert cells[2].startswith(str(card["design"]["horizon"]))
    assert cells[3] == str(card["design"]["window_length"])
    assert cells[4] == f"{card['parameters']:,}"
    size = (pretrained.WEIGHTS / f"{family}.pt").stat().st_size
    shown = f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{round(size / 1e3)} KB"
    assert cells[5] == shown


# ------------------------------------------------- "auto" checks the network
def yearly_cycles(n: int = 90) -> pd.Series:
    """Yearly values with a 10-year cycle, as the lynx series has."""
    t = np.arange(n)
    values = 1000 + 800 * np.sin(2 * np.pi * t / 10) + 50 * np.cos(t)
    return pd.Series(values, index=pd.period_range("1850", periods=n, freq="Y"))


def test_auto_trains_where_the_shipped_network_loses_to_the_naive_forecast():
    y = yearly_cycles()
    shipped_network = LSTMForecaster(pretrained="yearly").fit(y, fh=[1])
    assert shipped_network.pretrained_family_ == "yearly"  # named: kept
    model = LSTMForecaster(pretrained="auto", max_epochs=3, random_state=0)
    model.fit(y, fh=[1])
    assert model.pretrained_family_ is None
    # trained here: the defaults with a quantile head, on series scaled afresh
    # for it (without the shipped network's slope column)
    default = LSTMForecaster(loss="quantile", max_epochs=3, random_state=0)
    default.fit(y, fh=[1])
    assert model.network_.design == default.network_.design
    np.testing.assert_array_equal(model.predict(), default.predict())


def test_the_check_leaves_a_network_from_pretrain_alone(monkeypatch):
    panel = pd.concat({k: yearly_cycles(60 + k).to_frame("y") for k in range(3)})
    model = LSTMForecaster(pretrained="auto", max_epochs=1, random_state=0)
    model.pretrain(panel)  # goes on from the shipped yearly network
    monkeypatch.setattr(training, "train_network", None)  # fit trains nothing
    model.fit(yearly_cycles(), fh=[1])
    # on these cycles the shipped network loses to the naive forecast (the test
    # above), but a network from pretrain is the user's choice: not checked
    assert same_weights(model.network_, model.pretrained_network_.state_dict())
    assert model.pretrained_family_ is None


def test_auto_keeps_a_shipped_network_that_beats_the_naive_forecast(no_training):
    model = LSTMForecaster(pretrained="auto").fit(load_airline()[:-36], fh=[1])
    assert model.pretrained_family_ == "monthly"


def test_the_check_scores_the_last_block_against_the_seasonal_naive():
    network = pretrained.load_network("monthly")
    y = series(96)
    scaled = [((y.values - y.mean()) / y.std())[:, None]]
    with_slopes = [np.concatenate([s, np.zeros_like(s)], axis=1) for s in scaled]
    network_error, naive_error = rollout.last_block_errors(
        network, with_slopes, 24, season=12
    )
    # by hand: the seasonal naive repeats the 12 values before the last 18
    values = scaled[0][:, 0]
    naive = np.resize(values[-30:-18], 18)
    assert naive_error == pytest.approx(np.abs(naive - values[-18:]).mean())
    assert 0 < network_error < naive_error
    # series too short for the block and a season are skipped
    short = [s[:30] for s in with_slopes]
    assert np.isnan(rollout.last_block_errors(network, short, 24, 12)).all()


def test_pretrain_with_max_epochs_none_trains_max_steps():
    # max_epochs=None means max_steps steps, not none
    panel = monthly_panel(lengths=(60, 50, 70))
    model = LSTMForecaster(
        pretrained="monthly", max_epochs=None, max_steps=3, random_state=0
    )
    model.pretrain(panel)
    assert not same_weights(model.pretrained_network_, shipped_state("monthly"))
    again = model.pretrained_network_.state_dict()
    model.pretrain(panel)  # a second pretrain goes on training
    assert not same_weights(model.pretrained_network_, again)
