import pytest
import torch

from sktime_lstm.networks import (
    CELLS,
    RecurrentForecastNetwork,
    roll_forecast,
    window_statistics,
)


@pytest.mark.parametrize("cell", CELLS)
def test_output_shape_and_head_layers(cell):
    net = RecurrentForecastNetwork(
        cell,
        n_targets=2,
        hidden_size=5,
        num_layers=2,
        horizon=4,
        head_hidden_sizes=(7, 3),
    )
    assert net(torch.randn(6, 9, 3)).shape == (6, 4, 2)
    widths = [m.out_features for m in net.head if isinstance(m, torch.nn.Linear)]
    assert widths == [7, 3, 8]


@pytest.mark.parametrize("norm", ["mean", "standard"])
def test_window_norm_makes_the_network_level_equivariant(norm):
    torch.manual_seed(0)
    net = RecurrentForecastNetwork("lstm", 1, 4, 1, horizon=2, window_norm=norm)
    context = torch.randn(3, 6, 1)
    observed = torch.ones(3, 6, 1)
    base = net(torch.cat([context, observed], -1))
    shifted = net(torch.cat([context + 100.0, observed], -1))
    torch.testing.assert_close(shifted, base + 100.0, rtol=1e-4, atol=1e-3)


def test_window_statistics_ignore_padding():
    values = torch.tensor([[[0.0], [2.0], [4.0]]])
    observed = torch.tensor([[[0.0], [1.0], [1.0]]])
    loc, scale = window_statistics(values, observed, "standard")
    assert loc.item() == 3.0 and scale.item() == 1.0


def test_roll_forecast_feeds_blocks_back():
    class Echo(torch.nn.Module):
        """Emits the last context value plus one, twice."""

        horizon = 2

        def forward(self, context):
            last = context[:, -1:, :-1]
            return torch.cat([last + 1, last + 2], dim=1)

    paths = roll_forecast(Echo(), torch.tensor([[[0.0, 1.0], [5.0, 1.0]]]), 5)
    assert paths.ravel().tolist() == [6.0, 7.0, 8.0, 9.0, 10.0]
