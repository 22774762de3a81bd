"""The seed tutorial's Keras stock-price recipe, reproduced with sktime-lstm.

The tutorial (docs/how_recurrent_forecasters_work.md) scales daily closing prices
with a MinMaxScaler, cuts windows of 100 days, trains
LSTM(50) -> LSTM(50) -> Dense(25) -> Dense(1) with Adam and MSE (batch 1, one
epoch) on the first 67% of the windows, and plots one-step-ahead predictions over
the training and the test part. Here the same network is one ``LSTMForecaster``:

* ``window_length=100, hidden_size=50, num_layers=2, head_hidden_sizes=(25,)``
* ``readout="last"``: the dense head reads the last LSTM output, as Keras' second
  ``LSTM(50)`` (``return_sequences=False``) passes on
* ``strategy="recursive"`` (one step ahead), ``scaler="minmax"``, ``loss="mse"``,
  ``batch_size=1, max_epochs=1``, Adam with a constant ``learning_rate=1e-3``
  (Keras' default; ``lr_schedule=None``)
* ``window_norm=None`` and ``gradient_clip=None``: Keras does neither.
* ``num_threads=1``: batch-1 steps of this small network gain nothing from more.

Two deliberate differences from the tutorial: the scaler is fitted on the training
part only (the tutorial fits it on all prices, which leaks the test range), and the
test predictions come from sktime's machinery: ``update(y_test,
update_params=False)`` appends the test prices without training, then in-sample
``predict`` gives each test day's one-step forecast from the 100 days before it.

The data are Microsoft's daily closing prices 1986-2017, bundled with pmdarima
(``pmdarima.datasets.load_msft``, offline). Run::

    python examples/stock_prices.py          # the full recipe; records its figures
    python examples/stock_prices.py --fast   # the last 700 days, few steps (CI)

The full run writes its figures to ``examples/stock_prices_results.json``; the
README's table and ``examples/stock_prices.ipynb`` (executed in full) carry exactly
these figures, and ``tests/test_examples.py`` checks that they do.
"""

import argparse
import json
import platform
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import sktime  # noqa: E402
import torch  # noqa: E402
from pmdarima.datasets import load_msft  # noqa: E402

from sktime_lstm import LSTMForecaster  # noqa: E402

WINDOW = 100  # the tutorial's time_step
FAST_DAYS = 700  # --fast: the last 700 days
FAST_STEPS = 50  # --fast: optimiser steps
# where the full run records its figures (the README and the notebook quote them)
RESULTS = Path(__file__).resolve().parent / "stock_prices_results.json"


def load_close(fast: bool = False) -> pd.Series:
    """Daily closing prices on a trading-day RangeIndex, as the tutorial uses them.

    Parameters
    ----------
    fast : bool, default=False
        Keep the last ``FAST_DAYS`` days only (re-indexed from 0).

    Returns
    -------
    pandas.Series
        Microsoft's closing prices (USD), named ``"Close"``.
    """
    close = load_msft()["Close"].astype(float)
    y = pd.Series(close.to_numpy(), name="Close")
    return y.iloc[-FAST_DAYS:].reset_index(drop=True) if fast else y


def first_test_day(n_days: int) -> int:
    """Position of the first test day: the tutorial's 67% of its windows.

    Parameters
    ----------
    n_days : int
        Length of the price series.

    Returns
    -------
    int
        ``WINDOW`` plus 67% of the tutorial's ``create_dataset`` windows.
    """
    n_windows = n_days - WINDOW - 1  # the tutorial's create_dataset
    return WINDOW + int(n_windows * 0.67)


def make_forecaster(fast: bool = False) -> LSTMForecaster:
    """The Keras recipe as an unfitted ``LSTMForecaster``.

    Parameters
    ----------
    fast : bool, default=False
        Stop after ``FAST_STEPS`` optimiser steps.

    Returns
    -------
    LSTMForecaster
    """
    return LSTMForecaster(
        window_length=WINDOW,
        hidden_size=50,
        num_layers=2,
        head_hidden_sizes=(25,),
        readout="last",
        strategy="recursive",
        scaler="minmax",
        window_norm=None,
        loss="mse",
        sp=None,  # the tutorial's network has no seasonal part (none is found here)
        batch_size=1,
        max_epochs=1,
        learning_rate=1e-3,
        lr_schedule=None,
        gradient_clip=None,
        random_state=0,
        max_steps=FAST_STEPS if fast else None,
        # one thread: a batch-1 step of this small network gains nothing from more
        # (7 ms a step on one thread against 28 ms on two, measured here while
        # other jobs ran), and the thread count no longer depends on the machine
        num_threads=1,
    )


