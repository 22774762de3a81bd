"""Recurrent forecasting networks as plain ``torch.nn`` modules.

The network reads a context window ``(batch, window, n_targets + n_exog + 1)``
(targets, exogenous columns, then the observed mask), normalises the targets per
window, encodes it with a recurrent layer stack and maps the last hidden state
(with the known-future exogenous values) through a dense head to ``horizon``
future steps of every target: point values or distribution parameters. Nothing
here knows sktime.
"""

from __future__ import annotations

import torch
from torch import nn

from sktime_lstm.distributions import Likelihood, likelihood_for
from sktime_lstm.windows import ColumnLayout

CELLS = ("lstm", "gru", "rnn", "peephole")
READOUTS = ("last", "all")
WINDOW_NORMS = ("standard", "mean", "last")
# known_exog_effect's ridge penalty, per observed step of standardised X
RIDGE = 0.1
# exog_regression needs this many window steps per known column (the usual rule
# of thumb for a regression: 10 observations per coefficient)
STEPS_PER_KNOWN_COLUMN = 10
# what an untrained or point network's head emits: one value per step and target
POINT = likelihood_for("mae")


class PeepholeLSTM(nn.Module):
    r"""Stacked LSTM whose gates also see the cell state (Gers & Schmidhuber, 2000).

    For every layer and step, with the input gate :math:`i`, forget gate :math:`f`,
    candidate cell :math:`\tilde C` and output gate :math:`o`:

    .. math::

        i_t &= \sigma(W_i x_t + U_i h_{t-1} + p_i \odot C_{t-1} + b_i) \\
        f_t &= \sigma(W_f x_t + U_f h_{t-1} + p_f \odot C_{t-1} + b_f) \\
        \tilde C_t &= \tanh(W_C x_t + U_C h_{t-1} + b_C) \\
        C_t &= f_t \odot C_{t-1} + i_t \odot \tilde C_t \\
        o_t &= \sigma(W_o x_t + U_o h_{t-1} + p_o \odot C_t + b_o) \\
        h_t &= o_t \odot \tanh(C_t)

    Weights use ``nn.LSTM``'s names and layout (``weight_ih_l0`` stacks the i, f,
    C~, o rows), so an ``nn.LSTM`` state dict loads into it; the peephole vectors
    ``weight_peephole_l{k}`` (rows :math:`p_i, p_f, p_o`) start at zero, where the
    layer equals ``nn.LSTM``. The input projection of the whole sequence is one
    matrix product per layer; only the recurrence loops over time.

    Parameters
    ----------
    input_size, hidden_size, num_layers : int
        As in ``nn.LSTM``.
    dropout : float, default=0.0
        Dropout on the outputs of every layer but the last.
    batch_first : bool, default=True
        Only ``True`` is supported: inputs are ``(batch, time, features)``.

    Examples
    --------
    >>> import torch
    >>> lstm = PeepholeLSTM(input_size=3, hidden_size=5, num_layers=2)
    >>> out, (h, c) = lstm(torch.zeros(4, 7, 3))
    >>> out.shape, h.shape
    (torch.Size([4, 7, 5]), torch.Size([2, 4, 5]))
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        dropout: float = 0.0,
        batch_first: bool = True,
    ) -> None:
        super().__init__()
        if not batch_first:
            raise ValueError("PeepholeLSTM supports batch_first=True only.")
        self.hidden_size, self.num_layers = hidden_size, num_layers
        self.dropout = nn.Dropout(dropout)
        bound = hidden_size**-0.5
        for layer in range(num_layers):
            width = input_size if layer == 0 else hidden_size
            shapes = {
                "weight_ih": (4 * hidden_size, width),
                "weight_hh": (4 * hidden_size, hidden_size),
                "bias_ih": (4 * hidden_size,),
                "bias_hh": (4 * hidden_size,),
            }
            for name, shape in shapes.items():
                weight = nn.Parameter(torch.empty(shape).uniform_(-bound, bound))
                self.register_parameter(f"{name}_l{layer}", weight)
            peephole = nn.Parameter(torch.zeros(3, hidden_size))
            self.register_parameter(f"weight_peephole_l{layer}", peephole)

    def _layer(self, inputs: torch.Tensor, layer: int):
        weight_hh = getattr(self, f"weight_hh_l{layer}")
        p_i, p_f, p_o = getattr(self, f"weight_peephole_l{layer}")
        projected = nn.functional.linear(
            inputs,
            getattr(self, f"weight_ih_l{layer}"),
            getattr(self, f"bias_ih_l{layer}") + getattr(self, f"bias_hh_l{layer}"),
        )
        h = inputs.new_zeros(inputs.shape[0], self.hidden_size)
        c = torch.zeros_like(h)
        outputs = []
        for step in projected.unbind(dim=1):
            i, f, g, o = (step + h @ weight_hh.T).chunk(4, dim=1)
            i = torch.sigmoid(i + p_i * c)
            f = torch.sigmoid(f + p_f * c)
            c = f * c + i * torch.tanh(g)
            h = torch.sigmoid(o + p_o * c) * torch.tanh(c)
            outputs.append(h)
        return torch.stack(outputs, dim=1), h, c

    def forward(self, inputs: torch.Tensor):
        """Return ``(outputs, (h_n, c_n))`` as ``nn.LSTM`` does (zero initial state)."""
        last_h, last_c = [], []
        for layer in range(self.num_layers):
            if layer:
                inputs = self.dropout(inputs)
            inputs, h, c = self._layer(inputs, layer)
            last_h.append(h)
            last_c.append(c)
        return inputs, (torch.stack(last_h), torch.stack(last_c))


class StaticEncoder(nn.Module):
    """Static features to one vector per series: numbers as they are, codes embedded.

    Parameters
    ----------
    n_numeric : int
        Standardised numeric features, first.
    cardinalities : tuple of int
        Known values of each categorical feature, whose codes follow (0 is
        unknown). Each gets an embedding of ``min(16, round(1.6 * (n + 1) **
        0.56))`` numbers (fastai's rule of thumb, capped); the unknown entry is
        fixed at zero, so an unseen value contributes nothing.

    Examples
    --------
    >>> import torch
    >>> encoder = StaticEncoder(n_numeric=1, cardinalities=(3,))
    >>> encoder.width, encoder(torch.tensor([[0.5, 2.0], [0.5, 0.0]])).shape
    (4, torch.Size([2, 4]))
    """

    def __init__(self, n_numeric: int, cardinalities: tuple[int, ...]) -> None:
        super().__init__()
        self.n_numeric = n_numeric
        self.cardinalities = tuple(cardinalities)
        self.embeddings = nn.ModuleList(
            nn.Embedding(n + 1, min(16, round(1.6 * (n + 1) ** 0.56)), padding_idx=0)
            for n in self.cardinalities
        )
        self.width = n_numeric + sum(e.embedding_dim for e in self.embeddings)

    def forward(self, static: torch.Tensor) -> torch.Tensor:
        """Encode ``(batch, n_numeric + n_categorical)`` rows of static features."""
        parts = [static[:, : self.n_numeric]]
        codes = static[:, self.n_numeric :].round().long()
        for column, embedding in enumerate(self.embeddings):
            parts.append(embedding(codes[:, column]))
        return torch.cat(parts, dim=-1)


_ENCODERS = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN, "peephole": PeepholeLSTM}


def window_statistics(
    values: torch.Tensor,
    observed: torch.Tensor,
    kind: str | None,
    last_steps: int = 1,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-window location and scale over the observed context values.

    Parameters
    ----------
    values : torch.Tensor
        Shape ``(batch, window, n_targets)``.
    observed : torch.Tensor
        Shape ``(batch, window, 1)``.
    kind : {"standard", "mean", "last"} or None
        ``"standard"``: mean and standard deviation, floored at 0.1 so that a flat
        window stays finite and its noise is amplified at most tenfold;
        ``"mean"``: subtract the mean only; ``"last"``: the last observed value
        (``last_steps=1``) or the mean of the observed values among the last
        ``last_steps`` (the window's mean where none is observed), and
        ``"standard"``'s standard deviation; None: identity. The
        values come already divided by the series' scaler, so the floor is 0.1
        of the series' own spread, whatever its units (with ``scaler=None`` it
        is 0.1 in the data's units, one reason that scaler is not scale-free).

    last_steps : int, default=1
        How many of the last steps ``"last"`` averages (a season's, with one).

    Returns
    -------
    loc, scale : torch.Tensor
        Shape ``(batch, 1, n_targets)`` each.
    """
    shape = (values.shape[0], 1, values.shape[2])
    if kind is None:
        return values.new_zeros(shape), values.new_ones(shape)
    count = observed.sum(dim=1, keepdim=True).clamp_min(1.0)
    loc = (values * observed).sum(dim=1, keepdim=True) / count
    if kind == "mean":
        return loc, values.new_ones(shape)
    variance = (((values - loc) * observed) ** 2).sum(dim=1, keepdim=True) / count
    scale = variance.sqrt().clamp_min(0.1)
    if kind == "last" and last_steps == 1:
        # the last observed value, wherever the window's last step is missing;
        # integer steps, which no float dtype rounds
        steps = torch.arange(1, values.shape[1] + 1, device=values.device)
        last_seen = torch.where(observed > 0, steps.view(1, -1, 1), 0).amax(
            dim=1, keepdim=True
        )  # 0 where nothing is observed
        index = (last_seen - 1).clamp_min(0).expand(-1, 1, values.shape[2])
        loc = torch.where(last_seen > 0, values.gather(1, index), loc)
    elif kind == "last":
        seen = observed[:, -last_steps:]
        n_seen = seen.sum(dim=1, keepdim=True)
        recent = (values[:, -last_steps:] * seen).sum(dim=1, keepdim=True)
        loc = torch.where(n_seen > 0, recent / n_seen.clamp_min(1.0), loc)
    return loc, scale


def seasonal_profile(
    values: torch.Tensor,
    observed: torch.Tensor,
    loc: torch.Tensor,
    phases: torch.Tensor,
) -> torch.Tensor:
    """Each phase's mean deviation from the window's level, centred over the phases.

    Parameters
    ----------
    values : torch.Tensor
        Shape ``(batch, window, n_targets)``.
    observed : torch.Tensor
        Shape ``(batch, window, 1)``.
    loc : torch.Tensor
        The windows' levels, ``(batch, 1, n_targets)``.
    phases : torch.Tensor
        One-hot phase of every window step, ``(window, period)``, float.

    Returns
    -------
    torch.Tensor
        Shape ``(batch, period, n_targets)``; 0 for a phase with no observed step.

    Examples
    --------
    >>> import torch
    >>> values = torch.tensor([1.0, 3.0, 1.0, 3.0]).view(1, 4, 1)
    >>> phases = torch.eye(2).repeat(2, 1)
    >>> level = values.mean(dim=1, keepdim=True)
    >>> seasonal_profile(values, torch.ones(1, 4, 1), level, phases).flatten().tolist()
    [-1.0, 1.0]
    """
    sums = torch.einsum("bwt,wp->bpt", (values - loc) * observed, phases)
    counts = torch.einsum("bwo,wp->bpo", observed, phases)
    seen = (counts > 0).to(values.dtype)
    profile = sums / counts.clamp_min(1.0)
    # centred: the profile moves a phase against the others, not the level
    n_seen = seen.sum(dim=1, keepdim=True).clamp_min(1.0)
    centre = profile.sum(dim=1, keepdim=True) / n_seen
    return (profile - centre) * seen


def known_exog_effect(
    residual: torch.Tensor,
    observed: torch.Tensor,
    past_exog: torch.Tensor,
    future_exog: torch.Tensor,
    ridge: float | None = None,
    reference: torch.Tensor | None = None,
) -> torch.Tensor:
    """Each window's least-squares fit of the targets on known X, at the future steps.

    Per window, the targets' departures from their level (``residual``) are
    regressed on the known exogenous columns, each centred and standardised over
    the window's observed steps, by ridge regression (penalty ``ridge`` times the
    observed count, so that it shrinks a column with a clear effect by about
    ``ridge`` and makes collinear or constant columns harmless). The fitted
    coefficients map the future steps' X, standardised alike, to the targets'
    departures there. No parameters: it holds for any scale of X and y, and for
    any relation that is linear within a window.

    Parameters
    ----------
    residual : torch.Tensor
        Shape ``(batch, window, n_targets)``, 0 where unobserved.
    observed : torch.Tensor
        Shape ``(batch, window, 1)``.
    past_exog, future_exog : torch.Tensor
        The known columns over the window ``(batch, window, k)`` and at the
        forecast steps ``(batch, horizon, k)``.
    ridge : float or None, default=None
        None: :data:`RIDGE`.
    reference : torch.Tensor or None, default=None
        X at the point the targets' level stands for, ``(batch, 1, k)``: the
        effect is of X's departure from it. None: X's mean over the window,
        which a level at the targets' mean goes with; a level at the window's
        end (``window_norm="last"``) goes with X's value there.

    Returns
    -------
    torch.Tensor
        Shape ``(batch, horizon, n_targets)``.

    Examples
    --------
    >>> import torch
    >>> x = torch.arange(6.0).view(1, 6, 1)
    >>> y = 3 * (x - x.mean())
    >>> effect = known_exog_effect(y, torch.ones(1, 6, 1), x, torch.tensor([[[8.0]]]))
    >>> round(effect.item(), 1)  # 3 * (8 - 2.5) = 16.5, shrunk by the ridge
    15.0
    """
    ridge = RIDGE if ridge is None else ridge
    count = observed.sum(dim=1, keepdim=True).clamp_min(1.0)
    centre = (past_exog * observed).sum(dim=1, keepdim=True) / count
    centred = (past_exog - centre) * observed
    spread = ((centred**2).sum(dim=1, keepdim=True) / count).sqrt().clamp_min(1e-6)
    design = centred / spread  # (batch, window, k)
    # float32 whatever autocast does: solves are not run in bfloat16
    with torch.autocast(residual.device.type, enabled=False):
        design = design.float()
        gram = design.transpose(1, 2) @ design  # (batch, k, k)
        eye = torch.eye(gram.shape[-1], device=gram.device, dtype=gram.dtype)
        penalty = ridge * count.view(-1, 1, 1).float() * eye
        moments = design.transpose(1, 2) @ (residual * observed).float()
        # solve_ex: no host check for singular matrices (the penalty rules them
        # out), so the step stays capturable in a CUDA graph
        coefficients = torch.linalg.solve_ex(gram + penalty, moments).result
        origin = centre if reference is None else reference
        future = ((future_exog - origin) / spread).float()
        return (future @ coefficients).to(residual.dtype)


def _zero_linear(in_features: int, out_features: int) -> nn.Linear:
    """Return a dense layer whose weights and bias start at zero."""
    layer = nn.Linear(in_features, out_features)
    nn.init.zeros_(layer.weight)
    nn.init.zeros_(layer.bias)
    return layer


def _last_season_level(
    values: torch.Tensor,
    observed: torch.Tensor,
    season: torch.Tensor,
    level: torch.Tensor,
    period: int,
) -> torch.Tensor:
    """Return the last season's mean, deseasonalised where the season has gaps.

    Over a whole season the profile sums to zero, so ``level`` (the plain mean)
    is kept as it is; where a step is missing, the mean of the observed steps
    with each one's phase value taken out, so that the missing phase does not
    tilt the level.
    """
    seen = observed[:, -period:]
    n_seen = seen.sum(dim=1, keepdim=True)
    deseasonalised = ((values - season)[:, -period:] * seen).sum(dim=1, keepdim=True)
    gappy = (n_seen > 0) & (n_seen < period)
    return torch.where(gappy, deseasonalised / n_seen.clamp_min(1.0), level)


class RecurrentForecastNetwork(nn.Module):
    """Recurrent encoder plus dense multi-horizon head.

    Parameters
    ----------
    cell : {"lstm", "gru", "rnn", "peephole"}
        ``nn.LSTM``, ``nn.GRU``, a tanh ``nn.RNN``, or :class:`PeepholeLSTM`.
    n_targets : int
        Number of target columns predicted at every step.
    hidden_size, num_layers : int
        Width and depth of the recurrent stack.
    horizon : int
        Number of steps the head emits at once.
    dropout : float, default=0.0
        Dropout between recurrent layers and on the encoding fed to the head.
    head_hidden_sizes : tuple of int, default=()
        Widths of ReLU dense layers between the encoder and the output layer.
    window_norm : {"standard", "mean", "last"} or None, default="standard"
        Per-window normalisation of the context, undone on the output
        (:func:`window_statistics`; ``"last"``'s level is the mean of the last
        season with ``seasonal_period``, else the last value).
    likelihood : sktime_lstm.distributions.Likelihood or None, default=None
        What the head emits (:mod:`sktime_lstm.distributions`). None or a point
        loss's: point forecasts ``(batch, horizon, n_targets)``. A probabilistic
        one: ``(batch, horizon, n_targets, n_params)``, e.g. ``(mu, sigma)``,
        ``(mu, sigma, df)`` with ``df > 2``, or monotone quantiles.
    n_exog : int, default=0
        Exogenous columns that follow the targets in the context; the encoder reads
        them at every past step.
    known_exog : tuple of int, default=()
        Which exogenous columns (0-based, among the ``n_exog``) are known in the
        future: their values at the ``horizon`` forecast steps enter the head.
    readout : {"last", "all"}, default="last"
        What the head reads: the last hidden state of the top layer, or the top
        layer's hidden states at every step of the window (then ``window_length``
        is needed, and contexts must have exactly that many steps).
    window_length : int or None, default=None
        Context length; required by ``readout="all"`` and ``seasonal_period``.
    seasonal_period : int or None, default=None
        Steps per season. With a period above 1, each window's seasonal profile
        (:func:`seasonal_profile`, after ``window_norm``'s level) is estimated; the
        encoder reads the window both as it is and with the profile taken out, and
        a learned gate per forecast step, from 0 to 1, decides how much of the
        profile the forecast carries forward: a series whose window shows no stable
        season can learn to ignore it. Needs ``window_length >= seasonal_period``.
    long_trend : bool, default=False
        Whether the context carries, after the exogenous columns, each target's
        long-run slope at every step (:func:`sktime_lstm.windows.history_slopes`:
        a straight line through all of the series up to the step, not only the
        window). The encoder reads it in units of the window's scale, as one more
        channel per target.
    exog_regression : bool, default=False
        With ``known_exog`` and a window of at least ``STEPS_PER_KNOWN_COLUMN``
        (10) steps per known column: whether the forecast also carries each
        window's ridge fit of the targets on the known columns
        (:func:`known_exog_effect`, on the window deseasonalised where there is a
        season, and from X's value where the level stands under
        ``window_norm="last"``), applied to their future values, through a
        learned gate per forecast step from 0 to 1 that starts half open, as the
        seasonal profile's does. The attribute says whether the path was built.
    static_numeric : int, default=0
        Standardised numeric static features per series.
    static_categories : tuple of int, default=()
        Known values of each categorical static feature. The static features sit
        after the exogenous columns on every row of the context; they are
        encoded once per window, from its last step, by a
        :class:`StaticEncoder`, and the vector joins the encoder's input at
        every step (as DeepAR's static covariates do: the recurrent layers then
        mix it with the values and the calendar, which a linear head could only
        add to) and the summary that the head and the seasonal gate read.

    Examples
    --------
    >>> import torch
    >>> net = RecurrentForecastNetwork("gru", n_targets=2, hidden_size=8,
    ...                                num_layers=1, horizon=3)
    >>> net(torch.zeros(4, 10, 3)).shape
    torch.Size([4, 3, 2])
    """

    def __init__(
        self,
        cell: str,
        n_targets: int,
        hidden_size: int,
        num_layers: int,
        horizon: int,
        dropout: float = 0.0,
        head_hidden_sizes: tuple[int, ...] = (),
        window_norm: str | None = "standard",
        likelihood: Likelihood | None = None,
        n_exog: int = 0,
        known_exog: tuple[int, ...] = (),
        readout: str = "last",
        window_length: int | None = None,
        seasonal_period: int | None = None,
        long_trend: bool = False,
        exog_regression: bool = False,
        static_numeric: int = 0,
        static_categories: tuple[int, ...] = (),
    ) -> None:
        super().__init__()
        if readout == "all" and window_length is None:
            raise ValueError('readout="all" needs the window_length.')
        self.seasonal = seasonal_period is not None and seasonal_period > 1
        self.seasonal_period = seasonal_period if self.seasonal else None
        if self.seasonal and (window_length is None or window_length < seasonal_period):
            raise ValueError(
                f"seasonal_period={seasonal_period} needs a window_length of at least "
                f"one season, got {window_length}."
            )
        self.readout = readout
        self.n_targets, self.horizon, self.window_norm = n_targets, horizon, window_norm
        self.n_exog, self.known_exog = n_exog, tuple(known_exog)
        # a device tensor, not a list: indexing by a list copies it from the host
        # on every call, which a CUDA graph cannot capture
        self.register_buffer(
            "known_index", torch.tensor(self.known_exog, dtype=torch.long), False
        )
        self.likelihood = POINT if likelihood is None else likelihood
        self.n_params = self.likelihood.n_params
        if self.seasonal:
            self._register_phases(window_length, horizon, seasonal_period)
        self.long_trend = long_trend
        n_static = static_numeric + len(static_categories)
        n_slopes = n_targets if long_trend else 0
        self.layout = ColumnLayout(n_targets, n_exog, n_slopes, n_static)
        self.static_encoder = (
            StaticEncoder(static_numeric, static_categories) if n_static else None
        )
        # the targets, deseasonalised with a season, their long-run slopes
        target_channels = 1 + int(self.seasonal) + int(long_trend)
        static_width = self.static_encoder.width if n_static else 0
        self.encoder = _ENCODERS[cell](
            input_size=n_targets * target_channels + n_exog + static_width + 1,
            hidden_size=hidden_size,
            num_layers=num_layers,
            dropout=dropout if num_layers > 1 else 0.0,
            batch_first=True,
        )
        layers: list[nn.Module] = [nn.Dropout(dropout)] if dropout else []
        steps_read = window_length if readout == "all" else 1
        width = hidden_size * steps_read + horizon * len(self.known_exog)
        width += static_width
        summary_width = width
        for size in head_hidden_sizes:
            layers += [nn.Linear(width, size), nn.ReLU()]
            width = size
        # zero start: an untrained network forecasts the window's level (its mean,
        # or its last level, under window_norm), and a flat series stays flat
        output = _zero_linear(width, horizon * n_targets * self.n_params)
        self.head = nn.Sequential(*layers, output)
        if self.seasonal:
            # zero start: the gate opens half way, sigmoid(0), on every window
            self.seasonal_gate = _zero_linear(summary_width, horizon * n_targets)
        steps_needed = STEPS_PER_KNOWN_COLUMN * len(self.known_exog)
        self.exog_regression = bool(
            exog_regression
            and self.known_exog
            and window_length is not None
            and window_length >= steps_needed
        )
        if self.exog_regression:
            # zero start: half of each window's fit is carried, as for the season
            self.exog_gate = _zero_linear(summary_width, horizon * n_targets)

    def __setstate__(self, state: dict) -> None:
        # deepcopy (sktime's clone of a pretrained forecaster) and unpickling leave
        # nn.LSTM/GRU/RNN weights in separate blocks on a GPU; cuDNN would then copy
        # them into one at every call, with a warning. Re-flatten (no-op on the CPU).
        super().__setstate__(_with_likelihood_and_layout(state))
        if isinstance(self.encoder, nn.RNNBase):
            self.encoder.flatten_parameters()

    def _register_phases(self, window: int, horizon: int, period: int) -> None:
        """Phases relative to the window's first step: no calendar is needed."""
        steps = torch.arange(window + horizon) % period
        one_hot = nn.functional.one_hot(steps[:window], period).float()
        self.register_buffer("window_phases", one_hot, False)
        self.register_buffer("future_phases", steps[window:].clone(), False)

    def forward(
        self, context: torch.Tensor, future_exog: torch.Tensor | None = None
    ) -> torch.Tensor:
        """Map a context to the forecast (see the class).

        ``context`` is ``(batch, window, n_targets + n_exog + 1)``, with
        ``long_trend`` ``n_targets`` more columns before the last (the mask);
        ``future_exog`` is ``(batch, horizon, n_exog)``, the exogenous values at the
        forecast steps (only the ``known_exog`` columns are read; None without
        exogenous data).
        """
        layout = self.layout
        values = context[..., layout.targets]  # (batch, window, n_targets)
        exog = context[..., layout.exog]  # (batch, window, n_exog)
        observed = context[..., layout.mask]  # (batch, window, 1)
        last_steps = self.seasonal_period if self.seasonal else 1
        loc, scale = window_statistics(values, observed, self.window_norm, last_steps)
        season = 0.0
        if self.seasonal:
            profile = seasonal_profile(values, observed, loc, self.window_phases)
            season = self.window_phases @ profile  # each step's phase value
            if self.window_norm == "last":
                loc = _last_season_level(values, observed, season, loc, last_steps)
        level = loc  # the window's, before the season is carried forward
        normed = (values - loc) / scale * observed
        inputs = [normed, exog, observed]
        if layout.n_static:
            static = self.static_encoder(context[:, -1, layout.static])
            steps = static.unsqueeze(1).expand(-1, context.shape[1], -1)
            inputs.insert(-1, steps)
        if self.long_trend:
            slopes = context[..., layout.slopes]  # (batch, window, n_targets)
            inputs.insert(-1, slopes / scale * observed)
        if self.seasonal:
            inputs.insert(1, (values - loc - season) / scale * observed)
        encoded, _ = self.encoder(torch.cat(inputs, dim=-1))
        summary = encoded.flatten(1) if self.readout == "all" else encoded[:, -1]
        if self.known_exog:
            known_future = future_exog.index_select(-1, self.known_index).flatten(1)
            summary = torch.cat([summary, known_future], dim=-1)
        if layout.n_static:
            summary = torch.cat([summary, static], dim=-1)
        raw = self.head(summary)
        raw = raw.view(-1, self.horizon, self.n_targets, self.n_params)
        if self.seasonal:
            gate = torch.sigmoid(self.seasonal_gate(summary))
            future_profile = profile.index_select(1, self.future_phases)
            carried = gate.view(-1, self.horizon, self.n_targets) * future_profile
            # the level the head's output is relative to, step by step
            loc = loc + carried
        if self.exog_regression:
            past_known = exog.index_select(-1, self.known_index)
            reference = None  # X's window mean, which the mean level goes with
            if self.window_norm == "last":  # X where the last level stands
                reference, _ = window_statistics(
                    past_known, observed, "last", last_steps
                )
            effect = known_exog_effect(
                (values - level - season) * observed,
                observed,
                past_known,
                future_exog.index_select(-1, self.known_index),
                reference=reference,
            )
            gate = torch.sigmoid(self.exog_gate(summary))
            loc = loc + gate.view(-1, self.horizon, self.n_targets) * effect
        return self.likelihood.output(raw, loc, scale)

    def point(self, output: torch.Tensor) -> torch.Tensor:
        """Point forecast of an output: itself, the mean, or the median quantile."""
        return self.likelihood.point(output)


def _with_likelihood_and_layout(state: dict) -> dict:
    """Give a network pickled before likelihood objects and layouts both.

    Such networks named their distribution (None for point forecasts) and stored
    the quantile levels; their columns followed the same layout.
    """
    if "likelihood" not in state:
        distribution = state.pop("distribution", None)
        levels = state.pop("quantiles", ())
        state["likelihood"] = (
            POINT if distribution is None else likelihood_for(distribution, levels)
        )
    state.setdefault("exog_regression", False)  # pickled before it
    if "static_encoder" not in state.get("_modules", {}):
        state.setdefault("static_encoder", None)  # pickled before static features
    if "layout" not in state:
        n_slopes = state["n_targets"] if state.get("long_trend") else 0
        state["layout"] = ColumnLayout(state["n_targets"], state["n_exog"], n_slopes)
    return state


def build_network(
    design: dict, network_class: type = RecurrentForecastNetwork
) -> RecurrentForecastNetwork:
    """Build a network from its design: its constructor's arguments as plain values.

    The likelihood is named by ``loss`` and ``quantiles`` (levels of a quantile
    head), and lists stand for tuples, so that a design read back from JSON (as
    the shipped pretrained networks' are) builds the network it describes.
    ``network_class`` may be a subclass taking the same arguments.

    Examples
    --------
    >>> net = build_network({"cell": "gru", "n_targets": 1, "hidden_size": 4,
    ...                      "num_layers": 1, "horizon": 3, "loss": "normal"})
    >>> net.horizon, net.likelihood.n_params, net.design["cell"]
    (3, 2, 'gru')
    """
    arguments = {
        name: tuple(value) if isinstance(value, list) else value
        for name, value in design.items()
        if name not in ("loss", "quantiles")
    }
    levels = tuple(design.get("quantiles", ()))
    likelihood = likelihood_for(design.get("loss", "mae"), levels)
    network = network_class(likelihood=likelihood, **arguments)
    network.design = dict(design)  # what it was built from, for saving it
    return network
