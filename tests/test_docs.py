"""The documentation builds with warnings as errors (what CI publishes)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytest.importorskip("sphinx")
pytest.importorskip("myst_nb")


def test_sphinx_site_builds_without_warnings(tmp_path):
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
