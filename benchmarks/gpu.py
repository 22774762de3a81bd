"""The CUDA path: train on M3 monthly on the CPU and on a GPU, compare, time.

Run ``python benchmarks/gpu.py`` on a machine with CUDA (extras ``[bench]``); it
prints and saves results/gpu.md. It fits the same ``LSTMForecaster`` (same
``random_state``) on the CPU and on ``--device`` (default "cuda"), then reports
for each: fit and predict seconds, seconds per training step, sMAPE and MASE on the
M3 test part, and the largest relative difference between the two forecasts. GPU
kernels are not bit-identical to CPU ones, so forecasts differ slightly; the check
is that accuracy matches (|delta sMAPE| <= ``--tolerance``). Where the device has
native bfloat16, a third leg trains there with ``precision="bf16"`` and reports its
speed and its sMAPE against the fp32 leg on the same device (``precision="auto"``
may only become the default if that difference stays within 0.1).

``--sp 12 --long-trend`` adds the seasonal profile and the long-run slope channel
(the monthly recipe's network) to both legs, so that their device buffers and their
CUDA-graph capture are checked at M3's size too; such runs are saved as
results/gpu_sp12_long_trend.md beside the plain one.

``--device cpu --fast`` runs both legs on the CPU with 40 series and 20 steps:
the test suite runs it so that the script cannot rot on machines without a GPU.
"""

from __future__ import annotations

import argparse
import resource
import time
import warnings

import numpy as np
import torch
from _m3 import load, scores
from _results import publish

STEPS = 400


def fit_and_score(
    device: str,
    train,
    test,
    horizon,
    period,
    steps: int,
    precision: str = "fp32",
    **options,
) -> dict:
    from sktime_lstm import LSTMForecaster

    forecaster = LSTMForecaster(
        window_length=36,
        batch_size=256,
        max_steps=steps,
        max_epochs=10_000,
        device=device,
        precision=precision,
        random_state=0,
        **options,
    )
    start = time.perf_counter()
    forecaster.fit(train, fh=list(range(1, horizon + 1)))
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    fitted = time.perf_counter()
    forecast = forecaster.predict()
    predicted = time.perf_counter()
    return {
        "device": f"{device}, {precision}",
        "fit s": fitted - start,
        "ms per step": 1000 * (fitted - start) / steps,
        "predict s": predicted - fitted,
        **scores(test, forecast, train, period),
        "forecast": forecast["y"].to_numpy(),
    }


def peak_mib() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> str:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--fast", action="store_true", help="40 series, 20 steps")
    parser.add_argument("--tolerance", type=float, default=0.3, help="sMAPE points")
    parser.add_argument("--sp", type=int, default=None, help="seasonal period")
    parser.add_argument("--long-trend", action="store_true", help="slope channel")
    args = parser.parse_args(argv)
    options = {"sp": args.sp, "long_trend": args.long_trend}
    chosen = {
        key: value for key, value in options.items() if value not in (None, False)
    }
    if args.device.startswith("cuda") and not torch.cuda.is_available():
        parser.error("CUDA is not available here; use --device cpu to smoke-test")
    warnings.filterwarnings("ignore")
    steps = 20 if args.fast else STEPS
    train, test, horizon, period = load("monthly", 40 if args.fast else None)
    runs = [
        fit_and_score(device, train, test, horizon, period, steps, **options)
        for device in ("cpu", args.device)
    ]
    cpu, other = runs
    from sktime_lstm.training import native_bf16

    if native_bf16(torch.device(args.device)):
        runs.append(
            fit_and_score(
                args.device, train, test, horizon, period, steps, "bf16", **options
            )
        )
    difference = np.max(
        np.abs(other["forecast"] - cpu["forecast"]) / np.abs(cpu["forecast"])
    )
    delta_smape = other["sMAPE"] - cpu["sMAPE"]
    same = abs(delta_smape) <= args.tolerance
    name = torch.cuda.get_device_name() if args.device.startswith("cuda") else "CPU"
    flags = "".join(
        f" --{key.replace('_', '-')}" + ("" if value is True else f" {value}")
        for key, value in chosen.items()
    )
    extra = "".join(f", {key}={value}" for key, value in chosen.items())
    lines = [
        "# GPU check: M3 monthly on the CPU and on "
        + args.device
        + (f" ({extra[2:]})" if chosen else ""),
        "",
        f"Command: `python benchmarks/gpu.py --device {args.device}{flags}"
        + (" --fast`" if args.fast else "`")
        + f". {len(test.index.unique(0))} series, `LSTMForecaster(window_length=36, "
        f"batch_size=256, max_steps={steps}, random_state=0{extra})`; device: {name}; "
        f"torch {torch.__version__}.",
        "",
        "| device | fit s | ms per step | predict s | sMAPE | MASE |",
        "|---|---|---|---|---|---|",
        *(
            f"| {r['device']} | {r['fit s']:.2f} | {r['ms per step']:.1f} | "
            f"{r['predict s']:.3f} | {r['sMAPE']:.3f} | {r['MASE']:.3f} |"
            for r in runs
        ),
        "",
        f"Speed-up of the fit: {cpu['fit s'] / other['fit s']:.2f}x. Largest relative "
        f"forecast difference: {difference:.2e}. sMAPE difference: {delta_smape:+.3f} "
        f"({'within' if same else 'OUTSIDE'} the {args.tolerance} tolerance). "
        f"Peak memory of this process (all fits, data, torch): {peak_mib():.0f} MiB.",
    ]
    if len(runs) == 3:
        bf16 = runs[2]
        speed_up = other["fit s"] / bf16["fit s"]
        lines += [
            "",
            f"bf16 autocast on {args.device}: fit {speed_up:.2f}x "
            f"the speed of fp32 there; sMAPE {bf16['sMAPE'] - other['sMAPE']:+.3f} "
            "against fp32 on the same device.",
        ]
    on_gpu = args.device.startswith("cuda") and not args.fast
    stem = "gpu" + "".join(f"_{k}{'' if v is True else v}" for k, v in chosen.items())
    text = publish(stem, "\n".join(lines) + "\n", save=on_gpu)
    if not same:
        raise SystemExit(f"accuracy differs by {delta_smape:+.3f} sMAPE")
    return text


if __name__ == "__main__":
    main()
