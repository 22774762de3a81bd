"""Test-session settings shared by the tests, the doctests and the notebooks."""

import os

# notebooks (run by nbmake in a kernel that inherits this environment) take their
# short, fast path in the test suite
os.environ.setdefault("SKTIME_LSTM_FAST", "1")

# pytest-xdist runs one worker per core: a torch thread pool per worker would
# oversubscribe the cores, and OpenMP's spinning threads then make the small ops
# of tiny test networks about 9x slower. One thread per worker (and per notebook
# kernel or subprocess, through the environment) avoids it.
os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch  # noqa: E402

torch.set_num_threads(1)
