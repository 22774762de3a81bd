import numpy as np
import pytest
import torch

from sktime_lstm.networks import RecurrentForecastNetwork
from sktime_lstm.training import (
    TrainingConfig,
    _schedule,
    limited_threads,
    native_bf16,
    planned_steps,
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


def _learning_rates(config, n_windows, n_steps):
    net = _net()
    optimizer = torch.optim.Adam(net.parameters(), lr=config.learning_rate)
    schedule = _schedule(optimizer, config, n_windows)
    rates = []
    for _ in range(n_steps):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        if schedule is not None:
            schedule.step()
    return rates


def test_cosine_schedule_decays_to_zero_over_the_planned_steps():
    config = TrainingConfig(max_epochs=4, batch_size=10, lr_schedule="cosine")
    assert planned_steps(config, 25) == 12  # 3 batches an epoch
    rates = _learning_rates(config, 25, 13)
    assert rates[0] == pytest.approx(1e-3)
    assert rates[6] == pytest.approx(0.5e-3)
    assert rates[12] == pytest.approx(0.0, abs=1e-12)
    assert all(a >= b for a, b in zip(rates, rates[1:]))


def test_max_steps_bounds_the_planned_steps_and_no_schedule_is_constant():
    config = TrainingConfig(max_epochs=100, max_steps=7, batch_size=10)
    assert planned_steps(config, 25) == 7
    assert set(_learning_rates(config, 25, 7)) == {1e-3}


def test_unknown_schedule_is_refused():
    config = TrainingConfig(lr_schedule="linear")
    with pytest.raises(ValueError, match="Unknown lr_schedule"):
        _learning_rates(config, 25, 1)


def test_cosine_schedule_still_learns():
    windows = _windows(np.sin(np.arange(200) / 3))
    config = TrainingConfig(max_epochs=10, learning_rate=1e-2, lr_schedule="cosine")
    with seeded(0, torch.device("cpu")) as generator:
        history = train_network(_net(), windows, config, generator)
    assert history[-1]["train_loss"] < 0.5 * history[0]["train_loss"]


def test_native_bf16_is_false_off_cpu_and_cuda():
    assert native_bf16(torch.device("meta")) is False
