import copy
import pickle
from pathlib import Path

import numpy as np
import pytest
import torch

from sktime_lstm.distributions import likelihood_for
from sktime_lstm.networks import (
    CELLS,
    RIDGE,
    STEPS_PER_KNOWN_COLUMN,
    PeepholeLSTM,
    RecurrentForecastNetwork,
    _last_season_level,
    known_exog_effect,
    seasonal_profile,
    window_statistics,
)
from sktime_lstm.rollout import feed_back, roll_forecast
from sktime_lstm.windows import ColumnLayout


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


@pytest.mark.parametrize("norm", ["mean", "standard", "last"])
def test_window_norm_makes_the_network_level_equivariant(norm):
    torch.manual_seed(0)
    net = RecurrentForecastNetwork("lstm", 1, 4, 1, horizon=2, window_norm=norm)
    context = torch.randn(3, 6, 1)
    observed = torch.ones(3, 6, 1)
    base = net(torch.cat([context, observed], -1))
    shifted = net(torch.cat([context + 100.0, observed], -1))
    torch.testing.assert_close(shifted, base + 100.0, rtol=1e-4, atol=1e-3)


def test_window_statistics_last_is_the_last_observed_level_with_the_windows_sd():
    values = torch.tensor([1.0, 2.0, 6.0, 5.0, 9.0, 0.0]).view(1, 6, 1)
    observed = torch.tensor([0.0, 1, 1, 1, 1, 0]).view(1, 6, 1)  # padding, a gap
    _, standard_scale = window_statistics(values, observed, "standard")
    loc, scale = window_statistics(values, observed, "last", last_steps=3)
    # the last 3 steps hold 5, 9 and a missing value: their observed mean is 7
    assert loc.item() == 7.0 and scale.item() == standard_scale.item()
    loc, _ = window_statistics(values, observed, "last", last_steps=1)
    assert loc.item() == 9.0  # the last step is missing: the last observed value
    loc, _ = window_statistics(values, observed, "last", last_steps=2)
    assert loc.item() == 9.0
    nothing = torch.zeros(1, 6, 1)  # nothing observed: the (empty) window's mean
    assert window_statistics(values, nothing, "last")[0].item() == 0.0


def test_the_last_observed_value_is_each_windows_own_for_every_target():
    values = torch.arange(24.0).view(3, 4, 2)  # 3 windows, 4 steps, 2 targets
    observed = torch.tensor(
        [[1.0, 1, 1, 1], [0, 1, 1, 0], [0, 0, 0, 0]]  # whole; padded with a gap; none
    ).view(3, 4, 1)
    loc, _ = window_statistics(values, observed, "last")
    mean_of_none = 0.0
    expected = [[6.0, 7.0], [12.0, 13.0], [mean_of_none, mean_of_none]]
    assert loc.squeeze(1).tolist() == expected
    whole, _ = window_statistics(values[:1], observed[:1], "last")
    assert torch.equal(whole, values[:1, -1:])  # no gap: exactly the last step


def _two_seasons() -> torch.Tensor:
    """Two seasons of period 4, the second 2 higher: (1, 8, 1)."""
    return torch.tensor([1.0, 5, 3, 1, 3, 7, 5, 3]).view(1, 8, 1)


def _seasonal_last_network() -> RecurrentForecastNetwork:
    """An untrained network with window_norm="last" and a season of 4 steps."""
    return RecurrentForecastNetwork(
        "gru", 1, 4, 1, horizon=4, window_norm="last", window_length=8,
        seasonal_period=4,
    )  # fmt: skip


