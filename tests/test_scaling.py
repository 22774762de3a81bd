import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sktime_lstm.scaling import SCALERS, fit_scaling

# 40 months in 41-62 (#23)
Y = (51.5 + 10 * np.sin(np.arange(40.0) / 3)).reshape(-1, 1)
SHIFT_FREE = ("standard", "minmax", "robust", "diff")
SCALE_FREE = (*SHIFT_FREE, "mean")

finite = st.floats(-1e12, 1e12, allow_nan=False, width=64)


@settings(max_examples=100, deadline=None)
@given(
    values=arrays(
        np.float64, st.tuples(st.integers(1, 30), st.integers(1, 3)), elements=finite
    ),
    kind=st.sampled_from([*SCALERS, None]),
)
def test_inverse_undoes_transform(values, kind):
    scaling = fit_scaling(values, kind)
    assert np.all(np.isfinite(scaling.scale)) and np.all(scaling.scale > 0)
    restored = scaling.inverse(scaling.transform(values))
    tolerance = 1e-6 * (np.abs(values).max() + np.abs(scaling.loc).max() + 1)
    np.testing.assert_allclose(restored, values, atol=tolerance * 10)


@pytest.mark.parametrize("kind", SCALERS)
def test_constant_series_scales_to_finite_values(kind):
    values = np.full((10, 1), 7.0)
    scaled = fit_scaling(values, kind).transform(values)
    assert np.all(np.isfinite(scaled))


def test_minmax_maps_training_range_to_unit_interval():
    scaled = fit_scaling(np.array([[2.0], [4.0], [6.0]]), "minmax").transform(
        np.array([[2.0], [6.0]])
    )
    np.testing.assert_allclose(scaled.ravel(), [0.0, 1.0])


def test_standard_scaler_statistics():
    values = np.array([[1.0, 10.0], [3.0, 30.0]])
    scaling = fit_scaling(values, "standard")
    np.testing.assert_allclose(scaling.loc, [2.0, 20.0])
    np.testing.assert_allclose(scaling.scale, [1.0, 10.0])


def test_unknown_scaler_raises():
    with pytest.raises(ValueError, match="Unknown scaler"):
        fit_scaling(np.ones((3, 1)), "zscore")


def test_transform_returns_new_array():
    values = np.arange(4.0).reshape(-1, 1)
    original = values.copy()
    fit_scaling(values, "standard").transform(values)
    np.testing.assert_array_equal(values, original)


def test_diff_scaler_divides_by_the_mean_absolute_change():
    values = np.array([[1.0], [3.0], [np.nan], [2.0], [6.0]])
    scaling = fit_scaling(values, "diff")
    # changes 2 and 4 (the steps next to the gap are unknown)
    assert scaling.loc[0] == 3.0 and scaling.scale[0] == 3.0


def test_diff_scaler_of_a_single_point_scales_by_its_magnitude():
    # no change seen: a constant column, scaled by its magnitude (#23)
    scaling = fit_scaling(np.array([[5.0]]), "diff")
    assert scaling.loc[0] == 5.0 and scaling.scale[0] == 5.0


@pytest.mark.parametrize("kind", [*SCALERS, None])
def test_an_empty_series_scales_as_the_identity_without_warnings(kind):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's "Mean of empty slice" and the like
        scaling = fit_scaling(np.empty((0, 2)), kind)
    assert scaling.loc.tolist() == [0.0, 0.0]
    assert scaling.scale.tolist() == [1.0, 1.0]


@settings(max_examples=50, deadline=None)
@given(
    values=arrays(
        np.float64,
        st.tuples(st.integers(2, 30), st.integers(1, 3)),
        elements=st.floats(-1e6, 1e6, allow_nan=False, width=64),
    ),
    kind=st.sampled_from(SCALERS),
)
def test_ordinary_data_get_numpys_statistics_and_float32_scaling_to_the_bit(
    values, kind
):
    # so forecasts on ordinary data are what they were before #23, to the bit
    scaling = fit_scaling(values, kind)
    expected = {
        "standard": (values.mean(axis=0), values.std(axis=0)),
        "minmax": (values.min(axis=0), np.ptp(values, axis=0)),
        "robust": (
            np.percentile(values, 50, axis=0),
            np.subtract(*np.percentile(values, [75, 25], axis=0)),
        ),
        "mean": (np.zeros(values.shape[1]), np.abs(values).mean(axis=0)),
        "diff": (values.mean(axis=0), np.abs(np.diff(values, axis=0)).mean(axis=0)),
    }[kind]
    spread = expected[1]
    # the columns that the code before #23 did not take for constant, and on
    # which float32 is accurate
    ordinary = (
        (spread > 1e-7 * np.abs(expected[0]) + 1e-12)
        & (np.abs(expected[0]) <= 2**10 * spread)
        & (spread >= 2**-100)
    )
    assume(ordinary.all())
    assert scaling.loc.tolist() == expected[0].tolist()
    assert scaling.scale.tolist() == spread.tolist()
    float32 = np.divide(
        np.subtract(values, scaling.loc, dtype=np.float32),
        scaling.scale,
        dtype=np.float32,
    )
    assert scaling.transform(values).tolist() == float32.tolist()


