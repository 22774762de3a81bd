"""``--constant``: set a module constant of the package for one trial run.

A trial of a rule that is not (yet) a parameter flips the constant that holds it,
so that the committed script reproduces the trial: ``RIDGE=0.01`` sets
``sktime_lstm.networks.RIDGE``; ``adaptive.FEW_WINDOWS=128`` names the module
(stop 31's trial switches, ``_network_fitting.PARTIAL_TARGETS`` and
``training.WEIGHT_DECAY``, live only in the commits the validation record names).
Values are Python literals (``0.01``, ``100``, ``1`` for a switch). Only the
module's own name changes: a module that copied the constant with ``from ...
import NAME`` keeps the old value. ``APPLIED`` lists what was set, so that a
results cache can tell a trial's forecasts from the defaults'.
"""

import argparse
import ast
import importlib

APPLIED: list[str] = []  # "module.NAME=VALUE", in the order set


def add_constant_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--constant MODULE.NAME=VALUE ...`` to a benchmark's options."""
    parser.add_argument(
        "--constant",
        nargs="+",
        default=[],
        metavar="[MODULE.]NAME=VALUE",
        help="for a trial: set a constant of sktime_lstm.MODULE (default networks)",
    )


def set_constants(assignments: list[str]) -> None:
    """Set each ``[MODULE.]NAME=VALUE`` constant of ``sktime_lstm`` (literals)."""
    for assignment in assignments:
        target, value = assignment.split("=")
        module_name, _, name = target.rpartition(".")
        module = importlib.import_module(f"sktime_lstm.{module_name or 'networks'}")
        if not hasattr(module, name):
            raise SystemExit(f"{module.__name__} has no constant {name}")
        setattr(module, name, ast.literal_eval(value))
        APPLIED.append(f"{module.__name__}.{name}={value}")
