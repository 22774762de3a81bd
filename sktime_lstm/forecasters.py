"""The public recurrent forecasters: a cell, a docstring and test parameters."""

from __future__ import annotations

import inspect

from sktime_lstm._base import BaseRecurrentForecaster
from sktime_lstm._parameters import (
    BASE_RULES,
    Options,
    test_parameter_sets,
    with_parameters_doc,
)


def _keyword_signature(base_init, **extra) -> inspect.Signature:
    """Return the base class's parameters, then ``extra`` (name=default), keyword-only.

    sktime and scikit-learn read an estimator's parameters from its ``__init__``
    signature; a subclass that adds one parameter states them all this way
    instead of copying the base's thirty.
    """
    base = list(inspect.signature(base_init).parameters.values())
    keyword = inspect.Parameter.KEYWORD_ONLY
    parameters = [base[0]] + [p.replace(kind=keyword) for p in base[1:]]
    parameters += [inspect.Parameter(n, keyword, default=d) for n, d in extra.items()]
    return inspect.Signature(parameters)


@with_parameters_doc
class LSTMForecaster(BaseRecurrentForecaster):
    """Global LSTM forecaster: one network for every series of a panel.

    A stack of long short-term memory layers (``torch.nn.LSTM``: input, forget and
    output gates around a cell state) reads the last ``window_length`` values of a
    series and a dense head forecasts the next ``horizon`` steps. Panels and
    hierarchies train one network over all series, each with its own scaler.
    ``peephole=True`` lets the gates see the cell state as well.

    {sections}
    peephole : bool, default=False
        Use peephole connections (Gers & Schmidhuber): the input and forget gates
        also see the previous cell state, the output gate the new one
        (:class:`sktime_lstm.networks.PeepholeLSTM`, a Python-level recurrence,
        slower than the fused ``nn.LSTM``).

    {attributes}

    See Also
    --------
    GRUForecaster, RNNForecaster

    References
    ----------
    .. [1] Hochreiter, S. and Schmidhuber, J. (1997). Long short-term memory.
       Neural Computation, 9(8), 1735-1780.
    .. [2] Gers, F. A. and Schmidhuber, J. (2000). Recurrent nets that time and
       count. IJCNN 2000, vol. 3, 189-194.

    {examples}
    """

    _parameter_rules = {**BASE_RULES, "peephole": (Options((True, False)),)}

    def __init__(self, *, peephole=False, **params):
        self.peephole = peephole
        super().__init__(**params)

    __init__.__signature__ = _keyword_signature(
        BaseRecurrentForecaster.__init__, peephole=False
    )

    def _cell(self) -> str:
        return "peephole" if self.peephole else "lstm"

    @classmethod
    def get_test_params(cls, parameter_set="default"):
        """Return small, fast parameter sets for sktime's conformance suite."""
        *others, recursive = test_parameter_sets()
        return [*others, {**recursive, "peephole": True}]


@with_parameters_doc
class GRUForecaster(BaseRecurrentForecaster):
    """Global GRU forecaster: one gated recurrent unit network for every series.

    Gated recurrent units (``torch.nn.GRU``) merge the LSTM's forget and input gates
    into one update gate and its cell and hidden state into one state: fewer
    weights, often as accurate and faster to train.

    {sections}

    {attributes}

    See Also
    --------
    LSTMForecaster, RNNForecaster

    References
    ----------
    .. [1] Cho, K. et al. (2014). Learning phrase representations using RNN
       encoder-decoder for statistical machine translation. EMNLP.

    {examples}
    """

    def _cell(self) -> str:
        return "gru"


@with_parameters_doc
class RNNForecaster(BaseRecurrentForecaster):
    """Global Elman RNN forecaster (tanh recurrent layers) for every series.

    The plain recurrent network, ``h_t = tanh(W x_t + U h_{t-1} + b)``
    (``torch.nn.RNN``): the baseline the gated cells improve on for long
    dependencies.

    {sections}

    {attributes}

    See Also
    --------
    LSTMForecaster, GRUForecaster

    References
    ----------
    .. [1] Elman, J. L. (1990). Finding structure in time. Cognitive Science,
       14(2), 179-211.

    {examples}
    """

    def _cell(self) -> str:
        return "rnn"
