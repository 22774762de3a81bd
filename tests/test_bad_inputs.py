"""Odd input through the public API: a right answer, or an error that names the fault.

Every case either forecasts finite values on the right index or raises a
ValueError/TypeError whose message names the parameter, column, index or value at
fault; no input is modified.
"""

import copy
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from _shared import TINY
from sktime.forecasting.base import ForecastingHorizon
from sktime.forecasting.model_selection import ForecastingGridSearchCV
from sktime.forecasting.naive import NaiveForecaster
from sktime.split import ExpandingWindowSplitter

from sktime_lstm import LSTMForecaster

MONTHS = pd.period_range("2000-01", periods=40, freq="M")


def _y():
    return pd.Series(41.0 + 21 * np.abs(np.sin(np.arange(40))), index=MONTHS)


def _X():
    return pd.DataFrame(
        {"x": np.arange(48.0)}, index=pd.period_range("2000-01", periods=48, freq="M")
    )


# --------------------------------------------------------------- parameters
NUMPY_PARAMETERS = {
    "window_length": np.int64(6),
    "horizon": np.int32(3),
    "hidden_size": np.int64(4),
    "num_layers": np.int64(1),
    "dropout": np.float32(0.0),
    "head_hidden_sizes": (np.int64(3),),
    "n_samples": np.int64(10),
    "max_epochs": np.int64(2),
    "max_steps": np.int64(5),
    "batch_size": np.int64(8),
    "learning_rate": np.float32(2e-3),
    "validation_size": np.float32(0.2),
    "early_stopping_patience": np.int64(3),
    "gradient_clip": np.float64(1.0),
    "update_epochs": np.int64(1),
    "num_threads": np.int64(1),
    "random_state": np.int64(0),
    "quantiles": (np.float32(0.1), np.float64(0.5), np.float32(0.9)),
}


def test_numpy_scalars_act_as_python_ones():
    python = {
        k: v.item() if isinstance(v, np.generic) else v
        for k, v in NUMPY_PARAMETERS.items()
    }
    python["head_hidden_sizes"] = (3,)
    python["quantiles"] = (float(np.float32(0.1)), 0.5, float(np.float32(0.9)))
    python["validation_size"] = float(np.float32(0.2))
    forecasts = []
    for params in (NUMPY_PARAMETERS, python):
        forecaster = LSTMForecaster(**params, loss="quantile").fit(_y(), fh=[1, 2, 3])
        forecaster.update(_y().iloc[-1:] + 1.0, update_params=True)  # a revision
        forecasts.append(
            (
                forecaster.predict(fh=range(1, 6)),
                forecaster.predict_interval(fh=range(1, 6), coverage=0.8),
            )
        )
    pd.testing.assert_series_equal(forecasts[0][0], forecasts[1][0])
    pd.testing.assert_frame_equal(forecasts[0][1], forecasts[1][1])


def test_grid_search_over_numpy_grids():
    grid = {"hidden_size": np.arange(3, 5), "batch_size": np.array([8, 16])}
    search = ForecastingGridSearchCV(
        LSTMForecaster(max_epochs=1, num_layers=1, window_length=6, random_state=0),
        cv=ExpandingWindowSplitter(fh=[1, 2], initial_window=30, step_length=5),
        param_grid=grid,
    )
    search.fit(_y())
    assert isinstance(search.best_params_["hidden_size"], np.integer)
    assert len(search.cv_results_) == 4 and search.cv_results_.notna().all().all()


@pytest.mark.parametrize(
    "param, value",
    [
        ("random_state", 2**32),
        ("random_state", -1),
        ("hidden_size", np.float64(4.0)),
        ("hidden_size", "big"),
        ("hidden_size", 0),
        ("num_layers", "Auto"),
        ("num_layers", None),
        ("batch_size", 0),
        ("validation_size", 1.5),
        ("quantiles", (0.1, 1, 0.9)),
        ("validation_size", Fraction(6, 5)),
    ],
)
def test_a_bad_parameter_is_named(param, value):
    with pytest.raises(ValueError, match=f"'{param}' parameter of LSTMForecaster"):
        LSTMForecaster(**{**TINY, param: value}).fit(_y(), fh=[1])


