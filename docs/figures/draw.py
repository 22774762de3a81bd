"""Draw the figures of docs/how_recurrent_forecasters_work.md.

Run ``python docs/figures/draw.py``; writes the PNGs next to this file.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

HERE = Path(__file__).parent


def unrolled_rnn() -> None:
    """The recurrent block A, unrolled over time: x_t in, h_t out, state carried."""
    fig, ax = plt.subplots(figsize=(8, 2.6))
    for t in range(4):
        x0 = 0.5 + 2 * t
        ax.add_patch(plt.Rectangle((x0, 1), 1, 1, color="#4c72b0", alpha=0.85))
        ax.text(x0 + 0.5, 1.5, "A", ha="center", va="center", color="white", size=14)
        label = f"{t}" if t < 3 else "t"
        ax.annotate(
            "", (x0 + 0.5, 1), (x0 + 0.5, 0.35), arrowprops={"arrowstyle": "->"}
        )
        ax.text(x0 + 0.5, 0.15, f"$x_{label}$", ha="center", size=12)
        ax.annotate(
            "", (x0 + 0.5, 2.65), (x0 + 0.5, 2), arrowprops={"arrowstyle": "->"}
        )
        ax.text(x0 + 0.5, 2.75, f"$h_{label}$", ha="center", size=12)
        if t < 3:
            ax.annotate(
                "", (x0 + 2, 1.5), (x0 + 1, 1.5), arrowprops={"arrowstyle": "->"}
            )
    ax.text(6.0, 1.5, "...", ha="center", va="center", size=14)
    ax.set_xlim(0, 8)
    ax.set_ylim(0, 3.1)
    ax.axis("off")
    ax.set_title("An RNN unrolled: the hidden state carries the past forward")
    fig.tight_layout()
    fig.savefig(HERE / "unrolled_rnn.png", dpi=100)


def windows_and_strategies() -> None:
    """A series cut into (context, target) windows; direct vs recursive forecasts."""
    t = np.arange(60)
    y = np.sin(2 * np.pi * t / 12) + 0.03 * t
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.4))
    ax = axes[0]
    ax.plot(t, y, color="black", lw=1)
    for k, (start, color) in enumerate([(5, "#4c72b0"), (20, "#55a868")]):
        ax.axvspan(start, start + 24, color=color, alpha=0.15)
        ax.axvspan(start + 24, start + 30, color=color, alpha=0.4)
        ax.text(start + 12, 2.3 - 0.35 * k, f"context {k + 1}", ha="center", size=9)
    ax.set_title("Training windows: window_length context, horizon targets")
    ax.set_ylim(-1.3, 2.6)
    ax = axes[1]
    ax.plot(t[:48], y[:48], color="black", lw=1, label="history")
    ax.plot(t[48:], y[48:], color="black", lw=1, ls=":", label="future")
    ax.plot(
        t[48:54],
        y[48:54] + 0.05,
        "o-",
        color="#c44e52",
        ms=3,
        label="direct: one block of horizon steps",
    )
    ax.plot(
        t[48:60],
        y[48:60] - 0.25,
        "s-",
        color="#8172b2",
        ms=3,
        label="recursive: one step, fed back",
    )
    ax.legend(fontsize=8, loc="upper left")
    ax.set_title("Direct vs recursive strategy")
    fig.tight_layout()
    fig.savefig(HERE / "windows_and_strategies.png", dpi=100)


if __name__ == "__main__":
    unrolled_rnn()
    windows_and_strategies()