def rmse(actual: np.ndarray, predicted: np.ndarray) -> float:
    """Root mean squared error.

    Parameters
    ----------
    actual, predicted : array-like
        Values of equal length.

    Returns
    -------
    float
    """
    return float(np.sqrt(np.mean((np.asarray(actual) - np.asarray(predicted)) ** 2)))


def main(
    fast: bool = False,
    output: Path = Path("examples/output"),
    results_file: Path | None = None,
) -> dict[str, float]:
    """Run the recipe: fit, one-step forecasts, RMSEs, plot.

    Parameters
    ----------
    fast : bool, default=False
        The last ``FAST_DAYS`` days and ``FAST_STEPS`` optimiser steps only.
    output : Path, default="examples/output"
        Folder for ``stock_prices.png`` and ``stock_prices_forecasts.csv`` (every
        one-step forecast, from which the RMSEs can be recomputed).
    results_file : Path or None, default=None
        Where to record the figures as JSON (the command line's full run passes
        ``RESULTS``); None writes nothing there.

    Returns
    -------
    dict
        Days, optimiser steps, fit seconds and the RMSEs (USD).
    """
    y = load_close(fast)
    split = first_test_day(len(y))
    y_train, y_test = y.iloc[:split], y.iloc[split:]

    forecaster = make_forecaster(fast)
    start = time.perf_counter()
    forecaster.fit(y_train)
    fit_seconds = time.perf_counter() - start

    # one-step-ahead over the training part: in-sample fh 0, -1, ... back to day 100
    train_pred = forecaster.predict(fh=np.arange(WINDOW - split + 1, 1))
    # over the test part: append the test prices without training, then in-sample
    forecaster.update(y_test, update_params=False)
    test_pred = forecaster.predict(fh=np.arange(-len(y_test) + 1, 1))

    naive_test = y.shift(1).loc[y_test.index]  # yesterday's price
    windows = len(y_train) - WINDOW  # one target per window: batch 1, one epoch
    results = {
        "days": len(y),
        "training days": len(y_train),
        "test days": len(y_test),
        "optimiser steps": min(windows, FAST_STEPS) if fast else windows,
        "fit seconds": fit_seconds,
        "train RMSE (LSTM)": rmse(y_train.loc[train_pred.index], train_pred),
        "test RMSE (LSTM)": rmse(y_test, test_pred),
        "test RMSE (naive last value)": rmse(y_test, naive_test),
    }
    for name, value in results.items():
        print(
            f"{name:>30}: {value:.3f}"
            if isinstance(value, float)
            else f"{name:>30}: {value}"
        )
    ratio = results["test RMSE (LSTM)"] / results["test RMSE (naive last value)"]
    verdict = "worse" if ratio > 1 else "better"
    print(
        f"\nOn the test part the LSTM's one-step RMSE is {ratio:.2f} times the naive "
        f"forecast's (yesterday's price): {verdict} than simply repeating the last "
        "price. One-step-ahead price forecasts that look close to the actual curve, "
        "as in the tutorial's plot, mostly copy the last price; the naive forecast is "
        "the yardstick to beat."
    )

    output.mkdir(parents=True, exist_ok=True)
    forecasts = pd.DataFrame(
        {
            "actual": y,
            "LSTM": pd.concat([train_pred, test_pred]),
            "naive": y.shift(1),
            "part": np.where(y.index < split, "train", "test"),
        }
    ).rename_axis("trading day")
    forecasts.to_csv(output / "stock_prices_forecasts.csv")
    fig, ax = plt.subplots(figsize=(16, 8))
    ax.plot(y.index, y, label="Actual Prices")
    ax.plot(train_pred.index, train_pred, label="Train Predict")
    ax.plot(test_pred.index, test_pred, label="Test Predict")
    ax.set_xlabel("trading day")
    ax.set_ylabel("MSFT close (USD)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(output / "stock_prices.png", dpi=80)
    print(f"plot saved to {output / 'stock_prices.png'}")

    if results_file is not None:
        record = {
            "command": "python examples/stock_prices.py" + (" --fast" if fast else ""),
            **results,
            "versions": {
                "python": platform.python_version(),
                "torch": torch.__version__,
                "sktime": sktime.__version__,
            },
        }
        results_file.write_text(json.dumps(record, indent=2) + "\n")
        print(f"figures recorded in {results_file}")
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="The seed's Keras stock recipe")
    parser.add_argument("--fast", action="store_true", help="short series (CI)")
    fast = parser.parse_args().fast
    # only the full run is the record the README and the notebook quote
    main(fast=fast, results_file=None if fast else RESULTS)
