"""Training-step time: our training loop against a minimal hand-written PyTorch loop.

Run ``python benchmarks/step_time.py``; writes results/step_time.md. Both train the
same 2 x 64 LSTM network (``networks.RecurrentForecastNetwork``) on batches of 256
windows of 36 + 18 steps cut from synthetic monthly series, with Adam and MAE, in
fp32 on the CPU. The bare loop gathers its batches from a pre-materialised window
tensor (the fastest it can be); ours runs ``training.train_network`` on zero-copy
views, including its gradient clipping. A bf16 autocast step of the bare loop is
timed too, to show what mixed precision would bring on this CPU.
"""

import platform
import time

import numpy as np
import torch
from _results import publish

from sktime_lstm.networks import RecurrentForecastNetwork
from sktime_lstm.training import TrainingConfig, train_network
from sktime_lstm.windows import make_windows

WINDOW, HORIZON, BATCH, STEPS = 36, 18, 256, 60


def series() -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    t = np.arange(200)
    return [
        (np.sin(2 * np.pi * t / 12 + rng.uniform(0, 6)) + rng.normal(0, 0.1, 200))
        .astype(np.float32)
        .reshape(-1, 1)
        for _ in range(100)
    ]


def network() -> torch.nn.Module:
    torch.manual_seed(0)
    return RecurrentForecastNetwork("lstm", 1, 64, 2, HORIZON)


def ours_ms(windows) -> float:
    config = TrainingConfig(max_epochs=1000, max_steps=STEPS, batch_size=BATCH)
    net = network()
    train_network(
        net,
        windows,
        TrainingConfig(max_steps=5, batch_size=BATCH),
        torch.Generator().manual_seed(0),
    )  # warm-up
    start = time.perf_counter()
    train_network(net, windows, config, torch.Generator().manual_seed(0))
    return 1000 * (time.perf_counter() - start) / STEPS


def bare_ms(windows, autocast: bool = False) -> float:
    materialised = windows.batch(windows.train_starts)
    net = network()
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(0)

    def step():
        idx = torch.randint(len(materialised), (BATCH,), generator=generator)
        batch = materialised[idx]
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
            pred = net(batch[:, :WINDOW], batch[:, WINDOW:, 1:-1])
        loss = (pred.float() - batch[:, WINDOW:, :1]).abs().mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()

    for _ in range(5):
        step()
    start = time.perf_counter()
    for _ in range(STEPS):
        step()
    return 1000 * (time.perf_counter() - start) / STEPS


def main() -> str:
    windows = make_windows(series(), WINDOW, HORIZON)
    bare, ours = bare_ms(windows), ours_ms(windows)
    try:
        bf16 = f"{bare_ms(windows, autocast=True) / bare:.2f}"
    except RuntimeError as error:  # oneDNN has no bf16 LSTM on some CPUs
        bf16 = f"fails: {str(error).splitlines()[0][:70]}"
    text = "\n".join(
        [
            "# Training step time (CPU, fp32)",
            "",
            f"2 x 64 LSTM, batch {BATCH}, window {WINDOW} + horizon {HORIZON}, "
            f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
            f"{platform.machine()}. Command: `python benchmarks/step_time.py`.",
            "",
            "| loop | ms per step | vs bare fp32 |",
            "|---|---|---|",
            f"| bare hand-written loop, fp32 | {bare:.1f} | 1.00 |",
            f"| our train_network, fp32 | {ours:.1f} | {ours / bare:.2f} |",
            f"| bare loop under bf16 autocast | | {bf16} |",
            "",
        ]
    )
    return publish("step_time", text)


if __name__ == "__main__":
    main()
