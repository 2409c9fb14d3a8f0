"""Helpers a report notebook calls, so that its cells stay one line each.

Figures are shown as PNG bytes rendered here (not by the kernel's matplotlib backend), with
fixed DPI and no software metadata, so the same figure gives the same bytes on every run and
in every kernel configuration. :func:`show_plot` draws a figure through the batch cache
(:mod:`evalkit.memo`): a figure that every city report of a batch shows (the cohort event
study) is drawn once per language, not once per report.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import warnings
from collections.abc import Callable
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from evalkit.memo import cached_call
from evalkit.plots.fonts import use_cjk_font
from evalkit.report.notes import collected_warnings

FIGURE_DPI = 100


def setup() -> None:
    """Reset matplotlib to evalkit's defaults and register the CJK font."""
    mpl.rcdefaults()
    mpl.rcParams["svg.hashsalt"] = "evalkit"
    use_cjk_font()
    warnings.filterwarnings("ignore", r".* is renamed ", DeprecationWarning)  # for developers


def figure_png(figure: Figure) -> bytes:
    """Render a figure to PNG bytes, deterministically (no timestamp or version metadata).

    A figure with a layout engine (constrained layout, or the placeholder ``tight_layout``
    leaves) is laid out here, by the engine alone, and saved without it: ``savefig`` would
    otherwise draw it twice, once with drawing disabled to lay it out and once to paint it
    (the same pixels, about a fifth slower). At another DPI than the saved one the layout is
    left to ``savefig``.
    """
    engine = figure.get_layout_engine()
    if engine is not None and figure.dpi == FIGURE_DPI:
        with contextlib.suppress(ValueError):  # as Figure.draw runs it
            engine.execute(figure)
        figure.set_layout_engine(None)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=FIGURE_DPI, metadata={"Software": None})
    return buffer.getvalue()


def show(figure: Figure) -> None:
    """Display a figure in the notebook as a PNG and close it."""
    from IPython.display import Image, display

    display(Image(data=figure_png(figure), format="png"))
    plt.close(figure)


def _plot_png(plot: str, args: tuple, kwargs: dict[str, Any]) -> bytes:
    """Return the PNG bytes of ``plot(*args, **kwargs)``; ``plot`` is ``"module:name"``."""
    module, name = plot.split(":")
    figure = getattr(importlib.import_module(module), name)(*args, **kwargs)
    try:
        return figure_png(figure)
    finally:
        plt.close(figure)


def show_plot(plot: Callable[..., Figure], *args: Any, **kwargs: Any) -> None:
    """Display the figure ``plot(*args, **kwargs)`` draws, as :func:`show` would.

    In a render batch the PNG is kept in the batch cache, keyed by the plot function and its
    arguments, so another report of the batch showing the same figure reads the bytes
    instead of drawing it again; outside a batch (JupyterLab, ``evalkit verify``) the figure
    is drawn. ``plot`` must be a module-level function returning a figure.

    Examples
    --------
    >>> from evalkit.plots import plot_trends
    >>> show_plot(plot_trends, frame, ylabel="y", start=2015)  # doctest: +SKIP
    """
    from IPython.display import Image, display

    png = cached_call(_plot_png, (f"{plot.__module__}:{plot.__qualname__}", args, kwargs), {})
    display(Image(data=png, format="png"))


__all__ = ["FIGURE_DPI", "collected_warnings", "figure_png", "setup", "show", "show_plot"]
