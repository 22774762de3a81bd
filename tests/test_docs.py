"""The documentation builds with warnings as errors (what CI publishes), and its
install instructions are the README's."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _pip_installs(markdown: str) -> list[str]:
    """Every ``pip install`` command in the markdown's bash blocks and inline code."""
    lines = [
        line
        for block in re.findall(r"```bash\n(.*?)```", markdown, re.DOTALL)
        for line in block.splitlines()
    ]
    lines += re.findall(r"(?<!`)`(pip install[^`]*)`", markdown)
    commands = []
    for line in lines:
        for command in line.split("#")[0].split("&&"):
            command = " ".join(command.split())
            if command.startswith("pip install"):
                commands.append(command)
    return commands


def test_getting_started_installs_as_the_readme_does():
    # sktime-lstm is not on PyPI: `pip install sktime-lstm` fails (#18)
    readme = _pip_installs((ROOT / "README.md").read_text())
    guide = _pip_installs((ROOT / "docs" / "getting_started.md").read_text())
    for command in readme + guide:
        package = command.split()[2].strip("\"'")
        assert not package.startswith("sktime-lstm"), command
    # torch first, pinned as in the README (a bare torch pulls a multi-GB CUDA
    # build), then the package from the clone
    torch = [c for c in readme if c.startswith("pip install torch")]
    assert torch and set(torch) == {"pip install torch==2.13.0"}
    assert guide[:2] == ["pip install torch==2.13.0", "pip install -e ."]
    assert "pip install -e ." in readme
    assert "clone" in (ROOT / "docs" / "getting_started.md").read_text()


def test_sphinx_site_builds_without_warnings(tmp_path):
    pytest.importorskip("sphinx")
    pytest.importorskip("myst_nb")
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-d",
            str(tmp_path / "doctrees"),
            str(ROOT / "docs"),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    api = (
        tmp_path / "html" / "generated" / "sktime_lstm.LSTMForecaster.html"
    ).read_text()
    assert 'id="sktime_lstm.LSTMForecaster.predict_interval"' in api
    assert "window_length" in api
    for notebook in ROOT.glob("examples/*.ipynb"):
        assert (tmp_path / "html" / "examples" / f"{notebook.stem}.html").exists()
