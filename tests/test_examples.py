"""The examples run (in a fast mode), print nothing their reader did not cause, and
give the right figures; the stock-price record agrees with the README and notebook."""

import contextlib
import copy
import importlib.util
import io
import json
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sktime.datasets import load_airline

from sktime_lstm import LSTMForecaster

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
QUICKSTART_ROWS = [
    "LSTMForecaster (defaults)",
    'LSTMForecaster(window_norm="mean")',
    "LSTMForecaster(sp=12)",
    "LSTMForecaster(sp=12, long_trend=True)",
    "LogTransformer() * LSTMForecaster()",
    'LSTMForecaster(pretrained="monthly")',
    "AutoARIMA (seasonal)",
    "AutoETS (auto)",
    "seasonal naive",
]
# the settings behind each LSTM row in fast mode, as a reader would write them
QUICKSTART_LSTMS = {
    "LSTMForecaster (defaults)": {},
    'LSTMForecaster(window_norm="mean")': {"window_norm": "mean"},
    "LSTMForecaster(sp=12)": {"sp": 12},
    "LSTMForecaster(sp=12, long_trend=True)": {"sp": 12, "long_trend": True},
    # zero-shot: the same forecast in fast mode and in a full run
    'LSTMForecaster(pretrained="monthly")': {"pretrained": "monthly"},
}
LOG_ROW = "LogTransformer() * LSTMForecaster()"
RMSES = ["train RMSE (LSTM)", "test RMSE (LSTM)", "test RMSE (naive last value)"]


def _load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(main, **kwargs):
    """Call an example's main; return its result, printed text and shown warnings.

    Records every warning a script's reader would see: Python's default filters
    hide deprecation, import and resource warnings outside ``__main__``, so those
    are left out; everything else is recorded, however often it repeats (pytest's
    own filters, which hide sktime's remember_data notice, are overridden here).
    """
    printed = io.StringIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for hidden in (
            DeprecationWarning,
            PendingDeprecationWarning,
            ImportWarning,
            ResourceWarning,
        ):
            warnings.filterwarnings("ignore", category=hidden)
        with contextlib.redirect_stdout(printed):
            result = main(**kwargs)
    return result, printed.getvalue(), caught


def _mape(actual, predicted):
    actual, predicted = np.asarray(actual), np.asarray(predicted)
    return 100 * float(np.mean(np.abs(actual - predicted) / np.abs(actual)))


# ---------------------------------------------------------------- the quickstart
@pytest.fixture(scope="module")
def quickstart(tmp_path_factory):
    output = tmp_path_factory.mktemp("quickstart")
    table, printed, caught = _run(_load("quickstart").main, fast=True, output=output)
    return table, printed, caught, output


def test_quickstart_prints_no_warning(quickstart):
    # sktime 1.2's remember_data FutureWarning was printed once per baseline (#18)
    _, _, caught, _ = quickstart
    shown = [f"{w.category.__name__}: {str(w.message)[:100]}" for w in caught]
    assert not [text for text in shown if "remember_data" in text]
    assert shown == []


def test_quickstart_table_has_its_rows_and_plausible_values(quickstart):
    table, printed, _, output = quickstart
    assert list(table.index) == QUICKSTART_ROWS
    assert list(table.columns) == ["MAPE %", "fit seconds"]
    assert (table["fit seconds"] >= 0).all()
    # the seasonal naive forecast, computed without sktime: the last 12 training
    # months repeated over the 36 held out (13.19%)
    y = load_airline().to_numpy()
    naive = _mape(y[-36:], np.tile(y[-48:-36], 3))
    assert table.loc["seasonal naive", "MAPE %"] == pytest.approx(naive, abs=0.005)
    # the classical models fit this series well (4.2% and 6.2% here); three epochs
    # of an LSTM do not, but land near the seasonal naive (14% to 16% here)
    assert 2 < table.loc["AutoARIMA (seasonal)", "MAPE %"] < 8
    assert 2 < table.loc["AutoETS (auto)", "MAPE %"] < 10
    for name in [*QUICKSTART_LSTMS, LOG_ROW]:
        assert 5 < table.loc[name, "MAPE %"] < 30, name
    assert table.to_string() in printed
    assert f"plot saved to {output / 'quickstart.png'}" in printed
    assert (output / "quickstart.png").stat().st_size > 10_000


