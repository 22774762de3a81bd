import numpy as np
import pytest
import torch

from sktime_lstm.networks import RecurrentForecastNetwork
from sktime_lstm.training import (
    TrainingConfig,
    limited_threads,
    seeded,
    train_network,
)
from sktime_lstm.windows import make_windows


def _windows(values):
    return make_windows([np.asarray(values, dtype=np.float32).reshape(-1, 1)], 6, 2)


def _net():
    return RecurrentForecastNetwork("gru", 1, 8, 1, horizon=2)


def test_loss_goes_down_on_a_learnable_series():
    windows = _windows(np.sin(np.arange(200) / 3))
    with seeded(0, torch.device("cpu")) as generator:
        history = train_network(
            _net(),
            windows,
            TrainingConfig(max_epochs=10, learning_rate=1e-2),
            generator,
        )
    assert history[-1]["train_loss"] < 0.5 * history[0]["train_loss"]


def test_same_seed_same_weights():
    windows = _windows(np.sin(np.arange(100) / 3))
    results = []
    for _ in range(2):
        with seeded(7, torch.device("cpu")) as generator:
            net = _net()
            train_network(net, windows, TrainingConfig(max_epochs=2), generator)
        results.append(torch.cat([p.flatten() for p in net.parameters()]))
    assert torch.equal(results[0], results[1])


def test_non_finite_loss_raises():
    windows = _windows(np.sin(np.arange(50) / 3))
    windows.data[10, 0] = float("nan")
    with pytest.raises(FloatingPointError, match="training loss became nan"):
        train_network(_net(), windows, TrainingConfig(max_epochs=1), torch.Generator())


def test_network_is_left_in_eval_mode():
    net = _net()
    train_network(
        net, _windows(np.arange(30.0)), TrainingConfig(max_epochs=1), torch.Generator()
    )
    assert not net.training


def test_limited_threads_restores():
    before = torch.get_num_threads()
    other = 2 if before == 1 else 1  # the test session may already run on one
    with limited_threads(other):
        assert torch.get_num_threads() == other
    assert torch.get_num_threads() == before