def test_a_diverging_fit_raises_instead_of_forecasting_nonsense():
    with pytest.raises(FloatingPointError, match="diverged.*learning_rate"):
        LSTMForecaster(**{**TINY, "learning_rate": 1e6}).fit(_y(), fh=[1, 2, 3])


# ------------------------------------------------------------------- y, X
BAD_FIT_INPUTS = {
    "y without columns": (
        lambda: (pd.DataFrame(index=MONTHS), None),
        "y has no columns",
    ),
    "X with a duplicate time": (
        lambda: (_y(), pd.concat([_X(), _X().iloc[[5]]]).sort_index()),
        r"time index of X passed to fit has duplicate values, e.g. \[Period\('2000-06'",
    ),
    "X with an infinite value": (
        lambda: (
            _y(),
            _X().assign(x=lambda f: f["x"].where(f.index != MONTHS[7], np.inf)),
        ),
        r"holds infinite values in the column\(s\) \['x'\]",
    ),
}


@pytest.mark.parametrize("case", list(BAD_FIT_INPUTS))
def test_bad_fit_input_is_named_and_left_unmodified(case):
    make, message = BAD_FIT_INPUTS[case]
    y, X = make()
    y_before, X_before = copy.deepcopy(y), copy.deepcopy(X)
    with pytest.raises(ValueError, match=message):
        LSTMForecaster(**TINY).fit(y, X=X, fh=[1])
    pd.testing.assert_frame_equal(pd.DataFrame(y), pd.DataFrame(y_before))
    if X is not None:
        pd.testing.assert_frame_equal(X, X_before)


def test_a_period_y_takes_dates_in_fh_as_naive_does():
    y = _y()
    dates = ForecastingHorizon(
        pd.DatetimeIndex(["2003-05-31", "2003-06-30"]), is_relative=False
    )
    forecast = LSTMForecaster(**TINY).fit(y, fh=[1, 2]).predict(fh=dates)
    naive = NaiveForecaster().fit(y, fh=[1, 2]).predict(fh=dates)
    pd.testing.assert_index_equal(forecast.index, naive.index)
    np.testing.assert_array_equal(
        forecast, LSTMForecaster(**TINY).fit(y, fh=[1, 2]).predict()
    )


# ------------------------------------------------------------------ update
def _fitted():
    return LSTMForecaster(**TINY).fit(_y(), fh=[1, 2])


BAD_UPDATES = {
    "another column name": (
        lambda: _y().iloc[-2:].rename("other").to_frame(),
        r"columns \['other'\], but it was fitted on \[",
    ),
    "more columns": (
        lambda: pd.DataFrame({"a": [1.0], "b": [2.0]}, index=MONTHS[-1:] + 1),
        r"columns \['a', 'b'\]",
    ),
    "a range index after a period index": (
        lambda: pd.Series([1.0, 2.0], index=pd.RangeIndex(40, 42)),
        "time index of type RangeIndex.*fitted on one of type PeriodIndex",
    ),
    "another period frequency": (
        lambda: pd.Series([1.0], index=pd.period_range("2003-05", periods=1, freq="Q")),
        r"PeriodIndex \(Q-DEC\).*PeriodIndex \(M\)",
    ),
    "fewer columns": (
        lambda: pd.DataFrame({"a": [1.0]}, index=MONTHS[-1:] + 1),
        r"columns \['a'\], but it was fitted on \[",
    ),
}


@pytest.mark.parametrize("case", list(BAD_UPDATES))
def test_bad_update_input_is_named_and_the_model_kept(case):
    make, message = BAD_UPDATES[case]
    forecaster = _fitted()
    before = forecaster.predict()
    new = make()
    unchanged = copy.deepcopy(new)
    with pytest.raises((ValueError, TypeError), match=message):
        forecaster.update(new, update_params=False)
    pd.testing.assert_series_equal(forecaster.predict(), before)
    pd.testing.assert_frame_equal(pd.DataFrame(new), pd.DataFrame(unchanged))


