"""Write the reference forecasts that ``tests/test_reference_forecasts.py`` pins.

Run ``python tests/reference/make_forecasts.py`` only when a change is meant to
alter forecasts, and say so in the commit: the file pins point forecasts,
intervals, quantiles, variances and in-sample values for fixed seeds, for every
strategy and loss, on a panel with known and past X, so that a refactoring can be
checked to leave every number as it was.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import torch

HERE = Path(__file__).parent
CASES = {
    "lstm-mae-direct": dict(cell="LSTMForecaster"),
    "gru-mse-recursive": dict(cell="GRUForecaster", loss="mse", strategy="recursive"),
    "rnn-huber-rolled": dict(cell="RNNForecaster", loss="huber", horizon=2),
    "lstm-smape-mean": dict(cell="LSTMForecaster", loss="smape", scaler="mean"),
    "lstm-normal-sp-trend": dict(
        cell="LSTMForecaster", loss="normal", sp=3, long_trend=True, horizon=3
    ),
    "gru-student_t": dict(cell="GRUForecaster", loss="student_t", readout="last"),
    "lstm-quantile-recursive": dict(
        cell="LSTMForecaster", loss="quantile", strategy="recursive"
    ),
    "peephole-quantile": dict(
        cell="LSTMForecaster", loss="quantile", peephole=True, head_hidden_sizes=(5,)
    ),
    "gru-normal-minmax-auto": dict(
        cell="GRUForecaster", loss="normal", scaler="minmax", sp="auto", dropout=0.1
    ),
}
COMMON = dict(
    window_length=6,
    hidden_size=5,
    num_layers=2,
    max_epochs=3,
    batch_size=16,
    n_samples=30,
    random_state=0,
    past_covariates=["past"],
)


def panel() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Three series of unequal length, one with missing values, and their X."""
    rng = np.random.default_rng(0)
    ys, Xs = [], []
    for i, length in enumerate((40, 33, 45)):
        t = np.arange(length)
        known = np.sin(t / 2.0)
        noise = rng.normal(0, 0.3, length)
        y = 20 + 5 * i + 2 * known + np.sin(2 * np.pi * t / 3) + noise
        if i == 1:
            y[[5, 6, 20]] = np.nan
        index = pd.RangeIndex(100 - length, 100 + 8)  # 8 future steps of X
        ys.append(pd.DataFrame({"y": y}, index=index[:length]))
        future_known = np.sin(np.arange(length + 8) / 2.0)
        past = rng.normal(size=length + 8)
        Xs.append(pd.DataFrame({"known": future_known, "past": past}, index=index))
    keys = ["a", "b", "c"]
    y = pd.concat(ys, keys=keys, names=["series", "time"])
    X = pd.concat(Xs, keys=keys, names=["series", "time"])
    return y, X


def forecasts() -> dict[str, np.ndarray]:
    """Every number the reference pins, by case and output."""
    import sktime_lstm

    warnings.filterwarnings("ignore")
    y, X = panel()
    train_X = X.loc[X.index.get_level_values(1) < 100]
    out = {}
    for name, case in CASES.items():
        settings = {**COMMON, **{k: v for k, v in case.items() if k != "cell"}}
        forecaster = getattr(sktime_lstm, case["cell"])(**settings)
        forecaster.fit(y, X=train_X, fh=[1, 2, 3])
        out[f"{name}/point"] = forecaster.predict(fh=range(1, 8), X=X).to_numpy()
        out[f"{name}/insample"] = forecaster.predict(fh=[-4, -1, 0], X=X).to_numpy()
        if forecaster.get_tag("capability:pred_int"):
            out[f"{name}/interval"] = forecaster.predict_interval(
                fh=range(1, 8), X=X, coverage=[0.5, 0.8]
            ).to_numpy()
            out[f"{name}/var"] = forecaster.predict_var(fh=[1, 2], X=X).to_numpy()
            out[f"{name}/quantiles"] = forecaster.predict_quantiles(
                fh=range(1, 8), X=X, alpha=[0.1, 0.5, 0.9]
            ).to_numpy()
        forecaster.update(
            y.groupby(level=0).tail(2) + 0.5, X=train_X, update_params=True
        )
        out[f"{name}/updated"] = forecaster.predict(fh=[1, 2], X=X).to_numpy()
        # two new points per series, each with its X: appended, and fine-tuned on
        later = y.groupby(level=0).tail(2)
        later.index = later.index.set_levels(later.index.levels[1] + 2, level=1)
        forecaster.update(later - 0.5, X=X, update_params=True)
        out[f"{name}/appended"] = forecaster.predict(fh=[1, 2], X=X).to_numpy()
    out.update(_pretrained_and_validated(y, train_X, X))
    return out


def _pretrained_and_validated(y, train_X, X) -> dict[str, np.ndarray]:
    """Pretrain then fine-tune; and a fit that holds out a tail and stops early."""
    from sktime_lstm import GRUForecaster, LSTMForecaster

    settings = {**COMMON, "max_epochs": 4}
    pretrained = LSTMForecaster(**settings, finetune_epochs=2).pretrain(
        y, X=train_X, fh=[1, 2, 3]
    )
    series = y.loc[["c"]]
    pretrained.fit(series, X=train_X.loc[["c"]])
    validated = GRUForecaster(
        **{**settings, "max_epochs": 6},
        validation_size=0.25,
        early_stopping_patience=1,
        loss="normal",
    ).fit(y, X=train_X, fh=[1, 2, 3])
    return {
        "pretrained/point": pretrained.predict(fh=[1, 2, 3], X=X.loc[["c"]]).to_numpy(),
        "pretrained/history": pretrained.training_history_.to_numpy(),
        "validated/point": validated.predict(fh=[1, 2, 3], X=X).to_numpy(),
        "validated/history": validated.training_history_.to_numpy(),
    }


if __name__ == "__main__":
    torch.set_num_threads(1)
    np.savez(HERE / "forecasts.npz", torch=np.array(torch.__version__), **forecasts())
    print(f"wrote {HERE / 'forecasts.npz'}")
