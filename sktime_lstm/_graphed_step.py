"""A training step replayed as a captured CUDA graph.

A small recurrent network's step is bound by the CPU launching its few hundred
kernels one by one, not by arithmetic; a graph replay launches them all at once,
with the same arithmetic. ``training.train_network`` wraps its step in
``GraphedStep`` on CUDA (unless ``cuda_graph=False``); nothing else here knows
about windows, losses or the loop.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import torch

# update(starts, graph_safe): forward, loss, backward, clip and optimiser step on
# gradients already zeroed; returns the batch's detached loss. ``graph_safe`` asks
# for code that can be captured and replayed (no autocast cast cache).
Update = Callable[[torch.Tensor, bool], torch.Tensor]


class GraphedStep:
    """One optimiser step on a batch of window starts; returns the batch's loss.

    The step of a full batch is captured once as a CUDA graph, after a few eager
    warm-up steps, and then replayed. Batches of another size (an epoch's last)
    run eagerly on the same weights, gradients and optimiser state. Should a
    capture fail, training goes on eagerly with a warning.

    Parameters
    ----------
    update : callable
        ``update(starts, graph_safe)``, see ``Update``.
    optimizer : torch.optim.Optimizer
        The optimiser ``update`` steps; capturable (its learning rate a device
        tensor) so that a replay reads the scheduled rate.
    batch_size : int
        The size of a full batch, the one captured.
    """

    warmup_steps = 3

    def __init__(
        self, update: Update, optimizer: torch.optim.Optimizer, batch_size: int
    ) -> None:
        self.update, self.optimizer, self.batch_size = update, optimizer, batch_size
        self.use_graph = True  # until a capture fails
        self.full_steps = 0
        self.graph: torch.cuda.CUDAGraph | None = None
        self.static_starts = self.static_loss = None

    def __call__(self, starts: torch.Tensor) -> torch.Tensor:
        full = self.use_graph and len(starts) == self.batch_size
        if full and self.graph is not None:
            self.static_starts.copy_(starts)
            self.graph.replay()
            return self.static_loss.clone()
        if full and self.full_steps >= self.warmup_steps:
            return self._capture_and_replay(starts)
        # once captured, the graph owns the gradient tensors: zero them in place
        self.optimizer.zero_grad(set_to_none=self.graph is None)
        if not full:
            return self.update(starts, self.use_graph)
        self.full_steps += 1
        return self._warm_up(starts)

    def _warm_up(self, starts: torch.Tensor) -> torch.Tensor:
        # on a side stream, as capture needs: libraries set themselves up lazily
        side, current = torch.cuda.Stream(), torch.cuda.current_stream()
        side.wait_stream(current)
        with torch.cuda.stream(side):
            loss = self.update(starts, self.use_graph)
        current.wait_stream(side)
        return loss

    def _capture_and_replay(self, starts: torch.Tensor) -> torch.Tensor:
        self.static_starts = starts.clone()
        # gradients of None: backward allocates them from the graph's memory pool
        self.optimizer.zero_grad(set_to_none=True)
        graph = torch.cuda.CUDAGraph()
        try:
            with torch.cuda.graph(graph):
                self.static_loss = self.update(self.static_starts, self.use_graph)
        except RuntimeError as error:
            warnings.warn(
                f"Capturing the training step as a CUDA graph failed ({error}); "
                "training goes on without it.",
                RuntimeWarning,
                stacklevel=3,
            )
            self.use_graph = False
        if not self.use_graph:
            # the eager path, outside the except block: its traceback would keep
            # the failed capture's autograd graph alive into the eager step
            return self(starts)
        self.graph = graph
        graph.replay()
        return self.static_loss.clone()