def test_the_last_seasons_level_is_kept_whole_and_deseasonalised_with_gaps():
    values = _two_seasons()
    phases = torch.nn.functional.one_hot(torch.arange(8) % 4, 4).float()
    observed = torch.ones(1, 8, 1)
    level, _ = window_statistics(values, observed, "last", last_steps=4)
    season = phases @ seasonal_profile(values, observed, level, phases)
    kept = _last_season_level(values, observed, season, level, 4)
    assert torch.equal(kept, level)  # a whole season: the plain mean, untouched
    observed[0, 5] = 0.0  # the last season's peak is missing
    level, _ = window_statistics(values, observed, "last", last_steps=4)
    season = phases @ seasonal_profile(values, observed, level, phases)
    gappy = _last_season_level(values, observed, season, level, 4)
    assert level.item() == pytest.approx(11 / 3)  # the plain mean of 3, 5, 3
    # the profile from what is left is (-1.25, 1.75, 0.75, -1.25): the observed
    # 3, 5, 3 (phases 0, 2, 3) less their phase values are 4.25 each
    assert gappy.item() == pytest.approx(4.25)


def test_a_gap_in_the_last_season_does_not_tilt_the_last_level():
    net = _seasonal_last_network()
    whole = torch.cat([_two_seasons(), torch.ones(1, 8, 1)], dim=-1)
    gappy = whole.clone()
    gappy[0, 5] = 0.0  # the last season's peak (7) is missing

    # whole: the last season's mean 4.5; with the peak missing, the plain mean of
    # 3, 5, 3 would be 3.67, but with each phase's value taken out it stays near
    # 4.5 (the profile is estimated from what is left)
    def mean_forecast(context):
        return net.point(net(context)).mean().item()

    assert mean_forecast(whole) == pytest.approx(4.5)
    assert mean_forecast(gappy) == pytest.approx(4.25)  # not the plain mean, 3.67


def test_an_untrained_network_with_window_norm_last_forecasts_the_last_level():
    plain = RecurrentForecastNetwork("gru", 1, 4, 1, horizon=3, window_norm="last")
    trend = torch.arange(8.0).view(1, 8, 1)
    context = torch.cat([trend, torch.ones(1, 8, 1)], dim=-1)
    assert plain.point(plain(context)).flatten().tolist() == [7.0, 7.0, 7.0]
    seasonal = _seasonal_last_network()
    context = torch.cat([_two_seasons(), torch.ones(1, 8, 1)], dim=-1)
    # the last season's mean (4.5) plus half the window's centred profile
    # (-1.5, 2.5, 0.5, -1.5), carried to the next steps' phases 0, 1, 2, 3
    forecast = seasonal.point(seasonal(context)).flatten()
    torch.testing.assert_close(forecast, torch.tensor([3.75, 5.75, 4.75, 3.75]))


def test_window_statistics_ignore_padding():
    values = torch.tensor([[[0.0], [2.0], [4.0]]])
    observed = torch.tensor([[[0.0], [1.0], [1.0]]])
    loc, scale = window_statistics(values, observed, "standard")
    assert loc.item() == 3.0 and scale.item() == 1.0


def test_roll_forecast_feeds_blocks_back():
    class Echo(torch.nn.Module):
        """Emits the last context value plus one, twice."""

        horizon = 2
        layout = ColumnLayout(n_targets=1)

        def forward(self, context, future_exog=None):
            last = context[:, -1:, :-1]
            return torch.cat([last + 1, last + 2], dim=1)

    paths = roll_forecast(Echo(), torch.tensor([[[0.0, 1.0], [5.0, 1.0]]]), 5)
    assert paths.ravel().tolist() == [6.0, 7.0, 8.0, 9.0, 10.0]


def _numpy_peephole_lstm(x, layers):
    """The peephole equations, written out in NumPy, one layer after another."""

    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))

    for w_ih, w_hh, b_ih, b_hh, (p_i, p_f, p_o) in layers:
        hidden = w_hh.shape[1]
        h = np.zeros((x.shape[0], hidden))
        c = np.zeros((x.shape[0], hidden))
        outputs = []
        for t in range(x.shape[1]):
            z = x[:, t] @ w_ih.T + h @ w_hh.T + b_ih + b_hh
            z_i, z_f, z_c, z_o = np.split(z, 4, axis=1)
            i = sigmoid(z_i + p_i * c)
            f = sigmoid(z_f + p_f * c)
            c_tilde = np.tanh(z_c)
            c = f * c + i * c_tilde
            o = sigmoid(z_o + p_o * c)
            h = o * np.tanh(c)
            outputs.append(h)
        x = np.stack(outputs, axis=1)
    return x


