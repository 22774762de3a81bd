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

Two deliberate differences from the tutorial: the scaler is fitted on the training
part only (the tutorial fits it on all prices, which leaks the test range), and the
test predictions come from sktime's machinery: ``update(y_test,
update_params=False)`` appends the test prices without training, then in-sample
``predict`` gives each test day's one-step forecast from the 100 days before it.

The data are Microsoft's daily closing prices 1986-2017, bundled with pmdarima
(``pmdarima.datasets.load_msft``, offline). Run::

    python examples/stock_prices.py          # the full recipe
    python examples/stock_prices.py --fast   # the last 700 days, few steps (CI)
"""

import argparse
import time
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from pmdarima.datasets import load_msft  # noqa: E402

from sktime_lstm import LSTMForecaster  # noqa: E402

warnings.filterwarnings("ignore", category=FutureWarning)

WINDOW = 100  # the tutorial's time_step


def load_close() -> pd.Series:
    """Daily closing prices on a trading-day RangeIndex, as the tutorial uses them."""
    close = load_msft()["Close"].astype(float)
    return pd.Series(close.to_numpy(), name="Close")


def rmse(actual: np.ndarray, predicted: np.ndarray) -> float:
    return float(np.sqrt(np.mean((np.asarray(actual) - np.asarray(predicted)) ** 2)))


def main(fast: bool = False, output: Path = Path("examples/output")) -> dict:
    y = load_close()
    if fast:
        y = y.iloc[-700:].reset_index(drop=True)
    n_windows = len(y) - WINDOW - 1  # the tutorial's create_dataset
    split = WINDOW + int(n_windows * 0.67)  # first test day
    y_train, y_test = y.iloc[:split], y.iloc[split:]

    forecaster = LSTMForecaster(
        window_length=WINDOW,
        hidden_size=50,
        num_layers=2,
        head_hidden_sizes=(25,),
        readout="last",
        strategy="recursive",
        scaler="minmax",
        window_norm=None,
        loss="mse",
        batch_size=1,
        max_epochs=1,
        learning_rate=1e-3,
        lr_schedule=None,
        gradient_clip=None,
        random_state=0,
        max_steps=50 if fast else None,
    )
    start = time.perf_counter()
    forecaster.fit(y_train)
    fit_seconds = time.perf_counter() - start

    # one-step-ahead over the training part: in-sample fh 0, -1, ... back to day 100
    train_fh = np.arange(WINDOW - split + 1, 1)
    train_pred = forecaster.predict(fh=train_fh)
    # over the test part: append the test prices without training, then in-sample
    forecaster.update(y_test, update_params=False)
    test_pred = forecaster.predict(fh=np.arange(-len(y_test) + 1, 1))

    naive_test = y.shift(1).loc[y_test.index]  # yesterday's price
    results = {
        "fit seconds": fit_seconds,
        "train RMSE (LSTM)": rmse(y_train.loc[train_pred.index], train_pred),
        "test RMSE (LSTM)": rmse(y_test, test_pred),
        "test RMSE (naive last value)": rmse(y_test, naive_test),
    }
    for name, value in results.items():
        print(f"{name:>30}: {value:.3f}")
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
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="The seed's Keras stock recipe")
    parser.add_argument("--fast", action="store_true", help="short series (CI)")
    main(fast=parser.parse_args().fast)
