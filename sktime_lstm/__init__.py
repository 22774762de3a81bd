"""Recurrent neural forecasters (LSTM, GRU, RNN) as sktime estimators."""

from sktime_lstm.forecasters import GRUForecaster, LSTMForecaster, RNNForecaster

__version__ = "0.1.0"
__all__ = ["GRUForecaster", "LSTMForecaster", "RNNForecaster"]