def test_peephole_lstm_matches_the_equations_in_numpy():
    torch.manual_seed(0)
    lstm = PeepholeLSTM(input_size=3, hidden_size=4, num_layers=2)
    with torch.no_grad():
        for p in lstm.parameters():
            p.uniform_(-0.8, 0.8)  # random peepholes too, not just the zero start
    x = torch.randn(5, 9, 3)
    layers = [
        [
            getattr(lstm, f"{name}_l{k}").detach().double().numpy()
            for name in (
                "weight_ih",
                "weight_hh",
                "bias_ih",
                "bias_hh",
                "weight_peephole",
            )
        ]
        for k in range(2)
    ]
    expected = _numpy_peephole_lstm(x.double().numpy(), layers)
    np.testing.assert_allclose(lstm(x)[0].detach().numpy(), expected, atol=1e-5)


def test_peephole_lstm_with_zero_peepholes_equals_nn_lstm():
    torch.manual_seed(0)
    reference = torch.nn.LSTM(3, 6, num_layers=2, batch_first=True)
    lstm = PeepholeLSTM(3, 6, num_layers=2)
    missing = lstm.load_state_dict(reference.state_dict(), strict=False).missing_keys
    assert missing == ["weight_peephole_l0", "weight_peephole_l1"]
    x = torch.randn(4, 11, 3)
    out, (h, c) = lstm(x)
    ref_out, (ref_h, ref_c) = reference(x)
    torch.testing.assert_close(out, ref_out, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(h, ref_h, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(c, ref_c, atol=1e-5, rtol=1e-5)


def test_peephole_weights_learn():
    lstm = PeepholeLSTM(2, 3)
    lstm(torch.randn(2, 5, 2))[0].sum().backward()
    assert lstm.weight_peephole_l0.grad.abs().sum() > 0


def test_readout_all_feeds_every_hidden_state_to_the_head():
    torch.manual_seed(0)
    net = RecurrentForecastNetwork(
        "gru",
        1,
        hidden_size=5,
        num_layers=1,
        horizon=2,
        window_norm=None,
        readout="all",
        window_length=6,
    )
    torch.nn.init.normal_(net.head[-1].weight)
    assert net.head[-1].in_features == 6 * 5
    context = torch.cat([torch.randn(3, 6, 1), torch.ones(3, 6, 1)], dim=-1)
    states, _ = net.encoder(context)
    expected = net.head(states.flatten(1)).view(3, 2, 1)
    torch.testing.assert_close(net(context), expected)


def test_readout_all_needs_the_window_length():
    with pytest.raises(ValueError, match="window_length"):
        RecurrentForecastNetwork("lstm", 1, 4, 1, horizon=2, readout="all")


def test_seasonal_profile_is_each_phases_centred_deviation_and_skips_padding():
    # period 3 over a window of 7; the first step is padding (its value ignored)
    values = torch.tensor([99.0, 2.0, 6.0, 4.0, 2.0, 6.0, 4.0]).view(1, 7, 1)
    observed = torch.tensor([0.0, 1, 1, 1, 1, 1, 1]).view(1, 7, 1)
    phases = torch.nn.functional.one_hot(torch.arange(7) % 3, 3).float()
    loc, _ = window_statistics(values, observed, "mean")
    profile = seasonal_profile(values, observed, loc, phases)
    # phases 1, 2, 0 hold 2, 6, 4 around the level 4
    assert profile.flatten().tolist() == [0.0, -2.0, 2.0]


def test_seasonal_profile_of_an_unseen_phase_is_zero():
    values = torch.tensor([0.0, 0.0, 1.0, 3.0]).view(1, 4, 1)
    observed = torch.tensor([0.0, 0.0, 1.0, 1.0]).view(1, 4, 1)
    phases = torch.nn.functional.one_hot(torch.arange(4) % 4, 4).float()
    profile = seasonal_profile(values, observed, torch.full((1, 1, 1), 2.0), phases)
    assert profile.flatten().tolist() == [0.0, 0.0, -1.0, 1.0]


@pytest.mark.parametrize("distribution", [None, "normal"])
def test_untrained_seasonal_network_carries_half_the_profile_forward(distribution):
    # zero-initialised head and gate: the level plus sigmoid(0) = 0.5 of the profile
    net = RecurrentForecastNetwork(
        "lstm",
        n_targets=1,
        hidden_size=4,
        num_layers=1,
        horizon=4,
        window_length=6,
        seasonal_period=3,
        likelihood=None if distribution is None else likelihood_for(distribution),
    )
    pattern = torch.tensor([1.0, 5.0, 3.0, 1.0, 5.0, 3.0]).view(1, 6, 1)
    output = net(torch.cat([pattern, torch.ones(1, 6, 1)], dim=-1))
    # level 3, profile (-2, 2, 0); the forecast steps 6..9 have phases 0, 1, 2, 0
    expected = [2.0, 4.0, 3.0, 2.0]
    assert net.point(output).flatten().tolist() == pytest.approx(expected)


def test_seasonal_network_is_level_equivariant_and_its_gate_learns():
    torch.manual_seed(0)
    net = RecurrentForecastNetwork(
        "gru", 1, 8, 1, horizon=3, window_length=8, seasonal_period=4
    )
    context = torch.cat([torch.randn(5, 8, 1), torch.ones(5, 8, 1)], dim=-1)
    shifted = context.clone()
    shifted[..., 0] += 50.0
    torch.testing.assert_close(net(shifted), net(context) + 50.0, rtol=1e-4, atol=1e-3)
    net(context).sum().backward()
    assert net.seasonal_gate.weight.grad.abs().sum() > 0


def test_seasonal_period_needs_a_window_of_one_season():
    with pytest.raises(ValueError, match="window_length of at least one season"):
        RecurrentForecastNetwork(
            "lstm", 1, 4, 1, horizon=2, window_length=6, seasonal_period=12
        )


def test_long_trend_adds_a_slope_channel_read_in_the_windows_scale():
    torch.manual_seed(0)
    net = RecurrentForecastNetwork(
        "lstm",
        2,
        8,
        1,
        horizon=3,
        n_exog=1,
        readout="all",
        window_length=5,
        long_trend=True,
    )
    assert net.encoder.input_size == 2 + 1 + 2 + 1  # targets, X, slopes, mask
    torch.nn.init.normal_(net.head[-1].weight)  # zero-initialised: make it read
    context = torch.cat([torch.randn(4, 5, 5), torch.ones(4, 5, 1)], dim=-1)
    scaled = context.clone()
    scaled[..., :2] *= 3.0  # the targets and their slopes, not X
    scaled[..., 3:5] *= 3.0
    torch.testing.assert_close(net(scaled), 3.0 * net(context), rtol=1e-4, atol=1e-4)
    steeper = context.clone()
    steeper[..., 3:5] += 1.0
    assert not torch.allclose(net(steeper), net(context))


def test_feed_back_carries_the_last_slopes_forward():
    # one target, one X column, one slope column, the mask
    context = torch.arange(12.0).view(1, 3, 4)
    block = torch.tensor([[[100.0], [101.0]]])
    exog = torch.tensor([[[7.0], [8.0]]])
    layout = ColumnLayout(n_targets=1, n_exog=1, n_slopes=1)
    rolled = feed_back(context, block, exog, layout)
    assert rolled[0, -2:].tolist() == [[100.0, 7.0, 10.0, 1.0], [101.0, 8.0, 10.0, 1.0]]


DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize(
    "duplicate",
    [copy.deepcopy, lambda m: pickle.loads(pickle.dumps(m))],
    ids=["deepcopy", "pickle"],
)
@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
def test_a_copied_network_keeps_its_recurrent_weights_in_one_block(
    cell, duplicate, device, monkeypatch
):
    # a GPU run showed cuDNN warning that a pretrained forecaster's clone had its
    # weights in separate blocks (to be copied at every call): deepcopy scatters them
    network = RecurrentForecastNetwork(
        cell, n_targets=1, hidden_size=4, num_layers=2, horizon=2
    ).to(device)
    flattened = []
    flatten = torch.nn.RNNBase.flatten_parameters
    monkeypatch.setattr(
        torch.nn.RNNBase,
        "flatten_parameters",
        lambda self: flattened.append(self) or flatten(self),
    )
    copied = duplicate(network)
    assert any(module is copied.encoder for module in flattened)
    weights = copied.encoder._flat_weights
    if device == "cuda":  # flattening is a no-op on the CPU
        assert len({w.untyped_storage().data_ptr() for w in weights}) == 1
    torch.testing.assert_close(
        copied(torch.ones(3, 9, 2, device=device)),
        network(torch.ones(3, 9, 2, device=device)),
    )


@pytest.mark.parametrize("distribution", ["None", "normal", "quantile"])
def test_a_network_pickled_before_likelihood_objects_still_loads(distribution):
    # pickled by the release before likelihood objects and column layouts
    # (commit 7da8472): a distribution name and its levels, no layout
    stored = Path(__file__).parent / "reference" / "networks_before_likelihoods.pkl"
    with open(stored, "rb") as file:
        net, context, exog, output = pickle.load(file)[distribution]
    torch.testing.assert_close(net(context, exog), output, rtol=0, atol=0)
    assert net.layout == ColumnLayout(n_targets=1, n_exog=1, n_slopes=1)
    assert net.likelihood.probabilistic == (distribution != "None")


def _window_with_padding(x: torch.Tensor, y: torch.Tensor):
    """A window whose first step is padding: garbage values, observed 0."""
    observed = torch.ones(1, len(x), 1)
    observed[0, 0] = 0.0
    x, y = x.clone().view(1, -1, 1), y.clone().view(1, -1, 1)
    x[0, 0], y[0, 0] = 1e3, -1e3
    return x, y * observed, observed


@pytest.mark.parametrize("unit", [1.0, 1000.0])
def test_known_exog_effect_is_the_windows_ridge_fit_in_any_unit_of_x(unit):
    x = torch.tensor([0.0, 1, 4, 2, 5, 3, 7, 6, 8, 9])
    y = 3 * x + 5.0
    past, residual, observed = _window_with_padding(x * unit, y - y[1:].mean())
    future = torch.tensor([12.0, 0.0]).view(1, 2, 1) * unit
    effect = known_exog_effect(residual, observed, past, future, ridge=0.1)
    # standardised x: gram = n, penalty 0.1 n, so the slope shrinks by 1 / 1.1
    expected = 3 * (torch.tensor([12.0, 0.0]) - x[1:].mean()) / 1.1
    torch.testing.assert_close(effect.flatten(), expected, rtol=1e-4, atol=1e-4)


def test_known_exog_effect_of_a_column_that_only_encodes_the_phase_is_zero():
    # a month-number-like column over 10 steps of a period of 4 (phases unevenly
    # counted): once the window's seasonal profile is taken out, nothing is left
    # that the phase can explain, so a season is not counted twice
    phases = torch.nn.functional.one_hot(torch.arange(10) % 4, 4).float()
    phase_number = (torch.arange(10) % 4).float().view(1, 10, 1)
    values = torch.tensor([-3.0, -1, 2, 3]).repeat(3)[:10] + torch.arange(10) * 0.3
    values = values.view(1, 10, 1)
    observed = torch.ones(1, 10, 1)
    level, _ = window_statistics(values, observed, "standard")
    profile = seasonal_profile(values, observed, level, phases)
    residual = values - level - phases @ profile
    future = torch.tensor([3.0, 0.0]).view(1, 2, 1)
    effect = known_exog_effect(residual, observed, phase_number, future)
    assert effect.abs().max() < 1e-5
    # the same column regressed on the window with its season: a large effect
    raw = known_exog_effect(values - level, observed, phase_number, future)
    assert raw.abs().max() > 1.0


def test_untrained_network_carries_half_of_each_windows_fit_on_known_x():
    net = RecurrentForecastNetwork(
        "gru", 1, 4, 1, horizon=2, n_exog=1, known_exog=(0,), window_length=10,
        exog_regression=True,
    )  # fmt: skip
    x = torch.tensor([0.0, 1, 4, 2, 5, 3, 7, 6, 8, 9])
    y = 3 * x + 5.0
    context = torch.stack([y, x, torch.ones(10)], dim=-1).unsqueeze(0)
    future = torch.tensor([12.0, 0.0]).view(1, 2, 1)
    forecast = net.point(net(context, future)).flatten()
    # zero head, gate sigmoid(0): the window's mean plus half the shrunk fit
    expected = y.mean() + 0.5 * 3 * (future.flatten() - x.mean()) / (1 + RIDGE)
    torch.testing.assert_close(forecast, expected, rtol=1e-4, atol=1e-4)
    # a level at the window's end goes with X's departure from its last value
    last = RecurrentForecastNetwork(
        "gru", 1, 4, 1, horizon=2, n_exog=1, known_exog=(0,), window_length=10,
        exog_regression=True, window_norm="last",
    )  # fmt: skip
    from_last = last.point(last(context, future)).flatten()
    expected_last = y[-1] + 0.5 * 3 * (future.flatten() - x[-1]) / (1 + RIDGE)
    torch.testing.assert_close(from_last, expected_last, rtol=1e-4, atol=1e-4)
    with torch.autocast("cpu", dtype=torch.bfloat16):  # the solve stays float32
        low = net.point(net(context, future)).float().flatten()
    torch.testing.assert_close(low, expected, rtol=0.02, atol=0.3)


@pytest.mark.parametrize(
    "asked, window, known, built",
    [(True, 20, (0, 1), True), (True, 19, (0, 1), False), (True, 20, (), False),
     (False, 40, (0,), False)],
)  # fmt: skip
def test_exog_regression_is_built_with_ten_window_steps_per_known_column(
    asked, window, known, built
):
    net = RecurrentForecastNetwork(
        "lstm", 1, 4, 1, horizon=2, n_exog=2, known_exog=known,
        window_length=window, exog_regression=asked,
    )  # fmt: skip
    assert STEPS_PER_KNOWN_COLUMN == 10
    assert net.exog_regression is built
    assert hasattr(net, "exog_gate") is built


def test_a_seasonal_network_gives_a_phase_only_column_no_effect():
    def untrained(exog_regression):
        torch.manual_seed(0)
        return RecurrentForecastNetwork(
            "lstm", 1, 4, 1, horizon=3, n_exog=1, known_exog=(0,),
            window_length=10, seasonal_period=4, exog_regression=exog_regression,
        )  # fmt: skip

    phase = (torch.arange(13) % 4).float()
    y = torch.tensor([-3.0, -1, 2, 3]).repeat(4)[:13] + torch.arange(13) * 0.3
    context = torch.stack([y[:10], phase[:10], torch.ones(10)], dim=-1).unsqueeze(0)
    future = phase[10:].view(1, 3, 1)
    with_path, without = untrained(True), untrained(False)
    assert with_path.exog_regression
    torch.testing.assert_close(with_path(context, future), without(context, future))
