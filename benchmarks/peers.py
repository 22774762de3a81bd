"""Speed and accuracy against the Lightning-based peers: neuralforecast and darts.

Run ``python benchmarks/peers.py``; writes results/peers.md. neuralforecast 3.3
needs pandas 3.1, which sktime 1.2 rejects, so the peers run from a virtual
environment of their own, made once with::

    python -m venv .venv-peers
    .venv-peers/bin/pip install torch==2.13.0 neuralforecast==3.3.0 darts==0.48.1

(``--create-venv`` runs exactly that; ``--peer-python`` points elsewhere). Every
run is a fresh process timed end to end: interpreter start, import, fit, predict
(``_peer_run.py``), each package on the CPU with torch's default threads. The
import time is told apart; darts imports torch and its models lazily, during fit,
so its import time leaves them out.

Tasks:

- ``airline``: sktime's airline data, the last 36 months held out, MAPE;
- ``m3``: M3 monthly (1428 series, h=18), one global model, sMAPE and MASE.

Configurations: ``defaults`` (each package's own: ``LSTMForecaster()``;
``neuralforecast.models.LSTM(h, start_padding_enabled=True)``, what sktime's
``NeuralForecastLSTM`` wraps (without the padding its default input of 3 h
steps leaves no training window on airline);
darts' ``BlockRNNModel(model="LSTM")``, which has no default chunk lengths, so
24 and the horizon) and ``matched``: a window of 24, a 2 x 64 LSTM, MAE, batches
of 32 windows, Adam at 1e-3 and the same number of optimiser steps (``--steps``),
with a head that reads the hidden states of the whole window: ours with
``readout="all"``; both peers map the hidden states of the last h steps (all of
the window's, resampled to h steps, when h is longer) through a per-step MLP.
Options: ``--tasks``, ``--packages``, ``--configs``, ``--seeds`` (3: seeds 0, 1,
2; every column is the median over them, as one series is a noisy judge).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from _m3 import load, scores
from _results import markdown_table, publish

HERE = Path(__file__).parent
PEERS_VENV = HERE.parent / ".venv-peers"
PEER_PACKAGES = ["torch==2.13.0", "neuralforecast==3.3.0", "darts==0.48.1"]
PACKAGES = ["ours", "neuralforecast", "darts"]


def airline_task():
    """Airline as a one-series long frame; its last 36 months as the test part."""
    from sktime.datasets import load_airline

    values = load_airline().to_numpy(float)
    n_train, horizon = len(values) - 36, 36
    frame = pd.DataFrame({"unique_id": "airline", "ds": range(len(values))})
    frame["y"] = values
    return frame[:n_train], frame[n_train:], horizon, 12


def m3_task():
    """M3 monthly in long form (integer time per series)."""
    train, test, horizon, period = load("monthly")

    def long(panel: pd.DataFrame) -> pd.DataFrame:
        frame = panel.reset_index()
        return frame.rename(columns={"series": "unique_id", "time": "ds"})

    return long(train), long(test), horizon, period


TASKS = {"airline": airline_task, "m3": m3_task}
# darts' defaults train 100 epochs over every window of M3 (hours here): on M3 the
# packages are compared at the matched budget only
TASK_CONFIGS = {"airline": ("defaults", "matched"), "m3": ("matched",)}


def run(python: str, package: str, config: str, folder: Path, meta: dict):
    """One fresh process on ``meta``; its forecasts and timing (``_peer_run.py``)."""
    (folder / "data.json").write_text(json.dumps(meta))
    out = folder / f"{package}_{config}"
    command = [python, str(HERE / "_peer_run.py"), package, config]
    completed = subprocess.run(
        [*command, str(folder / "data"), str(out)],
        capture_output=True,
        text=True,
    )
    if completed.returncode:
        tail = completed.stderr.strip().splitlines()[-5:]
        raise RuntimeError(f"{package} ({config}) failed:\n" + "\n".join(tail))
    timing = json.loads(Path(f"{out}.json").read_text())
    return pd.read_csv(f"{out}.csv"), timing


def score(task: str, test, forecast, train, period) -> dict:
    merged = test.merge(forecast, on=["unique_id", "ds"], how="left")
    if task == "airline":
        error = np.abs(merged["y"] - merged["forecast"]) / np.abs(merged["y"])
        return {"MAPE %": 100 * float(error.mean())}

    def panel(frame: pd.DataFrame, column: str) -> pd.DataFrame:
        frame = frame.rename(columns={"unique_id": "series", "ds": "time"})
        return frame.set_index(["series", "time"])[[column]].rename(
            columns={column: "y"}
        )

    return scores(
        panel(merged, "y"), panel(merged, "forecast")["y"], panel(train, "y"), period
    )


def ensure_peer_venv(python: Path, create: bool) -> None:
    if python.exists():
        return
    if not create:
        raise SystemExit(
            f"No peer environment at {python}; pass --create-venv or see the "
            "module docstring."
        )
    subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
    pip = [str(python), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, PEER_PACKAGES[0]], check=True)  # the CPU torch first
    subprocess.run([*pip, *PEER_PACKAGES[1:]], check=True)


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", nargs="+", default=list(TASKS))
    parser.add_argument("--packages", nargs="+", default=PACKAGES)
    parser.add_argument("--configs", nargs="+", default=["defaults", "matched"])
    parser.add_argument("--steps", type=int, default=None, help="matched budget")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--peer-python", default=str(PEERS_VENV / "bin" / "python"))
    parser.add_argument("--create-venv", action="store_true")
    parser.add_argument("--save", default="peers", help='"" prints only')
    args = parser.parse_args(argv)
    if set(args.packages) - {"ours"}:
        ensure_peer_venv(Path(args.peer_python), args.create_venv)
    sections = []
    for task in args.tasks:
        train, test, horizon, period = TASKS[task]()
        # 300 steps on airline (100 epochs of 3 batches of 32), 4000 on M3
        steps = args.steps or (300 if task == "airline" else 4000)
        rows = []
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            train.to_csv(folder / "data.csv", index=False)
            configs = [c for c in args.configs if c in TASK_CONFIGS[task]]
            for config in configs:
                for package in args.packages:
                    python = sys.executable if package == "ours" else args.peer_python
                    runs = []
                    for seed in range(args.seeds):
                        meta = {"horizon": horizon, "steps": steps, "seed": seed}
                        forecast, timing = run(python, package, config, folder, meta)
                        runs.append(
                            {
                                **score(task, test, forecast, train, period),
                                "seconds": timing["seconds"],
                                "import s": timing["import seconds"],
                                "fit + predict s": timing["seconds"]
                                - timing["import seconds"],
                            }
                        )
                        print(package, config, seed, runs[-1], flush=True)
                    median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                    rows.append({"package": package, "config": config, **median})
        table = pd.DataFrame(rows).set_index("package")
        for config in args.configs:
            ours = table[(table.index == "ours") & (table["config"] == config)]
            if len(ours):
                table.loc[table["config"] == config, "x ours' time"] = table.loc[
                    table["config"] == config, "seconds"
                ] / float(ours["seconds"].iloc[0])
        sections += [
            f"## {task} (h={horizon}; matched budget: {steps} steps)",
            "",
            markdown_table(table),
            "",
        ]
    command = "python benchmarks/peers.py" + (" " + " ".join(argv) if argv else "")
    text = "\n".join(
        [
            "# Against neuralforecast and darts",
            "",
            f"Command: `{command}`. Medians over seeds 0 to {args.seeds - 1} of each "
            "column. `seconds`: end to end, a fresh process (interpreter start, "
            "import, fit, predict) on this machine's CPU, each package with torch's "
            "default threads; `import s`: the part until the package was imported; "
            "`x ours' time`: seconds over ours in the same configuration.",
            "",
            *sections,
        ]
    )
    return publish(args.save, text, save=bool(args.save))


if __name__ == "__main__":
    main(sys.argv[1:])
