"""The public recurrent forecasters: a cell type, a docstring and test parameters."""

from __future__ import annotations

from sktime_lstm._base import BaseRecurrentForecaster, with_parameters_doc


def _test_params() -> list[dict]:
    # tiny networks and one or two epochs: the conformance suite fits hundreds of times
    tiny = {"window_length": 4, "hidden_size": 4, "num_layers": 1, "max_epochs": 1}
    return [
        tiny,
        # closed-form normal intervals within the head, sampled paths beyond it;
        # with a seasonal profile (a period of 2 in the 4-step window) and the
        # long-run slopes (carried along the sampled paths)
        {**tiny, "loss": "normal", "n_samples": 20, "sp": 2, "long_trend": True},
        {
            "window_length": 3,
            "hidden_size": 3,
            "num_layers": 2,
            "dropout": 0.1,
            "head_hidden_sizes": (4,),
            "strategy": "recursive",
            "scaler": "minmax",
            "window_norm": None,
            "loss": "quantile",
            "n_samples": 20,
            "max_epochs": 2,
            "validation_size": 0.2,
            "sp": "auto",  # detected from the data (or none) within a 3-step window
        },
    ]


@with_parameters_doc
class LSTMForecaster(BaseRecurrentForecaster):
    """Global LSTM forecaster: one network for every series of a panel.

    A stack of long short-term memory layers (``torch.nn.LSTM``: input, forget and
    output gates around a cell state) reads the last ``window_length`` values of a
    series and a dense head forecasts the next ``horizon`` steps. Panels and
    hierarchies train one network over all series, each with its own scaler.
    ``peephole=True`` lets the gates see the cell state as well.

    Parameters
    ----------
    {parameters}
    peephole : bool, default=False
        Use peephole connections (Gers & Schmidhuber): the input and forget gates
        also see the previous cell state, the output gate the new one
        (:class:`sktime_lstm.networks.PeepholeLSTM`, a Python-level recurrence,
        slower than the fused ``nn.LSTM``).

    Attributes
    ----------
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

    Examples
    --------
    >>> from sktime.datasets import load_airline
    >>> from sktime_lstm import LSTMForecaster
    >>> y = load_airline()
    >>> forecaster = LSTMForecaster(max_epochs=5, random_state=0)
    >>> forecaster.fit(y, fh=[1, 2, 3])
    LSTMForecaster(max_epochs=5, random_state=0)
    >>> forecaster.predict().shape
    (3,)
    """

    _cell = "lstm"

    def __init__(
        self,
        window_length=24,
        horizon=None,
        hidden_size=64,
        num_layers=2,
        dropout=0.0,
        head_hidden_sizes=(),
        readout="all",
        strategy="direct",
        scaler="standard",
        past_covariates=None,
        window_norm="standard",
        sp=None,
        long_trend=False,
        loss="mae",
        quantiles=None,
        n_samples=500,
        max_epochs=100,
        max_steps=1500,
        batch_size=256,
        learning_rate=2e-3,
        lr_schedule="cosine",
        validation_size=0.0,
        early_stopping_patience=10,
        gradient_clip=1.0,
        finetune_epochs=0,
        update_epochs=1,
        device="auto",
        precision="fp32",
        num_threads=None,
        random_state=None,
        verbose=False,
        peephole=False,
    ):
        self.peephole = peephole
        super().__init__(
            window_length=window_length,
            horizon=horizon,
            hidden_size=hidden_size,
            num_layers=num_layers,
            dropout=dropout,
            head_hidden_sizes=head_hidden_sizes,
            readout=readout,
            strategy=strategy,
            scaler=scaler,
            past_covariates=past_covariates,
            window_norm=window_norm,
            sp=sp,
            long_trend=long_trend,
            loss=loss,
            quantiles=quantiles,
            n_samples=n_samples,
            max_epochs=max_epochs,
            max_steps=max_steps,
            batch_size=batch_size,
            learning_rate=learning_rate,
            lr_schedule=lr_schedule,
            validation_size=validation_size,
            early_stopping_patience=early_stopping_patience,
            gradient_clip=gradient_clip,
            finetune_epochs=finetune_epochs,
            update_epochs=update_epochs,
            device=device,
            precision=precision,
            num_threads=num_threads,
            random_state=random_state,
            verbose=verbose,
        )

    def _cell_type(self) -> str:
        return "peephole" if self.peephole else "lstm"

    @classmethod
    def get_test_params(cls, parameter_set="default"):
        """Return small, fast parameter sets for sktime's conformance suite."""
        *others, recursive = _test_params()
        return [*others, {**recursive, "peephole": True}]


@with_parameters_doc
class GRUForecaster(BaseRecurrentForecaster):
    """Global GRU forecaster: one gated recurrent unit network for every series.

    Gated recurrent units (``torch.nn.GRU``) merge the LSTM's forget and input gates
    into one update gate and its cell and hidden state into one state: fewer
    weights, often as accurate and faster to train.

    Parameters
    ----------
    {parameters}

    Attributes
    ----------
    {attributes}

    See Also
    --------
    LSTMForecaster, RNNForecaster

    References
    ----------
    .. [1] Cho, K. et al. (2014). Learning phrase representations using RNN
       encoder-decoder for statistical machine translation. EMNLP.

    Examples
    --------
    >>> from sktime.datasets import load_airline
    >>> from sktime_lstm import GRUForecaster
    >>> y = load_airline()
    >>> forecaster = GRUForecaster(max_epochs=5, random_state=0)
    >>> forecaster.fit(y, fh=[1, 2, 3])
    GRUForecaster(max_epochs=5, random_state=0)
    >>> forecaster.predict().shape
    (3,)
    """

    _cell = "gru"

    @classmethod
    def get_test_params(cls, parameter_set="default"):
        """Return small, fast parameter sets for sktime's conformance suite."""
        return _test_params()


@with_parameters_doc
class RNNForecaster(BaseRecurrentForecaster):
    """Global Elman RNN forecaster (tanh recurrent layers) for every series.

    The plain recurrent network, ``h_t = tanh(W x_t + U h_{t-1} + b)``
    (``torch.nn.RNN``): the baseline the gated cells improve on for long
    dependencies.

    Parameters
    ----------
    {parameters}

    Attributes
    ----------
    {attributes}

    See Also
    --------
    LSTMForecaster, GRUForecaster

    References
    ----------
    .. [1] Elman, J. L. (1990). Finding structure in time. Cognitive Science,
       14(2), 179-211.

    Examples
    --------
    >>> from sktime.datasets import load_airline
    >>> from sktime_lstm import RNNForecaster
    >>> y = load_airline()
    >>> forecaster = RNNForecaster(max_epochs=5, random_state=0)
    >>> forecaster.fit(y, fh=[1, 2, 3])
    RNNForecaster(max_epochs=5, random_state=0)
    >>> forecaster.predict().shape
    (3,)
    """

    _cell = "rnn"

    @classmethod
    def get_test_params(cls, parameter_set="default"):
        """Return small, fast parameter sets for sktime's conformance suite."""
        return _test_params()
