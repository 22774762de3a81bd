"""sktime's own conformance suite over every public forecaster, nothing excluded."""

from sktime.utils.estimator_checks import check_estimator, parametrize_with_checks

from sktime_lstm import GRUForecaster, LSTMForecaster, RNNForecaster


@parametrize_with_checks([LSTMForecaster, GRUForecaster, RNNForecaster])
def test_sktime_conformance(obj, test_name):
    check_estimator(obj, tests_to_run=test_name, raise_exceptions=True)