def test_update_with_revised_values_replaces_them_as_sktime_does():
    revised = _y()
    revised.iloc[-3:] = [70.0, 20.0, 90.0]
    forecaster = _fitted()
    before = forecaster.predict()
    forecaster.update(revised.iloc[-3:], update_params=False)
    np.testing.assert_array_equal(forecaster.history_[0][-3:, 0], [70.0, 20.0, 90.0])
    assert forecaster.cutoff[0] == MONTHS[-1]
    pd.testing.assert_index_equal(forecaster.predict().index, before.index)
    assert np.abs(forecaster.predict() - before).min() > 1e-3  # forecast from them
    # revising and appending at once: the appended points forecast from the revision
    both = _y().iloc[-2:].copy()
    both.iloc[0] = 99.0
    later = pd.concat([both, pd.Series([50.0], index=MONTHS[-1:] + 1)])
    forecaster = _fitted().update(later, update_params=False)
    assert forecaster.history_[0][-3, 0] == 99.0
    assert forecaster.predict().index[0] == MONTHS[-1] + 2


def test_update_before_the_series_start_is_named():
    early = pd.Series([1.0], index=pd.period_range("1999-12", periods=1, freq="M"))
    with pytest.raises(ValueError, match="before the start of the series"):
        _fitted().update(early, update_params=False)


def test_a_fraction_acts_as_the_float_it_is():
    as_fraction = LSTMForecaster(**TINY, validation_size=Fraction(1, 5))
    as_float = LSTMForecaster(**TINY, validation_size=0.2)
    history = as_fraction.fit(_y(), fh=[1]).training_history_
    assert "validation_loss" in history  # not int(Fraction(1, 5)) = 0 points
    pd.testing.assert_frame_equal(history, as_float.fit(_y(), fh=[1]).training_history_)


def test_the_lstm_takes_its_parameters_by_keyword():
    # its signature is the base's plus peephole: a positional value is refused
    # rather than taken for peephole
    with pytest.raises(TypeError):
        LSTMForecaster(12)
    assert LSTMForecaster(window_length=12).window_length == 12


def test_update_rows_missing_a_target_or_all_are_masked():
    columns = pd.DataFrame(
        {"a": _y().to_numpy(), "b": _y().to_numpy()[::-1].copy()}, index=MONTHS
    )
    forecaster = LSTMForecaster(**TINY).fit(columns, fh=[1, 2])
    partly = pd.DataFrame({"a": [50.0], "b": [np.nan]}, index=MONTHS[-1:] + 1)
    forecaster.update(partly, update_params=False)
    wholly = pd.DataFrame({"a": [np.nan], "b": [np.nan]}, index=MONTHS[-1:] + 2)
    forecaster.update(wholly, update_params=False)
    np.testing.assert_array_equal(
        forecaster.history_[0][-2:], [[50.0, np.nan]] + [[np.nan] * 2]
    )
    assert forecaster.predict().index[0] == MONTHS[-1] + 3


def test_an_update_that_only_revises_moves_the_origin_back_as_sktime_does():
    y = _y()
    revised = y.iloc[[30]] + 5.0
    forecaster = _fitted().update(revised, update_params=False)
    naive = NaiveForecaster().fit(y, fh=[1, 2]).update(revised, update_params=False)
    assert forecaster.cutoff[0] == MONTHS[30] == naive.cutoff[0]
    pd.testing.assert_index_equal(forecaster.predict().index, naive.predict().index)
    assert (
        len(forecaster.history_[0]) == 31
        and forecaster.history_[0][-1, 0] == revised.iloc[0]
    )