def test_quickstart_lstm_rows_equal_a_direct_fit(quickstart):
    table = quickstart[0]
    y = load_airline()
    y_train, y_test = y.iloc[:-36], y.iloc[-36:]
    for name, settings in QUICKSTART_LSTMS.items():
        forecaster = LSTMForecaster(random_state=0, max_epochs=3, **settings)
        y_pred = forecaster.fit(y_train, fh=range(1, 37)).predict()
        assert table.loc[name, "MAPE %"] == pytest.approx(
            _mape(y_test, y_pred), abs=0.005
        ), name
    # the log row: the same network fitted on log(y), its forecast exponentiated
    on_log = LSTMForecaster(random_state=0, max_epochs=3).fit(
        np.log(y_train), fh=range(1, 37)
    )
    assert table.loc[LOG_ROW, "MAPE %"] == pytest.approx(
        _mape(y_test, np.exp(on_log.predict())), abs=0.005
    )


# ----------------------------------------------------- the stock-price recipe
@pytest.fixture(scope="module")
def stock_prices():
    return _load("stock_prices")


@pytest.fixture(scope="module")
def stock_run(stock_prices, tmp_path_factory):
    output = tmp_path_factory.mktemp("stock_prices")
    results, printed, caught = _run(stock_prices.main, fast=True, output=output)
    forecasts = pd.read_csv(output / "stock_prices_forecasts.csv", index_col=0)
    return results, printed, caught, output, forecasts


def test_stock_prices_saves_its_plot_and_prints_no_warning(stock_run):
    _, printed, caught, output, _ = stock_run
    assert (output / "stock_prices.png").stat().st_size > 10_000
    assert [str(w.message)[:100] for w in caught] == []
    assert "naive forecast" in printed


def test_stock_prices_rmses_recompute_from_the_saved_forecasts(stock_prices, stock_run):
    results, printed, _, _, forecasts = stock_run
    y = stock_prices.load_close(fast=True).to_numpy()
    split = stock_prices.first_test_day(len(y))
    window = stock_prices.WINDOW
    assert (results["days"], results["training days"]) == (700, split)
    assert results["test days"] == 700 - split
    assert results["optimiser steps"] == 50
    np.testing.assert_array_equal(forecasts["actual"], y)
    # one forecast per day once a full window of 100 days precedes it
    lstm = forecasts["LSTM"].to_numpy()
    assert np.isnan(lstm[:window]).all() and np.isfinite(lstm[window:]).all()
    train, test = slice(window, split), slice(split, None)
    assert results["train RMSE (LSTM)"] == pytest.approx(
        np.sqrt(np.mean((y[train] - lstm[train]) ** 2)), rel=1e-12
    )
    assert results["test RMSE (LSTM)"] == pytest.approx(
        np.sqrt(np.mean((y[test] - lstm[test]) ** 2)), rel=1e-12
    )
    # the naive forecast, yesterday's price, without the saved column
    naive = np.sqrt(np.mean(np.diff(y[split - 1 :]) ** 2))
    assert results["test RMSE (naive last value)"] == pytest.approx(naive, rel=1e-12)
    # the printed verdict is the one the figures give
    ratio = results["test RMSE (LSTM)"] / results["test RMSE (naive last value)"]
    verdict = "worse" if ratio > 1 else "better"
    assert f"RMSE is {ratio:.2f} times the naive forecast's" in printed
    assert f"(yesterday's price): {verdict} than" in printed


