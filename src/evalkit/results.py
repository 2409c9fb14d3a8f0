"""What every estimator's result shares: the tidy column schema and t/normal inference."""

from __future__ import annotations

import html

import numpy as np
import pandas as pd
from scipy import stats

TIDY_COLUMNS = ["term", "estimate", "std_error", "statistic", "p_value", "conf_low", "conf_high"]


def inference_columns(
    estimate: np.ndarray | float,
    std_error: np.ndarray | float,
    *,
    df: float | None = None,
    alpha: float = 0.05,
) -> dict[str, np.ndarray]:
    """Return statistic, two-sided p-value and confidence bounds.

    Parameters
    ----------
    estimate, std_error : array_like
        Point estimates and their standard errors.
    df : float, optional
        Degrees of freedom of a t reference distribution (e.g. clusters - 1); normal if None.
    alpha : float
        One minus the confidence level.

    Examples
    --------
    >>> out = inference_columns(1.0, 0.5)
    >>> round(float(out["conf_low"][0]), 4)
    0.02

    """
    estimate = np.atleast_1d(np.asarray(estimate, dtype=float))
    std_error = np.atleast_1d(np.asarray(std_error, dtype=float))
    reference = stats.norm if df is None else stats.t(df)
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = estimate / std_error
    critical = reference.ppf(1 - alpha / 2)
    return {
        "statistic": statistic,
        "p_value": 2 * reference.sf(np.abs(statistic)),
        "conf_low": estimate - critical * std_error,
        "conf_high": estimate + critical * std_error,
    }


def tidy_frame(
    terms: list[str], estimate, std_error, *, df=None, alpha=0.05, **extra
) -> pd.DataFrame:
    """Build a tidy frame in the shared schema, with optional extra columns first.

    Parameters
    ----------
    terms : list of str
        Term names.
    estimate, std_error : array_like
        Estimates and standard errors, one per term.
    df, alpha
        As in :func:`inference_columns`.
    **extra
        Columns such as ``group``, ``time`` or ``event_time``, placed after ``term``.

    """
    frame = pd.DataFrame({"term": terms, **extra})
    frame["estimate"] = np.asarray(estimate, dtype=float)
    frame["std_error"] = np.asarray(std_error, dtype=float)
    for name, values in inference_columns(estimate, std_error, df=df, alpha=alpha).items():
        frame[name] = values
    extras = list(extra)
    return frame[["term", *extras, *TIDY_COLUMNS[1:]]]


class HtmlDisplay:
    """The notebook display every result shares: its summary, HTML-escaped, then a table.

    A result defines ``summary()`` and ``tidy()``; it may override ``_display_text`` (the text
    shown, default the whole summary) and ``_display_table`` (default ``tidy()``). The text is
    escaped, so a column or unit name such as ``<b>`` shows as typed; cells are escaped by
    :meth:`pandas.DataFrame.to_html`.

    Examples
    --------
    >>> class Demo(HtmlDisplay):
    ...     def summary(self):
    ...         return "effect on <lemp> & co"
    ...     def tidy(self):
    ...         return pd.DataFrame({"term": ["<b>"], "estimate": [0.5]})
    >>> shown = Demo()._repr_html_()
    >>> shown.split("<table")[0]
    '<div class="evalkit-result"><p>effect on &lt;lemp&gt; &amp; co</p>'
    >>> "<td>&lt;b&gt;</td>" in shown, "<b>" in shown
    (True, False)
    """

    float_format: str | None = "%.4f"
    table_index = False

    def _display_text(self) -> str:
        return self.summary()  # type: ignore[attr-defined]

    def _display_table(self) -> pd.DataFrame | None:
        return self.tidy()  # type: ignore[attr-defined]

    def _repr_html_(self) -> str:
        text = html.escape(self._display_text()).replace("\n", "<br>")
        table = self._display_table()
        formatter = None if self.float_format is None else self.float_format.__mod__
        body = (
            "" if table is None else table.to_html(index=self.table_index, float_format=formatter)
        )
        return f'<div class="evalkit-result"><p>{text}</p>{body}</div>'


class OneTermResult(HtmlDisplay):
    """Shared display of a frozen result with one term whose attributes name the tidy columns.

    Subclasses (dataclasses with ``term, estimate, ..., conf_high`` fields) define
    ``summary()``; ``tidy()`` and the notebook display come from here.
    """

    def tidy(self) -> pd.DataFrame:
        """Return the term in the shared tidy schema."""
        return pd.DataFrame([{name: getattr(self, name) for name in TIDY_COLUMNS}])
