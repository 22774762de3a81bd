import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sktime_lstm.scaling import SCALERS, fit_scaling

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


def test_diff_scaler_of_a_single_point_keeps_a_unit_scale():
    scaling = fit_scaling(np.array([[5.0]]), "diff")
    assert np.isfinite(scaling.scale).all() and scaling.scale[0] > 0


@pytest.mark.parametrize("kind", [*SCALERS, None])
def test_an_empty_series_scales_as_the_identity_without_warnings(kind):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's "Mean of empty slice" and the like
        scaling = fit_scaling(np.empty((0, 2)), kind)
    assert scaling.loc.tolist() == [0.0, 0.0]
    assert scaling.scale.tolist() == [1.0, 1.0]
