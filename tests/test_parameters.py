"""The parameter rules: every default passes, each constraint says what it allows."""

import numpy as np
import pytest

from sktime_lstm import GRUForecaster, LSTMForecaster, RNNForecaster
from sktime_lstm._parameters import (
    BASE_RULES,
    NONE,
    Integer,
    Options,
    Real,
    check_parameters,
    plain,
)


@pytest.mark.parametrize("cls", [LSTMForecaster, GRUForecaster, RNNForecaster])
def test_the_defaults_and_the_test_parameters_pass(cls):
    check_parameters(cls(), cls._parameter_rules)  # random_state=None, horizon=None
    for params in cls.get_test_params():
        check_parameters(cls(**params), cls._parameter_rules)


def test_only_the_lstm_has_a_peephole_rule():
    assert "peephole" in LSTMForecaster._parameter_rules
    assert "peephole" not in BASE_RULES
    with pytest.raises(ValueError, match="'peephole' parameter of LSTMForecaster"):
        check_parameters(
            LSTMForecaster(peephole="yes"), LSTMForecaster._parameter_rules
        )


@pytest.mark.parametrize(
    "constraint, accepted, refused",
    [
        (Integer(1), [1, np.int64(7)], [0, 1.0, True, None, "2"]),
        (Integer(0, 2**32 - 1), [0, 2**32 - 1], [-1, 2**32, None]),
        (Real(0.0), [1e-9, np.float32(2.0)], [0.0, float("inf"), float("nan"), True]),
        (Real(0.0, 1.0, low_inclusive=True), [0.0, 0.5], [1.0, -0.1]),
        (Options(("a", None)), ["a", None], ["b", np.array([1, 2])]),
        (NONE, [None], [0]),
    ],
)
def test_each_constraint_accepts_and_refuses(constraint, accepted, refused):
    assert all(constraint.accepts(v) for v in accepted)
    assert not any(constraint.accepts(v) for v in refused)


def test_the_message_names_what_is_allowed():
    with pytest.raises(
        ValueError,
        match=r"'random_state' parameter of GRUForecaster must be an int in the range "
        r"\[0, 4294967295\] or a numpy RandomState or None\. Got 4294967296",
    ):
        check_parameters(GRUForecaster(random_state=2**32), BASE_RULES)


def test_numpy_scalars_become_python_ones():
    assert type(plain(np.int64(3))) is int and type(plain(np.float32(0.5))) is float
    assert plain((np.int64(2), 3)) == (2, 3) and type(plain((np.int64(2),))[0]) is int
