"""The public recurrent forecasters: a cell, a docstring and test parameters."""

from __future__ import annotations

import inspect

import numpy as np
import pandas as pd

from sktime_lstm import calendar
from sktime_lstm import pretrained as shipped
from sktime_lstm._base import BaseRecurrentForecaster, StartingNetwork
from sktime_lstm._parameters import (
    BASE_RULES,
    Options,
    plain,
    test_parameter_sets,
    with_parameters_doc,
)
from sktime_lstm.distributions import is_probabilistic
from sktime_lstm.rollout import last_block_errors
from sktime_lstm.runtime import resolve_device
from sktime_lstm.training import limited_threads

# the parameters that design a network: a shipped network has its own
DESIGN_PARAMETERS = (
    "window_length",
    "horizon",
    "hidden_size",
    "num_layers",
    "dropout",
    "head_hidden_sizes",
    "readout",
    "strategy",
    "scaler",
    "window_norm",
    "sp",
    "long_trend",
    "exog_regression",
    "loss",
    "quantiles",
    "past_covariates",
    "calendar",
    "static_features",
    "peephole",
)


# defaults of earlier releases that a pretrained forecaster still accepts
EARLIER_DEFAULTS = {
    "sp": None,
    "window_norm": "standard",
    "exog_regression": False,
    "hidden_size": 64,
    "num_layers": 2,
}
_NONE = object()  # no earlier default


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
    pretrained : {None, "yearly", "quarterly", "monthly", "auto"}, default=None
        Start from a network shipped with the package, pretrained on the training parts
        of the M1, M3 and tourism competitions' series of that frequency
        (:mod:`sktime_lstm.pretrained`; their cards give data, recipe and scores).
        ``fit`` then trains nothing: it fits each series' scaler and forecasting context
        (zero-shot), unless ``finetune_epochs`` asks for fine-tuning; ``pretrain`` goes
        on training the shipped network on the panel passed. ``"auto"`` picks the family
        from the index's step (monthly, quarterly or yearly periods or dates) and keeps
        its network only if it beats the seasonal naive forecast on the last head block
        of the series passed (forecast from the steps before it; series shorter than a
        block and a season are not scored, and keep it); for any other step, an integer
        index, or a network that loses, it trains the default network from scratch, with
        the shipped networks' quantile head. ``pretrained_family_`` holds the family
        used (None where a network was trained; with several target columns, each
        column's forecaster in ``forecasters_`` holds its own). A named family is used
        whatever the index. The shipped networks are univariate, read no X and have a
        quantile head, so with ``pretrained`` set: several target columns are forecast
        one by one (sktime vectorises), X is ignored, intervals are available, and the
        parameters that design a network (``window_length``, ``horizon``,
        ``hidden_size``, ``num_layers``, ``dropout``, ``head_hidden_sizes``,
        ``readout``, ``strategy``, ``scaler``, ``window_norm``, ``sp``, ``long_trend``,
        ``exog_regression``, ``loss``, ``quantiles``, ``past_covariates``,
        ``calendar``, ``static_features``, ``peephole``) must keep their defaults
        (or their earlier defaults, ``sp=None``, ``window_norm="standard"``,
        ``exog_regression=False``, ``hidden_size=64`` and ``num_layers=2``, which
        older pickles carry): ``fit`` names any that do not.

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

    _parameter_rules = {
        **BASE_RULES,
        "peephole": (Options((True, False)),),
        "pretrained": (Options((*shipped.FAMILIES, "auto", None)),),
    }

    def __init__(self, *, peephole=False, pretrained=None, **params):
        self.peephole = peephole
        self.pretrained = pretrained
        super().__init__(**params)
        if pretrained is not None:
            # the shipped networks: one target, no X, a quantile head
            self.set_tags(
                **{
                    "capability:multivariate": False,
                    "capability:exogenous": False,
                    "capability:pred_int": is_probabilistic(shipped.RECIPE["loss"]),
                }
            )

    __init__.__signature__ = _keyword_signature(
        BaseRecurrentForecaster.__init__, peephole=False, pretrained=None
    )

    def _cell(self) -> str:
        return "peephole" if self.peephole else "lstm"

    def _check_parameters(self) -> None:
        super()._check_parameters()
        if self.pretrained is None:
            return
        defaults = inspect.signature(type(self).__init__).parameters
        changed = [
            name
            for name in DESIGN_PARAMETERS
            if not _same(getattr(self, name), defaults[name].default)
            # earlier defaults, which pickles and code may carry
            and not _same(getattr(self, name), EARLIER_DEFAULTS.get(name, _NONE))
        ]
        if changed:
            raise ValueError(
                f"LSTMForecaster(pretrained={self.pretrained!r}) takes its network's "
                f"design from the shipped weights, so {changed} must keep their "
                "defaults; set pretrained=None to train a network of your own design."
            )

    # where no shipped network fits, pretrained="auto" trains the default design
    # with the shipped networks' quantile head, so that intervals are there too
    def _likelihood_loss(self) -> str:
        return self.loss if self.pretrained is None else shipped.RECIPE["loss"]

    def _shipped_network(self, time: pd.Index, freq) -> StartingNetwork | None:
        """Return the shipped network for ``pretrained`` and this index, or None."""
        family = self.pretrained
        if family == "auto":
            family = shipped.family_for(calendar.step_length(time, freq))
        if family is None:
            return None
        card = shipped.card(family)
        device = resolve_device(self.device, type(self).__name__)
        return StartingNetwork(
            shipped.load_network(family).to(device),
            card["design"]["window_length"],
            pd.DataFrame(card["history"]).set_index("epoch"),
            family,
        )

    def _keeps_start(self, start: StartingNetwork, scaled: list[np.ndarray]) -> bool:
        """With ``"auto"``: keep a shipped network only if it beats the naive forecast.

        Scored on the last head block of each series passed to ``fit``, forecast
        from the steps before it, against the seasonal naive forecast (the
        network's season, or the naive one): a network that cannot beat it on
        the series' own history (a cycle the competitions' series lack, say) is
        not kept, and a network is trained instead. Series too short to score
        (shorter than a head block and a season) keep it.
        """
        if self.pretrained != "auto" or start.family is None:
            return True
        season = start.network.seasonal_period or 1
        with limited_threads(self.num_threads):
            network_error, naive_error = last_block_errors(
                start.network, scaled, start.window, season
            )
        # series too short to score (a head block and a season): kept
        return not network_error > naive_error

    def _pretrains_columns_apart(self) -> bool:
        return self.pretrained is not None

    def __setstate__(self, state: dict) -> None:
        # forecasters pickled before these parameters had none
        state.setdefault("peephole", False)
        state.setdefault("pretrained", None)
        super().__setstate__(state)

    @classmethod
    def get_test_params(cls, parameter_set="default"):
        """Return small, fast parameter sets for sktime's conformance suite."""
        *others, recursive = test_parameter_sets()
        return [
            *others,
            {**recursive, "peephole": True},
            # a shipped network, zero-shot, whatever the test data's index
            {"pretrained": "monthly"},
            # the family of the index (a shipped network fine-tuned one epoch),
            # or, for other indices, the default network with a quantile head
            # trained one epoch
            {"pretrained": "auto", "max_epochs": 1, "finetune_epochs": 1},
        ]


def _same(value, default) -> bool:
    """Whether a parameter holds its default (numpy scalars and lists alike)."""
    try:
        return bool(plain(value) == default)
    except (TypeError, ValueError):  # arrays compare element-wise
        return False


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
