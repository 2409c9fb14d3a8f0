"""Event-study figure from a tidy frame: estimates with pointwise and uniform bands."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from evalkit.deprecation import renamed_function, replaced_by_labels
from evalkit.plots.fonts import use_cjk_font
from evalkit.plots.titles import set_fitted_title

#: The texts the figure draws unless ``labels`` says otherwise (``{level}`` is the confidence
#: level, ``{value}`` a cohort); Chinese ones are ``evalkit.i18n.figure_text("event_study", "zh")``.
LABELS: Mapping[str, str] = MappingProxyType(
    {
        "event_time": "Periods relative to treatment",
        "group": "Cohort (first treated year)",
        "time": "Year",
        "estimate": "Estimated effect (ATT)",
        "pointwise": "pointwise {level}% CI",
        "uniform": "uniform {level}% band",
        "cohort": "cohort {value:g}",
    }
)


@replaced_by_labels("event_study")
def plot_event_study(
    tidy: pd.DataFrame,
    *,
    x: str = "event_time",
    labels: Mapping[str, str] | None = None,
    title: str | None = None,
    level: float = 95,
    boundaries: Sequence[tuple[float, str]] = (),
) -> Figure:
    """Plot estimates against event time (or cohort/period) with confidence bands.

    Parameters
    ----------
    tidy : pandas.DataFrame
        Tidy frame with ``x``, ``estimate``, ``conf_low``, ``conf_high`` and optionally
        ``conf_low_uniform``/``conf_high_uniform`` (drawn when present and finite) and
        ``group`` (one series per cohort, when ``x`` is ``event_time``).
    x : {"event_time", "group", "time"}
        Column on the horizontal axis.
    labels : mapping of str to str, optional
        Texts drawn, by key: ``event_time``, ``group``, ``time`` (axis label of each ``x``),
        ``estimate`` (vertical axis), ``pointwise`` and ``uniform`` (legend; ``{level}`` is
        replaced by ``level``), ``cohort`` (legend of a cohort's series; ``{value}`` is the
        cohort). Keys left out keep their English text (:data:`LABELS`); a report passes
        :func:`evalkit.i18n.figure_text` ``("event_study", language)``.
    title : str, optional
        Figure title.
    level : float
        Confidence level printed in the legend.
    boundaries : sequence of (float, str)
        Positions on the horizontal axis where something starts (a plan's later rounds),
        drawn as dotted lines half a period before, labelled at the top.

    Returns
    -------
    matplotlib.figure.Figure
        Not shown or saved: the caller decides.

    Examples
    --------
    >>> frame = pd.DataFrame({"event_time": [-1, 0, 1], "estimate": [0.0, 1.0, 1.5],
    ...                       "conf_low": [-0.5, 0.5, 1.0], "conf_high": [0.5, 1.5, 2.0]})
    >>> fig = plot_event_study(frame)
    >>> len(fig.axes)
    1
    >>> fig = plot_event_study(frame, boundaries=[(1, "round 2")])
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['round 2']
    >>> fig = plot_event_study(frame, labels={"event_time": "Years since the plan"})
    >>> fig.axes[0].get_xlabel()
    'Years since the plan'
    """
    text = {**LABELS, **(labels or {})}
    use_cjk_font()
    frame = tidy.dropna(subset=["estimate"])
    fig = Figure(figsize=(7, 4.2))
    FigureCanvasAgg(fig)  # laid out and saved on one renderer, which caches text sizes
    ax = fig.add_subplot()
    series = [(None, frame)]
    if "group" in frame.columns and x == "event_time" and frame["group"].notna().any():
        series = list(frame.groupby("group"))
    width = 0.6 / max(1, len(series))
    for k, (name, part) in enumerate(series):
        offset = (k - (len(series) - 1) / 2) * width if len(series) > 1 else 0.0
        position = part[x].to_numpy(float) + offset
        label = text["cohort"].format(value=name) if name is not None else None
        has_uniform = (
            "conf_low_uniform" in part.columns
            and np.isfinite(part["conf_low_uniform"].to_numpy(float)).any()
        )
        if has_uniform:
            ax.vlines(
                position,
                part["conf_low_uniform"],
                part["conf_high_uniform"],
                color="0.6",
                linewidth=4,
                alpha=0.6,
                label=text["uniform"].format(level=f"{level:g}") if k == 0 else None,
            )
        lines = ax.errorbar(
            position,
            part["estimate"],
            yerr=[part["estimate"] - part["conf_low"], part["conf_high"] - part["estimate"]],
            fmt="o",
            capsize=3,
            label=label,
        )
        if name is None:
            lines.set_label(text["pointwise"].format(level=f"{level:g}"))
    ax.axhline(0.0, color="black", linewidth=0.8)
    if x == "event_time":
        ax.axvline(-0.5, color="0.4", linestyle="--", linewidth=0.8)
    for position, name in boundaries:
        ax.axvline(position - 0.5, color="tab:red", linestyle=":", linewidth=1.0)
        ax.text(
            position - 0.45, 1.0, name, transform=ax.get_xaxis_transform(), va="top",
            ha="left", fontsize=8, color="tab:red",
        )  # fmt: skip
    ax.set_xlabel(text[x])
    ax.set_ylabel(text["estimate"])
    ax.legend(frameon=False)
    if title:
        set_fitted_title(ax, title)  # lays the figure out
    else:
        fig.tight_layout()
    return fig


event_study_plot = renamed_function(plot_event_study, "event_study_plot")
