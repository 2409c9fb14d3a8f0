"""Helpers a report notebook calls, so that its cells stay one line each.

Figures are shown as PNG bytes rendered here (not by the kernel's matplotlib backend), with
fixed DPI and no software metadata, so the same figure gives the same bytes on every run and
in every kernel configuration.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from evalkit.plots.fonts import use_cjk_font

FIGURE_DPI = 100


def setup() -> None:
    """Reset matplotlib to evalkit's defaults and register the CJK font."""
    mpl.rcdefaults()
    mpl.rcParams["svg.hashsalt"] = "evalkit"
    use_cjk_font()
    warnings.filterwarnings("ignore", r".* is renamed ", DeprecationWarning)  # for developers


def figure_png(figure: Figure) -> bytes:
    """Render a figure to PNG bytes, deterministically (no timestamp or version metadata)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=FIGURE_DPI, metadata={"Software": None})
    return buffer.getvalue()


def show(figure: Figure) -> None:
    """Display a figure in the notebook as a PNG and close it."""
    from IPython.display import Image, display

    display(Image(data=figure_png(figure), format="png"))
    plt.close(figure)


@contextmanager
def collected_warnings() -> Iterator[list[str]]:
    """Collect warnings raised inside the block as plain messages (no file paths).

    The report states them in words instead of printing tracebacks with machine paths.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        messages: list[str] = []
        yield messages
    messages.extend(
        dict.fromkeys(str(w.message) for w in caught if w.category is not DeprecationWarning)
    )
