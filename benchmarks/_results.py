"""Where the benchmark scripts put what they measured."""

from pathlib import Path

RESULTS = Path(__file__).parent / "results"


def publish(name: str, text: str, save: bool = True) -> str:
    """Print a result table and, unless told otherwise, save it as results/<name>.md."""
    if save:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"{name}.md").write_text(text)
    print(text)
    return text
