"""Quickstart: an LSTM next to AutoARIMA, AutoETS and seasonal naive on airline.

Holds out the last 36 months of sktime's airline data, fits every forecaster on the
rest, prints MAPE and fit time, and saves a plot. Run::

    python examples/quickstart.py            # defaults
    python examples/quickstart.py --fast     # a few epochs, for CI smoke tests
"""

import argparse
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # save to file; no display needed
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from sktime.datasets import load_airline  # noqa: E402
from sktime.forecasting.arima import AutoARIMA  # noqa: E402
from sktime.forecasting.ets import AutoETS  # noqa: E402
from sktime.forecasting.naive import NaiveForecaster  # noqa: E402
from sktime.performance_metrics.forecasting import (  # noqa: E402
    mean_absolute_percentage_error,
)
from sktime.split import temporal_train_test_split  # noqa: E402
from sktime.transformations.series.boxcox import LogTransformer  # noqa: E402

from sktime_lstm import LSTMForecaster  # noqa: E402

NOTICE = "The default of config ``remember_data``"


@contextmanager
def without_remember_data_notice() -> Iterator[None]:
    """Drop sktime 1.2's ``remember_data`` FutureWarning, and nothing else.

    sktime 1.2 warns at every forecaster construction that the default of the
    ``remember_data`` config changes in 1.3; the LSTM forecasters silence it
    themselves, the baselines do not. The message recommends ``set_config``, but in
    sktime 1.2.0 that cannot silence it: the warning is raised in ``__init__``,
    before any config can be set, and again at every ``fit``, whose ``reset``
    re-runs ``__init__`` before it restores the config. A warnings filter does not
    hold either: sktime's forecasting-horizon code ends its own suppression with
    ``warnings.filterwarnings("default", FutureWarning)``, which goes in front of
    any earlier filter. So the notice is dropped where warnings are shown; every
    other warning is shown as before.
    """
    with warnings.catch_warnings():  # restores showwarning on exit
        show = warnings.showwarning

        def show_all_but_the_notice(message, category, filename, lineno, *args):
            if not str(message).startswith(NOTICE):
                show(message, category, filename, lineno, *args)

        warnings.showwarning = show_all_but_the_notice
        yield


def main(fast: bool = False, output: Path = Path("examples/output")) -> pd.DataFrame:
    """Fit every forecaster, print the table, save the plot; return the table.

    Parameters
    ----------
    fast : bool, default=False
        Train the LSTMs for three epochs only (the test suite's smoke run).
    output : Path, default="examples/output"
        Folder for ``quickstart.png``.

    Returns
    -------
    pandas.DataFrame
        MAPE (%) on the 36 held-out months and fit seconds, one row per forecaster.
    """
    y = load_airline()
    y_train, y_test = temporal_train_test_split(y, test_size=36)
    fh = list(range(1, 37))
    budget = {"max_epochs": 3} if fast else {}
    # the baselines raise sktime's notice when constructed and at every fit
    with without_remember_data_notice():
        forecasters = {
            "LSTMForecaster (defaults)": LSTMForecaster(random_state=0, **budget),
            # on one series the default norm is the window's last level (chosen
            # on the validation parts of single series); this one trending series
            # prefers the window mean alone
            'LSTMForecaster(window_norm="mean")': LSTMForecaster(
                window_norm="mean", random_state=0, **budget
            ),
            # told the seasonal period, as the classical models below are (the
            # defaults detect it on one series: the same network here)
            "LSTMForecaster(sp=12)": LSTMForecaster(sp=12, random_state=0, **budget),
            # and the slope of the whole history, which a 24-month window cannot show
            "LSTMForecaster(sp=12, long_trend=True)": LSTMForecaster(
                sp=12, long_trend=True, random_state=0, **budget
            ),
            # on the log (sktime's LogTransformer), for a series whose seasonal
            # swing grows with its level, as airline's does (a multiplicative season)
            "LogTransformer() * LSTMForecaster()": LogTransformer()
            * LSTMForecaster(random_state=0, **budget),
            # a network shipped with the package, pretrained on 2,411 monthly
            # competition series: fit trains nothing (zero-shot)
            'LSTMForecaster(pretrained="monthly")': LSTMForecaster(
                pretrained="monthly", random_state=0, **budget
            ),
            "AutoARIMA (seasonal)": AutoARIMA(sp=12, suppress_warnings=True),
            "AutoETS (auto)": AutoETS(auto=True, sp=12),
            "seasonal naive": NaiveForecaster(strategy="last", sp=12),
        }
        rows, predictions = [], {}
        for name, forecaster in forecasters.items():
            start = time.perf_counter()
            forecaster.fit(y_train, fh=fh)
            seconds = time.perf_counter() - start
            predictions[name] = forecaster.predict()
            mape = mean_absolute_percentage_error(y_test, predictions[name])
            rows.append(
                {"forecaster": name, "MAPE %": 100 * mape, "fit seconds": seconds}
            )
    table = pd.DataFrame(rows).set_index("forecaster").round(2)
    print(table.to_string())

    output.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(10, 4))
    y.plot(ax=ax, label="airline passengers", color="black")
    for name, y_pred in predictions.items():
        y_pred.plot(ax=ax, label=name)
    ax.set_title("Last 36 months held out")
    ax.legend()
    fig.tight_layout()
    fig.savefig(output / "quickstart.png", dpi=100)
    print(f"plot saved to {output / 'quickstart.png'}")
    return table


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="few epochs (CI)")
    main(fast=parser.parse_args().fast)
