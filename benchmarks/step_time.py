"""Training-step time: our training loop against a minimal hand-written PyTorch loop.

Run ``python benchmarks/step_time.py [--device cuda]``; writes
results/step_time.md (results/step_time_cuda.md on a GPU). Both train the same
2 x 64 LSTM network (``networks.RecurrentForecastNetwork``) on batches of 256
windows of 36 + 18 steps cut from synthetic monthly series, with Adam and MAE. The
bare loop gathers its batches from a pre-materialised window tensor (the fastest it
can be) and runs in fp32; ours runs ``training.train_network`` on zero-copy views,
including its gradient clipping, in fp32 and with bf16 autocast (what
``precision="bf16"`` does; only where the device has native bf16, see
``training.native_bf16``). On CUDA ours replays each step as a CUDA graph, and the
timed 60 steps include its warm-up and capture (once per fit); a further row times
it eagerly. The fp32 loops are timed in three interleaved rounds (median shown),
because this machine's speed drifts between runs.
"""

import argparse
import platform
import statistics
import time

import numpy as np
import torch
from _results import publish

from sktime_lstm.networks import RecurrentForecastNetwork
from sktime_lstm.training import TrainingConfig, native_bf16, train_network
from sktime_lstm.windows import make_windows

WINDOW, HORIZON, BATCH, STEPS, ROUNDS = 36, 18, 256, 60, 3


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


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def ours_ms(
    windows, bf16: bool = False, clip: float | None = 1.0, cuda_graph: bool = True
) -> float:
    config = TrainingConfig(
        max_epochs=1000,
        max_steps=STEPS,
        batch_size=BATCH,
        bf16=bf16,
        gradient_clip=clip,
        cuda_graph=cuda_graph,
    )
    device = windows.data.device
    net = network().to(device)
    warm_up = TrainingConfig(max_steps=5, batch_size=BATCH, bf16=bf16)
    train_network(net, windows, warm_up, torch.Generator().manual_seed(0))
    synchronize(device)
    start = time.perf_counter()
    train_network(net, windows, config, torch.Generator().manual_seed(0))
    synchronize(device)
    return 1000 * (time.perf_counter() - start) / STEPS


def bare_ms(windows, autocast: bool = False) -> float:
    materialised = windows.batch(windows.train_starts)
    device = materialised.device
    net = network().to(device)
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3)
    generator = torch.Generator().manual_seed(0)

    def step():
        idx = torch.randint(len(materialised), (BATCH,), generator=generator)
        batch = materialised[idx.to(device)]
        with torch.autocast(device.type, dtype=torch.bfloat16, enabled=autocast):
            pred = net(batch[:, :WINDOW], batch[:, WINDOW:, 1:-1])
        loss = (pred.float() - batch[:, WINDOW:, :1]).abs().mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()

    for _ in range(5):
        step()
    synchronize(device)
    start = time.perf_counter()
    for _ in range(STEPS):
        step()
    synchronize(device)
    return 1000 * (time.perf_counter() - start) / STEPS


def bf16_rows(windows, bare: float) -> list[str]:
    """bf16 rows: timed where the device has native bf16, else why not."""
    device = windows.data.device
    if not native_bf16(device):
        try:
            ratio = f"{bare_ms(windows, autocast=True) / bare:.2f}"
        except RuntimeError as error:  # oneDNN has no bf16 LSTM on AVX2 CPUs
            ratio = f"fails: {str(error).splitlines()[0][:60]}"
        return [
            f"| our train_network, bf16 autocast | not native on {device.type} | |",
            f"| bare loop under bf16 autocast (emulated) | | {ratio} |",
        ]
    ours, bare_bf16 = ours_ms(windows, bf16=True), bare_ms(windows, autocast=True)
    return [
        f"| our train_network, bf16 autocast | {ours:.1f} | {ours / bare:.2f} |",
        f"| bare loop under bf16 autocast | {bare_bf16:.1f} | {bare_bf16 / bare:.2f} |",
    ]


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cpu")
    device = torch.device(parser.parse_args(argv).device)
    windows = make_windows(series(), WINDOW, HORIZON, device=device)
    # interleaved rounds, median of each: the machine's speed drifts between runs
    graphs = device.type == "cuda"  # where ours replays CUDA graphs: also eager
    rounds = [
        (
            bare_ms(windows),
            ours_ms(windows),
            ours_ms(windows, clip=None),
            ours_ms(windows, cuda_graph=False) if graphs else 0.0,
        )
        for _ in range(ROUNDS)
    ]
    bare, ours, unclipped, eager = (
        statistics.median(column) for column in zip(*rounds, strict=True)
    )
    eager_row = (
        [
            f"| our train_network, fp32, eager (no CUDA graph) | {eager:.1f} | "
            f"{eager / bare:.2f} |"
        ]
        if graphs
        else []
    )
    where = (
        torch.cuda.get_device_name(device)
        if device.type == "cuda"
        else f"{torch.get_num_threads()} threads, {platform.machine()}"
    )
    suffix = "" if device.type == "cpu" else f" --device {device}"
    text = "\n".join(
        [
            f"# Training step time ({device.type})",
            "",
            f"2 x 64 LSTM, batch {BATCH}, window {WINDOW} + horizon {HORIZON}, "
            f"torch {torch.__version__}, {where}. "
            f"Command: `python benchmarks/step_time.py{suffix}`.",
            "",
            "| loop | ms per step | vs bare fp32 |",
            "|---|---|---|",
            f"| bare hand-written loop, fp32 | {bare:.1f} | 1.00 |",
            f"| our train_network, fp32 | {ours:.1f} | {ours / bare:.2f} |",
            f"| our train_network, fp32, no gradient clipping | {unclipped:.1f} | "
            f"{unclipped / bare:.2f} |",
            *eager_row,
            *bf16_rows(windows, bare),
            "",
        ]
    )
    name = "step_time" if device.type == "cpu" else f"step_time_{device.type}"
    return publish(name, text)


if __name__ == "__main__":
    main()
