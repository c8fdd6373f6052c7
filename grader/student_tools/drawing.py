"""Figures of the losses as PNG files: panels of lines, the student's solid, the reference's dashed."""

from __future__ import annotations

import os
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from grader.errors import GraderError
from grader.text import Text

STYLES = {  # kind -> matplotlib keyword arguments; the reference's dashes lie on top, visible where they agree
    "yours": {"linewidth": 3.0, "alpha": 0.8, "zorder": 2},
    "reference": {"linestyle": "--", "linewidth": 1.3, "color": "black", "zorder": 3},
    "context": {"linestyle": ":", "linewidth": 1.3, "zorder": 1},
}


@dataclass
class Series:
    """One line of a panel; `kind` is yours, reference (the shape to compare with) or context (MSE, MAE)."""

    label: str
    x: list[float]
    y: list[float]
    kind: str = "yours"
    color: str | None = None


@dataclass
class Panel:
    """One plot: its lines, and why the student's line is missing when it is."""

    title: str
    xlabel: str
    ylabel: str
    series: list[Series] = field(default_factory=list)
    problem: Text | None = None
    log_y: bool = False
    ylim: tuple[float, float] | None = None


def matplotlib_missing() -> bool:
    """Whether the optional plotting extra (matplotlib) is not installed."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return True
    return False


def require_matplotlib() -> None:
    """Fail in one line when the optional plotting extra is not installed."""
    if matplotlib_missing():
        raise GraderError('--plot needs matplotlib: pip install -e ".[plot]" in the course folder')


def write_figure(panels: list[Panel], target: Path) -> None:
    """Draw the panels side by side into a PNG at `target`, written anew (a link there is replaced, not followed)."""
    require_matplotlib()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    count = max(len(panels), 1)
    figure, axes = plt.subplots(1, count, figsize=(5.2 * count, 3.8), squeeze=False)
    for axis, panel in zip(axes[0], panels):
        _draw(axis, panel)
    figure.tight_layout()
    folder = target.parent if str(target.parent) else Path(".")
    try:
        descriptor, temporary = tempfile.mkstemp(prefix=".plot-", suffix=".png", dir=folder)
        with os.fdopen(descriptor, "wb") as handle:
            figure.savefig(handle, format="png", dpi=120)
        os.replace(temporary, target)
    except (OSError, ValueError) as error:
        raise GraderError(f"{target}: cannot write the figure: {error}") from None
    finally:
        plt.close(figure)


def _draw(axis, panel: Panel) -> None:
    # Labels stay in English: matplotlib's default fonts have no Chinese glyphs.
    for series in panel.series:
        style = dict(STYLES[series.kind], **({"color": series.color} if series.color else {}))
        axis.plot(series.x, series.y, label=series.label, **style)
    if panel.log_y:
        axis.set_yscale("log")
    if panel.ylim:
        axis.set_ylim(*panel.ylim)
    if panel.problem is not None:
        axis.text(0.5, 0.5, textwrap.fill(f"yours: {panel.problem('en')}", 52), transform=axis.transAxes, ha="center", va="center", wrap=True,
                  color="firebrick", fontsize=9, bbox={"facecolor": "white", "edgecolor": "firebrick", "alpha": 0.9})
    axis.set_title(panel.title)
    axis.set_xlabel(panel.xlabel)
    axis.set_ylabel(panel.ylabel)
    axis.grid(alpha=0.3)
    if panel.series:
        axis.legend(fontsize=8)
