import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from sktime_lstm.windows import (
    history_slopes,
    make_contexts,
    make_windows,
    validation_points,
)

lengths = st.lists(st.integers(1, 40), min_size=1, max_size=4)


@settings(max_examples=50, deadline=None)
@given(lengths=lengths, window=st.integers(1, 8), horizon=st.integers(1, 5))
def test_every_window_is_a_slice_of_its_padded_series(lengths, window, horizon):
    series = [
        np.arange(n, dtype=float).reshape(-1, 1) + 1000 * i
        for i, n in enumerate(lengths)
    ]
    windows = make_windows(series, window, horizon)
    span = window + horizon
    # count formula: a series of n >= horizon + 1 points gives max(n, span) - span + 1
    expected = sum(max(n, span) - span + 1 for n in lengths if n >= horizon + 1)
    assert len(windows.train_starts) == expected
    for start in windows.train_starts.tolist():
        w = windows.batch(torch.tensor([start]))[0]
        values, observed = w[:, 0].numpy(), w[:, 1].numpy()
        real = values[observed == 1]
        # observed values are consecutive points of one series, padding only on the left
        assert np.all(np.diff(real) == 1)
        assert np.all(np.diff(observed) >= 0)
        assert observed[window:].all()  # targets are never padding


def test_windows_are_zero_copy_views():
    windows = make_windows([np.arange(100.0).reshape(-1, 1)], 10, 2)
    view = windows.windows
    assert (
        view.untyped_storage().data_ptr() == windows.data.untyped_storage().data_ptr()
    )


def test_resident_data_is_the_values_and_a_boolean_mask():
    windows = make_windows([np.arange(100.0).reshape(-1, 1)], 10, 2)
    assert windows.data.shape == (100, 1) and windows.data.dtype == torch.float32
    assert windows.observed.shape == (100,) and windows.observed.dtype == torch.bool


def test_batch_appends_the_mask_as_the_last_feature():
    x = np.c_[np.arange(8.0), 10 + np.arange(8.0)]
    x[5, 0] = np.nan
    windows = make_windows([x], window_length=2, horizon=1, n_targets=1)
    batch = windows.batch(torch.tensor([3, 0], dtype=torch.int32))
    assert batch.shape == (2, 3, 3)
    assert batch[0].tolist() == [[3, 13, 1], [4, 14, 1], [0, 0, 0]]
    assert batch[1, :, 0].tolist() == [0, 1, 2]


def test_validation_windows_are_the_ones_whose_targets_reach_the_held_out_end():
    windows = make_windows([np.arange(20.0).reshape(-1, 1)], 4, 2, validation_size=3)
    targets_end = lambda starts: (windows.windows[starts][:, -1, 0]).tolist()  # noqa: E731
    assert targets_end(windows.validation_starts) == [17.0, 18.0, 19.0]
    assert max(targets_end(windows.train_starts)) == 16.0


def test_validation_points_fraction_rounds_up_and_int_counts():
    assert validation_points(10, 0.15) == 2
    assert validation_points(10, 3) == 3
    assert validation_points(10, 0) == 0


def test_too_short_series_gives_no_window():
    windows = make_windows([np.zeros((2, 1))], 3, 2)
    assert len(windows.train_starts) == 0


def test_contexts_are_left_padded_and_masked():
    contexts = make_contexts([np.array([[1.0], [2.0]]), np.arange(5.0)[:, None]], 3)
    assert contexts.shape == (2, 3, 2)
    assert torch.equal(contexts[0, :, 1], torch.tensor([0.0, 1.0, 1.0]))
    assert torch.equal(contexts[1, :, 0], torch.tensor([2.0, 3.0, 4.0]))


def test_missing_values_are_masked_zeros_and_empty_windows_dropped():
    values = np.array([np.nan, np.nan, np.nan, 1.0, 2.0, np.nan, 4.0, 5.0])[:, None]
    windows = make_windows([values], window_length=2, horizon=1)
    assert not torch.isnan(windows.data).any()
    assert windows.observed.tolist() == [0, 0, 0, 1, 1, 0, 1, 1]
    # starts 0 and 1 have no observed context step; start 3 targets the NaN
    assert windows.train_starts.tolist() == [2, 4, 5]


def test_contexts_mask_missing_values():
    contexts = make_contexts([np.array([[1.0], [np.nan], [3.0]])], 3)
    assert contexts[0, :, 1].tolist() == [1.0, 0.0, 1.0]
    assert contexts[0, 1, 0] == 0.0


def test_history_slopes_are_the_least_squares_slope_of_each_prefix():
    rng = np.random.default_rng(0)
    values = rng.normal(size=(30, 3)).cumsum(axis=0)
    values[[4, 11], 0] = np.nan  # missing steps are left out of the fit
    slopes = history_slopes(values, n_targets=2)
    assert slopes.shape == (30, 2) and slopes.dtype == np.float32
    for column in range(2):
        for step in range(30):
            t = np.arange(step + 1)
            y = values[: step + 1, column]
            seen = ~np.isnan(y)
            expected = np.polyfit(t[seen], y[seen], 1)[0] if seen.sum() >= 3 else 0.0
            assert slopes[step, column] == pytest.approx(expected, rel=1e-5, abs=1e-6)


def test_history_slopes_never_look_ahead():
    values = np.arange(20.0).reshape(-1, 1)
    changed = values.copy()
    changed[12:] = -5.0
    np.testing.assert_array_equal(
        history_slopes(values)[:12], history_slopes(changed)[:12]
    )
    assert history_slopes(values)[2:].tolist() == [[1.0]] * 18
