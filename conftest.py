"""Test-session settings shared by the tests, the doctests and the notebooks."""

import os

# notebooks (run by nbmake in a kernel that inherits this environment) take their
# short, fast path in the test suite
os.environ.setdefault("SKTIME_LSTM_FAST", "1")
