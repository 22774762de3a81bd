"""Where and how a forecaster computes: device, precision and seeds.

Small functions of parameter values (no estimator, no sktime), so that the base
class only asks, and each rule has one home.
"""

from __future__ import annotations

import copy

import torch
from sklearn.utils import check_random_state

from sktime_lstm import training


def resolve_device(device: str | torch.device, owner: str) -> torch.device:
    """Return the torch device a ``device`` parameter names, or a clear error.

    ``"auto"`` is CUDA where available, else the CPU. ``owner`` (the class name)
    goes into the message.

    Raises
    ------
    ValueError
        For CUDA on a machine without it, or a CUDA index beyond the visible GPUs.
    """
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    resolved = torch.device(device)
    if resolved.type != "cuda":
        return resolved
    if not torch.cuda.is_available():
        raise ValueError(
            f"The 'device' parameter of {owner} is {device!r}, but CUDA is not "
            "available on this machine; use device='cpu' or 'auto'."
        )
    if (resolved.index or 0) >= torch.cuda.device_count():
        raise ValueError(
            f"The 'device' parameter of {owner} is {device!r}, but this machine has "
            f"{torch.cuda.device_count()} visible CUDA device(s), numbered from 0; "
            "use one of them, 'cuda' or 'auto'."
        )
    return resolved


def uses_bf16(precision: str, device: torch.device, owner: str) -> bool:
    """Whether training steps run under bfloat16 autocast on ``device``.

    Raises
    ------
    ValueError
        For ``precision="bf16"`` on a device without native bfloat16, where it
        would be slower than float32.
    """
    if precision == "fp32":
        return False
    native = training.native_bf16(device)
    if precision == "bf16" and not native:
        raise ValueError(
            f"{owner}(precision='bf16') needs a device that computes in bfloat16 "
            "natively (a CUDA GPU with bf16, or a CPU with AVX-512 BF16 or AMX), but "
            f"training runs on {device} without it; use precision='auto' (bf16 "
            "where native, else fp32) or 'fp32'."
        )
    return native


def device_of(module: torch.nn.Module) -> torch.device:
    """Return the device a module's parameters live on."""
    return next(module.parameters()).device


def training_seed(random_state) -> int:
    """Return the seed of one training run's weights, dropout and batch order.

    A RandomState is advanced, as scikit-learn's estimators do, so that refits
    from one state differ; an int gives the same seed every time.
    """
    return int(check_random_state(random_state).randint(2**31 - 1))


def sampling_seed(random_state) -> int:
    """Return the sample paths' seed, fixed per model: the same intervals each call.

    Drawn from a copy of a RandomState, which ``predict`` must not advance.
    """
    if random_state is None:
        return 0
    return int(check_random_state(copy.deepcopy(random_state)).randint(2**31))