def test_a_revision_off_the_frequency_is_named():
    days = pd.date_range("2020-01-01", periods=40, freq="D")
    y = pd.Series(np.arange(40.0), index=days)
    forecaster = LSTMForecaster(**TINY).fit(y, fh=[1])
    off = pd.Series([999.0], index=[days[37] + pd.Timedelta(hours=5)])
    with pytest.raises(ValueError, match="do not lie on its frequency"):
        forecaster.update(off, update_params=False)
    assert forecaster.history_[0][37, 0] == 37.0


@pytest.mark.parametrize("step", [10, 5])
def test_an_integer_index_that_steps_by_more_than_one_is_named(step):
    y = pd.Series(
        np.arange(40.0), index=pd.Index(np.arange(1900, 1900 + 40 * step, step))
    )
    with pytest.raises(ValueError, match=f"steps by {step}"):
        LSTMForecaster(**TINY).fit(y, fh=[1])


def test_an_integer_update_may_skip_steps_and_a_short_series_may_too():
    y = pd.Series(np.sin(np.arange(60) / 3.0) + 5)
    forecaster = LSTMForecaster(**TINY).fit(y, fh=[1])
    forecaster.update(pd.Series([5.0, 5.5], index=[61, 63]), update_params=False)
    np.testing.assert_array_equal(
        forecaster.history_[0][-4:, 0], [np.nan, 5.0, np.nan, 5.5]
    )
    # a two-point series stepping by 2 in a panel whose others step by 1
    panel = pd.concat(
        [pd.Series(np.arange(30.0)), pd.Series([1.0, 2.0], index=[0, 2])],
        keys=["a", "b"],
    ).to_frame("y")
    forecast = LSTMForecaster(**TINY).fit(panel, fh=[1]).predict()
    assert list(forecast.index) == [("a", 30), ("b", 3)]


def test_a_missing_value_in_an_update_does_not_erase_an_observed_one():
    columns = pd.DataFrame(
        {"a": np.arange(40.0) + 1, "b": np.arange(40.0) + 101}, index=MONTHS
    )
    forecaster = LSTMForecaster(**TINY).fit(columns, fh=[1])
    revision = pd.DataFrame({"a": [999.0], "b": [np.nan]}, index=MONTHS[[39]])
    forecaster.update(revision, update_params=False)
    np.testing.assert_array_equal(forecaster.history_[0][-1], [999.0, 140.0])
    assert forecaster._y.iloc[-1].tolist() == [999.0, 140.0]  # as sktime keeps it


def test_x_is_carried_into_steps_an_update_skips():
    y = _y()
    X = pd.DataFrame(
        {"x": np.arange(48.0)}, index=pd.period_range("2000-01", periods=48, freq="M")
    )
    forecaster = LSTMForecaster(**TINY).fit(y, X=X.iloc[:40], fh=[1])
    later = pd.Series([50.0], index=MONTHS[-1:] + 3)
    forecaster.update(later, X=X.iloc[[42]], update_params=False)
    np.testing.assert_array_equal(forecaster.history_[0][-3:, 1], [39.0, 39.0, 42.0])
    assert np.isfinite(forecaster.predict(fh=[-1, 0]).to_numpy()).all()


def test_a_forecaster_pickled_by_the_previous_release_still_works():
    import pickle
    from pathlib import Path

    stored = Path(__file__).parent / "reference" / "forecaster_7da8472.pkl"
    with open(stored, "rb") as file:
        saved = pickle.load(file)
    forecaster, X = saved["forecaster"], saved["X"]
    pd.testing.assert_series_equal(forecaster.predict(X=X), saved["forecast"])
    assert forecaster.get_params()["calendar"] is None
    # fitted before the "auto" size: the size its network has
    assert (forecaster.hidden_size_, forecaster.num_layers_) == (
        forecaster.network_.encoder.hidden_size,
        forecaster.network_.encoder.num_layers,
    )
    assert forecaster.get_params()["hidden_size"] == forecaster.hidden_size_
    forecaster.clone()
    forecaster.update(saved["y"].iloc[-1:] + 1.0, X=X, update_params=False)
    assert len(forecaster.predict(X=X)) == 2
