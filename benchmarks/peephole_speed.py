"""Training-step time of the peephole LSTM: eager, TorchScript, torch.compile, nn.LSTM.

Run ``python benchmarks/peephole_speed.py``; writes results/peephole_speed.md.
One forward + backward of a 2 x 64 network on a batch of 256 windows of 36 steps.
"""

import platform
import time

import torch
from _results import publish

from sktime_lstm.networks import PeepholeLSTM

BATCH, STEPS, FEATURES, HIDDEN, LAYERS, REPEATS = 256, 36, 2, 64, 2, 20


def step_ms(module: torch.nn.Module) -> float:
    x = torch.randn(BATCH, STEPS, FEATURES)
    for _ in range(3):  # warm-up (and compilation)
        module(x)[0].sum().backward()
    start = time.perf_counter()
    for _ in range(REPEATS):
        module(x)[0].sum().backward()
    return 1000 * (time.perf_counter() - start) / REPEATS


def main() -> str:
    torch.manual_seed(0)
    variants = {
        "nn.LSTM (fused, no peepholes)": torch.nn.LSTM(
            FEATURES, HIDDEN, LAYERS, batch_first=True
        ),
        "PeepholeLSTM eager (shipped)": PeepholeLSTM(FEATURES, HIDDEN, LAYERS),
    }
    try:
        variants["PeepholeLSTM torch.jit.script"] = torch.jit.script(
            PeepholeLSTM(FEATURES, HIDDEN, LAYERS)
        )
    except Exception as error:  # scripting is optional; report why it failed
        print(f"torch.jit.script failed: {type(error).__name__}: {error}"[:200])
    try:
        variants["PeepholeLSTM torch.compile"] = torch.compile(
            PeepholeLSTM(FEATURES, HIDDEN, LAYERS)
        )
    except Exception as error:
        print(f"torch.compile failed: {type(error).__name__}: {error}"[:200])
    lines = [
        "# Peephole LSTM training step (forward + backward)",
        "",
        f"Batch {BATCH} x {STEPS} steps, {LAYERS} x {HIDDEN} hidden, "
        f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
        f"{platform.processor() or platform.machine()}. "
        "Command: `python benchmarks/peephole_speed.py`.",
        "",
        "| variant | ms per step |",
        "|---|---|",
    ]
    for name, module in variants.items():
        try:
            lines.append(f"| {name} | {step_ms(module):.1f} |")
        except Exception as error:
            lines.append(f"| {name} | failed: {type(error).__name__} |")
    text = "\n".join(lines) + "\n"
    return publish("peephole_speed", text)


if __name__ == "__main__":
    main()
