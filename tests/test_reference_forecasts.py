"""Refactorings leave every forecast as it was: numbers pinned for fixed seeds.

``tests/reference/forecasts.npz`` (written by ``tests/reference/make_forecasts.py``)
holds point forecasts, intervals, variances, in-sample and updated forecasts for
every strategy and loss on a panel with known and past X. With the torch version
that wrote it, they must match to the bit (the CPU is deterministic for a seed);
another torch version may round differently, so it gets a tight tolerance.
"""

import importlib.util
from pathlib import Path

import numpy as np
import pytest
import torch

REFERENCE = Path(__file__).parent / "reference"


def _module():
    spec = importlib.util.spec_from_file_location(
        "make_forecasts", REFERENCE / "make_forecasts.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def computed():
    return _module().forecasts()


STORED = np.load(REFERENCE / "forecasts.npz")


@pytest.mark.parametrize("name", [k for k in STORED.files if k != "torch"])
def test_forecasts_match_the_reference(computed, name):
    expected = STORED[name]
    if str(STORED["torch"]) == torch.__version__:
        np.testing.assert_array_equal(computed[name], expected)
    else:
        np.testing.assert_allclose(computed[name], expected, rtol=1e-5, atol=1e-8)


def test_the_reference_covers_every_case():
    cases = {*_module().CASES, "pretrained", "validated"}
    stored_cases = {name.split("/")[0] for name in STORED.files if name != "torch"}
    assert stored_cases == cases
