"""One timed run of one package, in a fresh process: import, fit, predict.

Called by ``peers.py`` as ``python _peer_run.py PACKAGE CONFIG DATA OUT``, with the
interpreter of the environment that holds PACKAGE (ours: this project's; the
peers: their own, see ``peers.py``). DATA names ``DATA.csv``, the training series
in long form (unique_id, ds, y; integer ds), and ``DATA.json``, ``{"horizon": h,
"steps": optimiser steps of the matched configuration, "seed": int}``. The run
writes ``OUT.csv`` (unique_id, ds, forecast) and ``OUT.json``: ``"seconds"`` from
the process's start, before any import, to the end of predict, and ``"import
seconds"`` to the end of importing the package (its modules in ``IMPORTS``).
Plain files, because the two environments hold different pandas versions. Only the
standard library and pandas are imported before the clock starts.
"""

from __future__ import annotations

import time

START = time.perf_counter()

import importlib  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402

import pandas as pd  # noqa: E402

# Lightning trainer settings for both peers: CPU, no bars, logs or checkpoints
QUIET_TRAINER = {
    "accelerator": "cpu",
    "enable_progress_bar": False,
    "enable_model_summary": False,
    "logger": False,
    "enable_checkpointing": False,
}
# the matched configuration, spelled out in each package (our defaults differ:
# 256 windows a step, 2e-3 with cosine decay)
WINDOW, HIDDEN, LAYERS, BATCH, LEARNING_RATE = 24, 64, 2, 32, 1e-3


def ours(train: pd.DataFrame, horizon: int, config: str, steps: int, seed: int):
    from sktime_lstm import LSTMForecaster

    y = train.set_index(["unique_id", "ds"])[["y"]]
    if config == "matched":
        forecaster = LSTMForecaster(
            window_length=WINDOW,
            hidden_size=HIDDEN,
            num_layers=LAYERS,
            # the peers' heads read several hidden states, not the last one: the
            # last h, or all of the window's resampled to h steps when h > window
            readout="all",
            batch_size=BATCH,
            learning_rate=LEARNING_RATE,
            lr_schedule=None,
            max_steps=steps,
            max_epochs=10**6,
            sp=None,  # no seasonal part, as the peers' LSTMs have none
            # the window's mean as its level, as when peers.md was measured
            window_norm="standard",
            random_state=seed,
        )
    else:
        forecaster = LSTMForecaster(random_state=seed)
    forecaster.fit(y, fh=list(range(1, horizon + 1)))
    forecast = forecaster.predict().reset_index()
    return forecast.rename(columns={"y": "forecast"})


def neuralforecast(
    train: pd.DataFrame, horizon: int, config: str, steps: int, seed: int
):
    import logging

    from neuralforecast import NeuralForecast
    from neuralforecast.losses.pytorch import MAE
    from neuralforecast.models import LSTM

    logging.getLogger("pytorch_lightning").setLevel(logging.ERROR)
    logging.getLogger("lightning").setLevel(logging.ERROR)
    if config == "matched":
        model = LSTM(
            h=horizon,
            input_size=WINDOW,
            encoder_n_layers=LAYERS,
            encoder_hidden_size=HIDDEN,
            decoder_hidden_size=HIDDEN,
            decoder_layers=1,
            loss=MAE(),
            max_steps=steps,
            batch_size=BATCH,
            windows_batch_size=BATCH,
            learning_rate=LEARNING_RATE,
            scaler_type="standard",
            start_padding_enabled=True,
            random_seed=seed,
            **QUIET_TRAINER,
        )
    else:
        # the defaults' input_size=-1 means 3 * h: 108 + 36 steps, longer than
        # airline's 108 training months ("No windows available for training");
        # padding the start, the one change that lets the defaults run
        model = LSTM(
            h=horizon, start_padding_enabled=True, random_seed=seed, **QUIET_TRAINER
        )
    forecaster = NeuralForecast(models=[model], freq=1)
    forecaster.fit(train)
    forecast = forecaster.predict()
    return forecast.rename(columns={"LSTM": "forecast"})[
        ["unique_id", "ds", "forecast"]
    ]


def darts(train: pd.DataFrame, horizon: int, config: str, steps: int, seed: int):
    import logging

    import torch
    from darts import TimeSeries
    from darts.dataprocessing.transformers import Scaler
    from darts.models import BlockRNNModel

    logging.getLogger("pytorch_lightning").setLevel(logging.ERROR)
    logging.getLogger("lightning").setLevel(logging.ERROR)
    keys = list(dict.fromkeys(train["unique_id"]))
    series = [
        TimeSeries.from_times_and_values(
            pd.RangeIndex(len(part)), part["y"].to_numpy(dtype="float32")
        )
        for _, part in train.groupby("unique_id", sort=False)
    ]
    scaler = Scaler()  # per-series min-max, as darts' examples do
    scaled = scaler.fit_transform(series)
    # darts has no default chunk lengths: our default window, the horizon
    chunks = {"input_chunk_length": WINDOW, "output_chunk_length": horizon}
    if config == "matched":
        model = BlockRNNModel(
            model="LSTM",
            **chunks,
            hidden_dim=HIDDEN,
            n_rnn_layers=LAYERS,
            batch_size=BATCH,
            n_epochs=10**6,
            optimizer_kwargs={"lr": LEARNING_RATE},
            loss_fn=torch.nn.L1Loss(),
            random_state=seed,
            pl_trainer_kwargs={**QUIET_TRAINER, "max_steps": steps},
        )
    else:
        model = BlockRNNModel(
            model="LSTM", **chunks, random_state=seed, pl_trainer_kwargs=QUIET_TRAINER
        )
    model.fit(scaled, verbose=False)
    predicted = scaler.inverse_transform(
        model.predict(n=horizon, series=scaled, verbose=False)
    )
    frames = []
    for key, part, forecast in zip(
        keys, train.groupby("unique_id", sort=False), predicted, strict=True
    ):
        last = int(part[1]["ds"].iloc[-1])
        frames.append(
            pd.DataFrame(
                {
                    "unique_id": key,
                    "ds": range(last + 1, last + 1 + horizon),
                    "forecast": forecast.values().ravel(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


RUNNERS = {"ours": ours, "neuralforecast": neuralforecast, "darts": darts}
# what each runner imports, imported first so that import time is told apart
IMPORTS = {
    "ours": ["sktime_lstm"],
    "neuralforecast": ["neuralforecast", "neuralforecast.models"],
    "darts": ["darts", "darts.models"],
}


def main() -> None:
    package, config, data, out = sys.argv[1:5]
    for module in IMPORTS[package]:
        importlib.import_module(module)
    imported = time.perf_counter() - START
    train = pd.read_csv(f"{data}.csv")
    with open(f"{data}.json") as file:
        meta = json.load(file)
    forecast = RUNNERS[package](
        train, meta["horizon"], config, meta["steps"], meta["seed"]
    )
    seconds = time.perf_counter() - START
    forecast[["unique_id", "ds", "forecast"]].to_csv(f"{out}.csv", index=False)
    with open(f"{out}.json", "w") as file:
        json.dump({"seconds": seconds, "import seconds": imported}, file)


if __name__ == "__main__":
    main()
