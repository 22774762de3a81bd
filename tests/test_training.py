import warnings

import numpy as np
import pytest
import torch

from sktime_lstm._graphed_step import GraphedStep
from sktime_lstm.distributions import likelihood_for
from sktime_lstm.networks import RecurrentForecastNetwork
from sktime_lstm.training import (
    TrainingConfig,
    _adam,
    _schedule,
    limited_threads,
    native_bf16,
    planned_steps,
    seeded,
    train_network,
)
from sktime_lstm.windows import history_slopes, make_windows


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


# The CUDA-graph checks run on every device present: on the CPU they check that no
# graph is attempted, on a GPU that replayed graphs train exactly as eager steps.
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


QUANTILES = (0.1, 0.5, 0.9)


def _trained_weights(
    device, cuda_graph, loss="mae", seasonal_period=None, long_trend=False, exog=False
):
    # 95 windows in batches of 16: full batches (replayed) and a partial one (eager);
    # with exog, a known column and a 10-step window (exog_regression's solve),
    # 89 windows
    series = np.sin(np.arange(100) / 3, dtype=np.float32).reshape(-1, 1)
    if exog:
        known = np.cos(np.arange(100) / 5, dtype=np.float32).reshape(-1, 1)
        series = np.concatenate([series + 2 * known, known], axis=1)
    if long_trend:
        series = np.concatenate([series, history_slopes(series[:, :1])], axis=1)
    window = 10 if exog else 4
    windows = make_windows(
        [series], window, 2, device=torch.device(device), n_targets=1
    )
    quantiles = QUANTILES if loss == "quantile" else ()
    config = TrainingConfig(
        max_epochs=3,
        batch_size=16,
        lr_schedule="cosine",
        cuda_graph=cuda_graph,
    )
    with seeded(0, torch.device(device)) as generator:
        net = RecurrentForecastNetwork(
            "lstm",
            1,
            8,
            2,
            horizon=2,
            likelihood=likelihood_for(loss, quantiles),
            window_length=window,
            seasonal_period=seasonal_period,
            long_trend=long_trend,
            n_exog=int(exog),
            known_exog=(0,) if exog else (),
            exog_regression=exog,
            window_norm="last" if exog else "standard",
        ).to(device)
        assert net.exog_regression is exog
        history = train_network(net, windows, config, generator)
    weights = torch.cat([p.detach().flatten() for p in net.parameters()])
    return weights.cpu(), history


@pytest.mark.parametrize(
    "loss, seasonal_period, long_trend, exog",
    [
        ("mae", None, False, False),
        ("quantile", None, False, False),
        ("student_t", None, False, False),
        ("mae", 2, False, False),
        ("mae", 2, True, False),
        ("mae", 2, False, True),
        ("mae", None, False, True),
    ],
)
@pytest.mark.parametrize("device", DEVICES)
def test_cuda_graph_replays_train_as_eager_steps(
    device, loss, seasonal_period, long_trend, exog, monkeypatch
):
    replays = []
    replay = torch.cuda.CUDAGraph.replay
    monkeypatch.setattr(
        torch.cuda.CUDAGraph, "replay", lambda g: replays.append(1) or replay(g)
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        graphed, graphed_history = _trained_weights(
            device, True, loss, seasonal_period, long_trend, exog
        )
    # every step of this loss, the seasonal profile and the slopes is capturable: no
    # fallback to eager steps
    assert not [w for w in caught if "CUDA graph failed" in str(w.message)]
    # 5 full batches an epoch for 3 epochs, less the eager warm-up steps
    expected = 15 - GraphedStep.warmup_steps if device == "cuda" else 0
    assert len(replays) == expected
    eager, eager_history = _trained_weights(
        device, False, loss, seasonal_period, long_trend, exog
    )
    assert len(replays) == expected
    assert torch.allclose(graphed, eager, atol=1e-5)
    losses = [h["train_loss"] for h in graphed_history]
    assert losses == pytest.approx([h["train_loss"] for h in eager_history], rel=1e-4)


@pytest.mark.parametrize("device", DEVICES)
def test_a_failed_capture_warns_and_trains_eagerly(device, monkeypatch):
    def failing_graph(*args, **kwargs):
        raise RuntimeError("operation not permitted when stream is capturing")

    monkeypatch.setattr(torch.cuda, "graph", failing_graph)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        weights, history = _trained_weights(device, cuda_graph=True)
    failed = [w for w in caught if "CUDA graph failed" in str(w.message)]
    assert len(failed) == (1 if device == "cuda" else 0)
    eager, _ = _trained_weights(device, cuda_graph=False)
    assert torch.allclose(weights, eager, atol=1e-6)
    assert len(history) == 3


@pytest.mark.parametrize("device", DEVICES)
def test_the_schedule_moves_the_learning_rate_on_every_device(device):
    config = TrainingConfig(learning_rate=1e-2, lr_schedule="cosine", max_steps=4)
    net = _net().to(device)
    optimizer = _adam(net, config, torch.device(device))
    schedule = _schedule(optimizer, config, 100)
    rates = []
    for _ in range(5):
        rates.append(float(optimizer.param_groups[0]["lr"]))
        optimizer.step()
        schedule.step()
    assert rates == pytest.approx([1e-2, 0.85355e-2, 0.5e-2, 0.14645e-2, 0.0], abs=1e-6)
