"""The examples run (in a fast mode) and write what they promise."""

import importlib.util
from pathlib import Path

import numpy as np

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quickstart_prints_its_table_and_saves_the_plot(tmp_path, capsys):
    table = _load("quickstart").main(fast=True, output=tmp_path)
    assert len(table) == 7
    assert np.isfinite(table["MAPE %"]).all()
    assert (tmp_path / "quickstart.png").stat().st_size > 10_000
    assert "LSTMForecaster" in capsys.readouterr().out


def test_stock_prices_reproduces_the_seed_recipe(tmp_path, capsys):
    results = _load("stock_prices").main(fast=True, output=tmp_path)
    assert (tmp_path / "stock_prices.png").stat().st_size > 10_000
    assert all(np.isfinite(v) for v in results.values())
    assert "naive forecast" in capsys.readouterr().out
