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


def markdown_table(table, digits: int = 3) -> str:
    """A DataFrame as a markdown table, its index first (no tabulate needed)."""
    header = [table.index.name or "", *map(str, table.columns)]

    def cell(value) -> str:
        return f"{value:.{digits}f}" if isinstance(value, float) else str(value)

    rows = [
        [str(i), *map(cell, row)]
        for i, row in zip(table.index, table.itertuples(index=False), strict=True)
    ]
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)