def test_stock_prices_test_forecasts_are_one_step_ahead(stock_prices, stock_run):
    # each test day's forecast is the one made from the days before it alone:
    # the model fitted on the training part, told the test prices up to yesterday
    forecasts = stock_run[4]
    y = stock_prices.load_close(fast=True)
    split = stock_prices.first_test_day(len(y))
    fitted = stock_prices.make_forecaster(fast=True).fit(y.iloc[:split])
    for ahead in (0, 1, 37):
        forecaster = copy.deepcopy(fitted)
        if ahead:
            forecaster.update(y.iloc[split : split + ahead], update_params=False)
        one_step = forecaster.predict(fh=[1])
        assert one_step.index[0] == split + ahead
        np.testing.assert_allclose(
            forecasts["LSTM"].iloc[split + ahead], one_step.iloc[0], rtol=1e-5
        )


def test_stock_prices_is_reproducible(stock_prices, stock_run, tmp_path):
    results, _, _, _, forecasts = stock_run
    again, _, _ = _run(stock_prices.main, fast=True, output=tmp_path)
    for name in RMSES:
        assert again[name] == results[name], name
    pd.testing.assert_frame_equal(
        pd.read_csv(tmp_path / "stock_prices_forecasts.csv", index_col=0), forecasts
    )


# -------------------------------------- the recorded full run, README, notebook
@pytest.fixture(scope="module")
def record(stock_prices):
    return json.loads(stock_prices.RESULTS.read_text())


def test_stock_record_is_a_full_run(stock_prices, record):
    assert record["command"] == "python examples/stock_prices.py"
    days = len(stock_prices.load_close())
    split = stock_prices.first_test_day(days)
    assert (record["days"], record["training days"]) == (days, split)
    assert record["test days"] == days - split
    assert record["optimiser steps"] == split - stock_prices.WINDOW


def _readme_stock_section():
    readme = (ROOT / "README.md").read_text()
    start = readme.index("### Measured: the seed tutorial's Keras recipe")
    end = readme.index("\n### ", start + 1)
    return readme[start:end]


def test_readme_stock_figures_are_the_recorded_run(record):
    section = _readme_stock_section()
    assert "`python examples/stock_prices.py`" in section
    assert "examples/stock_prices_results.json" in section
    rows = dict(re.findall(r"^\| ([^|]+?) \| ([\d.]+) \|$", section, re.MULTILINE))
    assert rows == {
        "LSTM, training part": f"{record['train RMSE (LSTM)']:.3f}",
        "LSTM, test part": f"{record['test RMSE (LSTM)']:.3f}",
        "naive (yesterday's price), test part": (
            f"{record['test RMSE (naive last value)']:.3f}"
        ),
    }
    assert f"{record['days']} days" in section
    assert f"{record['optimiser steps']} optimiser steps" in section
    assert f"Fit: {record['fit seconds']:.1f} s" in section
    ratio = record["test RMSE (LSTM)"] / record["test RMSE (naive last value)"]
    assert f"{ratio:.1f} times" in section


def test_notebook_outputs_are_the_recorded_run(record):
    notebook = json.loads((EXAMPLES / "stock_prices.ipynb").read_text())
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]

    def shown(marker):
        (cell,) = [c for c in code if marker in "".join(c["source"])]
        (result,) = [o for o in cell["outputs"] if o["output_type"] == "execute_result"]
        return "".join(result["data"]["text/plain"])

    # executed in full, not in the test suite's fast mode
    split = (record["training days"], record["test days"])
    assert shown("len(y_train), len(y_test)") == str(split)
    printed = dict(
        line.rsplit(maxsplit=1)
        for line in shown('"test RMSE (LSTM)"').splitlines()
        if "RMSE" in line
    )
    assert {name.strip(): float(value) for name, value in printed.items()} == {
        name: pytest.approx(record[name], abs=5e-4 + 1e-12) for name in RMSES
    }
    # every figure the notebook's text quotes is one of the record's
    ratio = record["test RMSE (LSTM)"] / record["test RMSE (naive last value)"]
    allowed = {f"{record[name]:.3f}" for name in RMSES} | {f"{ratio:.2f}"}
    text = "".join(
        "".join(cell["source"])
        for cell in notebook["cells"]
        if cell["cell_type"] == "markdown"
    )
    quoted = set(re.findall(r"\d+\.\d+", text))
    assert quoted and quoted <= allowed
