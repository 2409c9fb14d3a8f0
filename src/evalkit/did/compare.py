"""Side-by-side DiD estimators for one outcome: an ``etable``-style table and one figure.

:func:`etable` fits, on the same panel and clusters,

* TWFE: static :func:`~evalkit.did.twfe` for the overall row and the dynamic
  :func:`~evalkit.did.event_study` (reference period -1) for the event-time rows;
* CS: :func:`~evalkit.did.att_gt` (never-treated comparison group if there is one, else not
  yet treated; universal base period so that ``e = -1`` is the reference as for the others),
  aggregated by :func:`~evalkit.did.aggte` ("simple" overall, "dynamic" by event time, uniform
  bands by the multiplier bootstrap);
* Sun-Abraham: :func:`~evalkit.did.sun_abraham`;
* imputation: :func:`~evalkit.did.imputation` (its pre-treatment rows are BJS's pre-trend
  leads).

The overall rows are not the same estimand for TWFE (a variance-weighted average, see
:func:`~evalkit.did.bacon_decomposition`) as for the other three (the average effect on the
treated observations, cohort-size weighted).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from evalkit.deprecation import renamed_keywords, replaced_by_labels
from evalkit.did.aggte import aggte
from evalkit.did.attgt import att_gt
from evalkit.did.event_study import event_study
from evalkit.did.imputation import imputation
from evalkit.did.sun_abraham import sun_abraham
from evalkit.did.twfe import twfe
from evalkit.plots.fonts import use_cjk_font
from evalkit.results import TIDY_COLUMNS, HtmlDisplay

ESTIMATORS = ("TWFE", "CS", "Sun-Abraham", "imputation")
PRETREND_TEST = "pretrend_test"
COLUMNS = ["estimator", "term", "event_time", *TIDY_COLUMNS[1:], "conf_low_uniform",
           "conf_high_uniform"]  # fmt: skip
#: The texts :func:`comparison_plot` draws unless ``labels`` says otherwise: the axes
#: (``event_time``, ``estimate``), the default title (``uniform``) and each estimator's legend
#: (keyed by its name in :data:`ESTIMATORS`). A report passes its own (evalkit.i18n).
LABELS: Mapping[str, str] = MappingProxyType(
    {
        "event_time": "Periods relative to treatment",
        "estimate": "Estimated effect",
        "uniform": "thin lines: uniform 95% bands",
        **{name: name for name in ESTIMATORS},
    }
)


@dataclass(frozen=True, eq=False)
class EstimatorComparison(HtmlDisplay):
    """Estimates of several DiD estimators for one outcome, in one tidy frame.

    Attributes
    ----------
    table : pandas.DataFrame
        Columns ``estimator, term, event_time`` and the shared tidy schema plus uniform bands;
        ``term`` is ``overall`` (``event_time`` missing) or ``event_time``.
    pretrend_p_values : Mapping
        p-value of each estimator's joint pre-trend test (NaN where none).
    settings : Mapping
        The arguments of the call.
    """

    table: pd.DataFrame
    pretrend_p_values: Mapping
    settings: Mapping

    def tidy(self) -> pd.DataFrame:
        """Return the long tidy frame: estimates by event time, overall, pre-trend tests.

        Returns
        -------
        pandas.DataFrame
            :data:`COLUMNS`, one row per estimator and ``term``: ``event_time`` (with its
            integer ``event_time``), ``overall`` and ``pretrend_test`` (the joint pre-trend
            test: only ``p_value``). ``event_time`` is a nullable integer, missing outside the
            event-time rows.

        Examples
        --------
        >>> from evalkit.simulate import simulate_staggered_panel
        >>> sim = simulate_staggered_panel(n_units=300, n_periods=5, random_state=0)
        >>> tidy = etable(sim.data, "y", "year", "unit", "first_treated").tidy()
        >>> tidy.query("estimator == 'CS'")["term"].unique().tolist()
        ['event_time', 'overall', 'pretrend_test']
        >>> tidy.query("estimator == 'CS' and term == 'event_time'")["event_time"].tolist()
        [-4, -3, -2, 0, 1, 2, 3]
        """
        names = list(self.pretrend_p_values)
        pretrend = pd.DataFrame(
            {
                **{column: np.full(len(names), np.nan) for column in COLUMNS},
                "estimator": names,
                "term": PRETREND_TEST,
                "p_value": [float(p) for p in self.pretrend_p_values.values()],
            }
        )[COLUMNS]
        tidy = pd.concat([self.table[COLUMNS], pretrend], ignore_index=True)
        tidy["event_time"] = tidy["event_time"].astype("Int64")
        return tidy

    def wide(self, digits: int = 4) -> pd.DataFrame:
        """Return the ``etable`` layout: one row per term, one ``estimate (SE)`` column each.

        The rows are named for display (``event_time=-2``, ``overall``, ``pre-trend test``);
        :func:`etable_cells` has the same cells with the term and event time in columns.

        Examples
        --------
        >>> from evalkit.simulate import simulate_staggered_panel
        >>> sim = simulate_staggered_panel(n_units=300, n_periods=5, random_state=0)
        >>> etable(sim.data, "y", "year", "unit", "first_treated").wide().columns.tolist()
        ['TWFE', 'CS', 'Sun-Abraham', 'imputation']
        """
        cells = etable_cells(self.tidy(), digits)
        names = {"event_time": None, "overall": "overall", PRETREND_TEST: "pre-trend test"}
        index = [
            f"event_time={event}" if names[term] is None else names[term]
            for term, event in zip(cells["term"], cells["event_time"], strict=True)
        ]
        return cells.drop(columns=["term", "event_time"]).set_axis(index)

    def summary(self) -> str:
        """Return the ``etable`` layout as text."""
        return (
            f"DiD estimators compared for {self.settings.get('yname')} "
            "(estimate (SE); overall TWFE is the static coefficient)\n" + self.wide().to_string()
        )

    def _display_text(self) -> str:
        return self.summary().splitlines()[0]

    def _display_table(self) -> pd.DataFrame:
        return self.wide()

    table_index = True

    def headline(self) -> dict:
        """Return each estimator's overall estimate and SE and the pre-trend p-values (JSON).

        Examples
        --------
        >>> comparison.headline()["CS"]  # doctest: +SKIP
        {'estimate': -0.0101, 'std_error': 0.0731}
        """
        overall = self.table[self.table["term"] == "overall"].set_index("estimator")
        numbers = {
            name: {"estimate": float(row.estimate), "std_error": float(row.std_error)}
            for name, row in overall.iterrows()
        }
        numbers["pretrend_p"] = {
            name: (None if np.isnan(value) else float(value))
            for name, value in self.pretrend_p_values.items()
        }
        return numbers

    @replaced_by_labels("estimator_comparison")
    def plot(self, *, labels: Mapping[str, str] | None = None, title: str | None = None) -> Figure:
        """Plot the event studies side by side (see :func:`comparison_plot` for ``labels``)."""
        return comparison_plot(self.table, labels=labels, title=title)


@replaced_by_labels("estimator_comparison")
def comparison_plot(
    tidy: pd.DataFrame, *, labels: Mapping[str, str] | None = None, title: str | None = None
) -> Figure:
    """Plot event-study estimates of several estimators, offset side by side.

    Parameters
    ----------
    tidy : pandas.DataFrame
        ``estimator, event_time, estimate, conf_low, conf_high`` and optionally
        ``conf_low_uniform, conf_high_uniform``; rows without ``event_time`` are skipped.
    labels : mapping of str to str, optional
        Texts drawn, by key: ``event_time`` and ``estimate`` (axes), ``uniform`` (the title
        when ``title`` is not given) and one key per estimator name (its legend entry); keys
        left out keep their English text (:data:`LABELS`).
    title : str, optional
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> frame = pd.DataFrame({"estimator": ["TWFE", "CS"], "event_time": [0.0, 0.0],
    ...     "estimate": [1.0, 1.1], "conf_low": [0.5, 0.6], "conf_high": [1.5, 1.6]})
    >>> len(comparison_plot(frame).axes)
    1
    """
    text = {**LABELS, **(labels or {})}
    use_cjk_font()
    frame = tidy.dropna(subset=["event_time", "estimate"])
    names = [name for name in dict.fromkeys(frame["estimator"])]
    fig = Figure(figsize=(8, 4.5))
    ax = fig.add_subplot()
    width = 0.7 / max(1, len(names))
    for k, name in enumerate(names):
        part = frame[frame["estimator"] == name]
        position = part["event_time"].to_numpy(float) + (k - (len(names) - 1) / 2) * width
        lines = ax.errorbar(
            position,
            part["estimate"],
            yerr=[part["estimate"] - part["conf_low"], part["conf_high"] - part["estimate"]],
            fmt="o",
            capsize=2,
            markersize=4,
            label=text.get(name, name),
        )
        if "conf_low_uniform" in part and np.isfinite(part["conf_low_uniform"]).any():
            ax.vlines(
                position,
                part["conf_low_uniform"],
                part["conf_high_uniform"],
                color=lines[0].get_color(),
                linewidth=0.8,
                alpha=0.6,
            )
    ax.axhline(0.0, color="black", linewidth=0.8)
    ax.axvline(-0.5, color="0.4", linestyle="--", linewidth=0.8)
    ax.set_xlabel(text["event_time"])
    ax.set_ylabel(text["estimate"])
    ax.set_title(title or text["uniform"], fontsize=10 if not title else None)
    ax.legend(frameon=False)
    fig.tight_layout()
    return fig


def etable_cells(tidy: pd.DataFrame, digits: int = 4) -> pd.DataFrame:
    """Return the ``etable`` layout of a comparison's tidy frame, its rows keyed by columns.

    Parameters
    ----------
    tidy : pandas.DataFrame
        :meth:`EstimatorComparison.tidy`: ``estimator, term, event_time, estimate,
        std_error, p_value``.
    digits : int
        Decimals of the "estimate (SE)" cells.

    Returns
    -------
    pandas.DataFrame
        ``term`` (``event_time``, ``overall``, ``pretrend_test``), ``event_time`` (nullable
        integer) and one column per estimator: "estimate (SE)", or "p = ..." in the pre-trend
        row; empty where an estimator has no such row. The event times come first, in order.

    Examples
    --------
    >>> tidy = pd.DataFrame({"estimator": ["TWFE", "TWFE", "TWFE"],
    ...     "term": ["overall", "event_time", "pretrend_test"],
    ...     "event_time": pd.array([None, -2, None], dtype="Int64"),
    ...     "estimate": [0.3, 0.1, np.nan], "std_error": [0.1, 0.2, np.nan],
    ...     "p_value": [0.01, 0.6, 0.5]})
    >>> for row in etable_cells(tidy).values.tolist():
    ...     print(row)
    ['event_time', -2, '0.1000 (0.2000)']
    ['overall', <NA>, '0.3000 (0.1000)']
    ['pretrend_test', <NA>, 'p = 0.500']
    """
    pretrend = tidy["term"] == PRETREND_TEST
    estimates = [
        f"{estimate:.{digits}f} ({se:.{digits}f})"
        for estimate, se in zip(tidy["estimate"], tidy["std_error"], strict=True)
    ]
    tests = ["" if np.isnan(p) else f"p = {p:.3f}" for p in tidy["p_value"]]
    frame = tidy.assign(
        cell=np.where(pretrend, tests, estimates),
        # event times in order, then the overall row, then the pre-trend test
        order=np.where(pretrend, 2, np.where(tidy["term"] == "overall", 1, 0)),
        period=tidy["event_time"].astype("Float64").fillna(0.0).astype(float),
    )
    keys = frame[["order", "period", "term", "event_time"]].drop_duplicates(["order", "period"])
    keys = keys.sort_values(["order", "period"])
    cells = frame.pivot(index=["order", "period"], columns="estimator", values="cell")
    names = list(dict.fromkeys(tidy["estimator"]))
    names = [name for name in ESTIMATORS if name in names] + [
        name for name in names if name not in ESTIMATORS
    ]
    cells = cells.reindex(pd.MultiIndex.from_frame(keys[["order", "period"]]))[names].fillna("")
    layout = pd.concat(
        [keys[["term", "event_time"]].reset_index(drop=True), cells.reset_index(drop=True)],
        axis=1,
    )
    layout.columns.name = None
    return layout


def _rows(name: str, tidy: pd.DataFrame, overall: pd.DataFrame) -> pd.DataFrame:
    tidy = tidy.copy()
    tidy["term"] = "event_time"  # the event time itself is in its own column
    for column in ("conf_low_uniform", "conf_high_uniform"):
        if column not in tidy:
            tidy[column] = np.nan
    overall = overall.assign(event_time=np.nan, conf_low_uniform=np.nan, conf_high_uniform=np.nan)
    frame = pd.concat([tidy, overall], ignore_index=True).assign(estimator=name)
    return frame[COLUMNS]


def _p_value(test) -> float:
    return float("nan") if test is None else float(test.p_value)


@renamed_keywords(clustervar="clustervars")
def etable(
    data: pd.DataFrame,
    yname: str,
    tname: str,
    idname: str,
    gname: str,
    *,
    clustervars: str | None = None,
    min_e: int | None = None,
    max_e: int | None = None,
    pretrends: int = 3,
    biters: int = 999,
    random_state: int = 0,
) -> EstimatorComparison:
    """Fit TWFE, Callaway-Sant'Anna, Sun-Abraham and imputation on one outcome, side by side.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel, one row per unit and period.
    yname, tname, idname, gname : str
        Outcome, period, unit and first-treated-period (0 = never) columns.
    clustervars : str, optional
        Time-invariant cluster column (e.g. province); defaults to ``idname``.
    min_e, max_e : int, optional
        Event-time window shown; the TWFE event study bins the endpoints there.
    pretrends : int
        Pre-treatment leads of the imputation pre-trend regression (capped by the data).
    biters : int
        Multiplier-bootstrap draws for CS's uniform bands.
    random_state : int
        Seed of the CS bootstrap.

    Returns
    -------
    EstimatorComparison
        ``tidy()``/``wide()`` tables and ``plot()`` (a Figure of the four event studies).

    Examples
    --------
    >>> from evalkit.simulate import simulate_staggered_panel
    >>> sim = simulate_staggered_panel(n_units=300, n_periods=5, random_state=0)
    >>> out = etable(sim.data, "y", "year", "unit", "first_treated")
    >>> sorted(out.tidy()["estimator"].unique())
    ['CS', 'Sun-Abraham', 'TWFE', 'imputation']
    """
    cluster = None if clustervars in (None, idname) else clustervars
    has_never = bool((data[gname] == 0).any()) if gname in data.columns else True
    static = twfe(data, yname, tname, idname, gname, clustervars=clustervars)
    dynamic = event_study(
        data, yname, tname, idname, gname, min_e=min_e, max_e=max_e, clustervars=clustervars
    )
    group_time = att_gt(
        data,
        yname,
        tname,
        idname,
        gname,
        control_group="nevertreated" if has_never else "notyettreated",
        base_period="universal",
        clustervars=cluster,
        allow_unbalanced_panel=True,
    )
    cs_dynamic = aggte(
        group_time,
        "dynamic",
        bstrap=True,
        cband=True,
        biters=biters,
        random_state=random_state,
        na_rm=True,
    )
    cs_simple = aggte(group_time, "simple", na_rm=True)
    sa = sun_abraham(
        data,
        yname,
        tname,
        idname,
        gname,
        control_group="nevertreated" if has_never else "lasttreated",
        clustervars=clustervars,
    )
    periods = np.sort(data[tname].unique())
    cohorts = data.loc[data[gname] > 0, gname].unique()
    longest_pre = int(max(np.searchsorted(periods, cohorts))) if cohorts.size else 0
    leads = int(max(0, min(pretrends, longest_pre - 1)))
    bjs = imputation(data, yname, tname, idname, gname, pretrends=leads, clustervars=clustervars)

    cs_tidy = cs_dynamic.tidy()
    cs_tidy = cs_tidy[(cs_tidy["term"] != "overall") & (cs_tidy["event_time"] != -1)]
    frames = [
        _rows("TWFE", dynamic.tidy(), static.tidy().assign(term="overall")),
        _rows("CS", cs_tidy, cs_simple.tidy()[TIDY_COLUMNS]),
        _rows("Sun-Abraham", sa.tidy(), sa.overall_tidy()),
        _rows("imputation", bjs.tidy(), bjs.overall_tidy()),
    ]
    table = pd.concat(frames, ignore_index=True)
    low = -np.inf if min_e is None else min_e
    high = np.inf if max_e is None else max_e
    event = table["event_time"]
    table = table[event.isna() | event.between(low, high)].reset_index(drop=True)
    pretrend = {
        "TWFE": _p_value(dynamic.pretrend_test()),
        "CS": _p_value(cs_dynamic.pretrend_test()),
        "Sun-Abraham": _p_value(sa.pretrend_test()),
        "imputation": _p_value(bjs.settings["bjs_pretrend_test"]),
    }
    return EstimatorComparison(
        table=table,
        pretrend_p_values=MappingProxyType(pretrend),
        settings=MappingProxyType(
            {
                "yname": yname,
                "tname": tname,
                "idname": idname,
                "gname": gname,
                "clustervar": clustervars or idname,
                "min_e": min_e,
                "max_e": max_e,
                "pretrends": leads,
                "biters": biters,
                "random_state": random_state,
            }
        ),
    )