@pytest.mark.parametrize("kind", SCALE_FREE)
@pytest.mark.parametrize("a", [1e-300, 1e-30, 1e-14, 1e-6, 1e6, 1e39, 1e300, 1e306])
def test_any_magnitude_scales_to_the_same_values(kind, a):
    # #23 items 1 and 7: tiny data were taken for constant, data beyond float32's
    # range overflowed (the standard deviation of 1e300s overflows in float64 too)
    scaling = fit_scaling(Y, kind)
    expected = scaling.transform(Y)
    scaled = fit_scaling(a * Y, kind).transform(a * Y)
    # float32 rounds y and loc by 2**-24 of their size (where it is accurate, the
    # transform computes in float32, as before #23)
    level = np.abs(scaling.loc) / scaling.scale + np.abs(expected) + 1
    assert np.all(np.abs(scaled - expected) <= 2**-22 * level)


@pytest.mark.parametrize("kind", SHIFT_FREE)
@pytest.mark.parametrize("a, b", [(0.01, 1e6), (1e-6, 1e6), (1.0, 1e9), (1e3, -1e12)])
def test_a_small_variation_on_a_large_level_is_not_taken_for_a_constant(kind, a, b):
    # #23 item 2: 1e6 + 0.01 * y varies by 2e-8 of its level, far more than
    # float64's resolution (1e-16); it scales as y does, to that resolution
    scaling = fit_scaling(Y, kind)
    expected = scaling.transform(Y)
    shifted = a * Y + b
    scaled = fit_scaling(shifted, kind).transform(shifted)
    resolution = np.spacing(abs(b)) / (a * scaling.scale)  # in units of the scale
    level = np.abs(scaling.loc) / scaling.scale + np.abs(expected) + 1
    tolerance = 2**-22 * level + 10 * resolution
    assert np.all(np.abs(scaled - expected) <= tolerance)


@pytest.mark.parametrize("kind", SCALE_FREE)
@pytest.mark.parametrize("value", [5e-13, 7.0, -3e200])
def test_a_constant_column_scales_by_its_magnitude(kind, value):
    # scale-free: a constant forecast off by a fraction x of the network's output
    # is off by x times its own size, not by x in absolute terms (+1 or 1 would)
    values = np.full((10, 1), value)
    scaling = fit_scaling(values, kind)
    assert scaling.scale[0] == pytest.approx(abs(value), rel=1e-15)
    assert np.all(np.abs(scaling.transform(values)) <= 1.0)


@pytest.mark.parametrize("kind", SCALERS)
def test_an_all_zero_column_keeps_a_unit_scale(kind):
    assert fit_scaling(np.zeros((5, 1)), kind).scale.tolist() == [1.0]


def test_rounding_noise_on_a_level_counts_as_constant():
    # two neighbouring float64 numbers: no signal, so no amplified noise either
    level = 1e6
    values = np.array([[level], [np.nextafter(level, 2e6)]] * 5)
    scaling = fit_scaling(values, "standard")
    scaled = scaling.transform(values)
    assert scaling.scale[0] > 1e-12 * level * 0.5
    assert np.abs(scaled).max() <= 1.0


def test_a_robust_scaler_with_no_quartile_spread_stays_scale_free():
    # intermittent demand: the quartiles are all 0; scaled by the largest
    # deviation, whatever the units (a unit scale gave 5 here, 5e-9 at 1e-9 units)
    values = np.array([[0.0]] * 9 + [[5.0]])
    for a in (1.0, 1e-9, 1e9):
        scaled = fit_scaling(a * values, "robust").transform(a * values)
        assert scaled.ravel().tolist() == [0.0] * 9 + [1.0]


def test_values_beyond_float32s_range_once_scaled_raise_naming_the_column():
    # #23 item 3: a future X of 1e300 for a column fitted near 1 gave NaN forecasts
    scaling = fit_scaling(
        np.array([[1.0, 10.0], [2.0, 20.0], [3.0, 30.0]]),
        "standard",
        names=["y column 'v'", "X column 'price'"],
    )
    with pytest.raises(ValueError, match=r"X column 'price': the value 1e\+300 sc"):
        scaling.transform(np.array([[2.0, 1e300]]))
    with pytest.raises(ValueError, match=r"X column 'price'.*float32's range"):
        scaling.select(slice(1, None)).transform(np.array([[1e300]]))
    identity = fit_scaling(np.array([[1e300], [2e300]]), None)
    with pytest.raises(ValueError, match=r"column 0: .*float32's range"):
        identity.transform(np.array([[1e300]]))


def test_infinite_values_raise_naming_the_column():
    values = np.array([[1.0, 2.0], [3.0, np.inf]])
    with pytest.raises(ValueError, match="column 1 contains infinite values"):
        fit_scaling(values, "standard")
    scaling = fit_scaling(np.array([[1.0], [2.0]]), "standard", names=["y"])
    with pytest.raises(ValueError, match="y contains infinite values"):
        scaling.transform(np.array([[-np.inf]]))


def test_a_spread_float64_cannot_hold_raises():
    with pytest.raises(ValueError, match="y: .* spread beyond float64's range"):
        fit_scaling(np.array([[-1e308], [1e308]]), "minmax", names=["y"])


def test_the_smallest_numbers_still_scale():
    values = np.array([[0.0], [5e-324]])
    scaled = fit_scaling(values, "minmax").transform(values)
    assert scaled.ravel().tolist() == [0.0, 1.0]


def test_values_below_float64s_normal_numbers_still_scale():
    values = np.array([[1e-320], [2e-320], [3e-320]])
    scaled = fit_scaling(values, "minmax").transform(values)
    assert scaled.ravel().tolist() == [0.0, 0.5, 1.0]


def test_names_must_match_the_columns():
    with pytest.raises(ValueError, match="1 names for 2 columns"):
        fit_scaling(np.ones((3, 2)), "standard", names=["y"])
