"""The outcome catalogue: what each plan target is measured by, and which way it should move.

Two hand-made files beside the registry (``data/raw/plans/``, see its README):

* ``outcome_measures.csv``: one row per *estimable outcome*, a panel indicator the reports
  may estimate on: its transformation (``log``, ``share``, ``ratio``, ``level``,
  ``growth``), the **expected sign if the plan works** (+1, -1, or 0 = ambiguous, with the
  reason), bilingual labels, caveat, and whether it is a default outcome;
* ``outcomes.csv``: one row per target indicator of ``targets.csv`` and ``reported.csv``
  (their ``indicator`` keys): the estimable outcomes that proxy it (``;``-separated; blank
  when none), the expected sign of the proxy if the target is met, caveat, and the
  administrative data a direct measure needs.

Years covered are computed from the panel, never typed: the first and last year in which
at least :data:`COVERAGE_SHARE` of the East China cities have a value, inside the series'
consistent window (night lights from 2013). A user's own indicator whose id is a target key
(``new_smf``, ``individual_to_enterprise``) becomes that target's measure.

An estimate is read against the expected sign with :func:`direction`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import pandas as pd

from evalkit.panel import Panel
from evalkit.panel.breaks import consistent_window
from evalkit.panel.columns import TRANSFORMATIONS, column_name, default_transformation
from evalkit.panel.columns import outcome_columns as _outcome_columns
from evalkit.plans.errors import PlanRegistryError
from evalkit.plans.registry import DEFAULT_PATH
from evalkit.plans.schema import read_table
from evalkit.regions import EAST_CHINA, ZHEJIANG

MEASURE_COLUMNS = ("outcome", "indicator", "transformation", "expected_sign", "sign_reason",
                   "label_zh", "label_en", "caveat", "default")  # fmt: skip
CATALOGUE_COLUMNS = ("indicator", "indicator_zh", "listed_in", "proxies", "expected_sign",
                     "sign_reason", "caveat", "needs")  # fmt: skip
COVERAGE_SHARE = 0.8
NEEDS_ADMIN = "needs administrative data"
Direction = Literal["intended", "against", "undetermined"]


class OutcomeCatalogueError(PlanRegistryError):
    """A file of the outcome catalogue breaks its contract."""


def _fail(file: str, line: int, what: str, rule: str, fix: str) -> OutcomeCatalogueError:
    return OutcomeCatalogueError(f"{file}: row {line}: {what}; rule: {rule}; fix: {fix}")


def _sign(text: str, file: str, line: int, *, blank: bool = False) -> int | None:
    if blank and text == "":
        return None
    if text not in {"1", "-1", "0", "+1"}:
        raise _fail(file, line, f"expected_sign {text!r}", "+1, -1 or 0 (0 = ambiguous, "
                    "with the reason in sign_reason)", "write the sign the outcome takes if "
                    "the plan works")  # fmt: skip
    return int(text)


def read_measures(folder: Path = DEFAULT_PATH) -> pd.DataFrame:
    """Read and validate ``outcome_measures.csv`` (one row per estimable outcome).

    Raises
    ------
    OutcomeCatalogueError
        If a row breaks a rule; the message names the file, the row, the rule and the fix.

    Examples
    --------
    >>> read_measures().set_index("outcome").loc["loans", "transformation"]
    'log'
    """
    file = "outcome_measures.csv"
    frame = read_table(folder / file, MEASURE_COLUMNS)
    frame.index = range(2, len(frame) + 2)
    repeated = frame["outcome"].duplicated()
    if repeated.any():
        line = int(repeated.idxmax())
        raise _fail(file, line, f"outcome {frame.loc[line, 'outcome']!r} repeats",
                    "one row per outcome", "merge the rows")  # fmt: skip
    for line, row in frame.iterrows():
        if row["transformation"] not in TRANSFORMATIONS:
            raise _fail(
                file,
                line,
                f"transformation {row['transformation']!r}",
                f"one of {list(TRANSFORMATIONS)}",
                "correct the transformation",
            )
        if row["default"] not in {"0", "1"}:
            raise _fail(
                file,
                line,
                f"default {row['default']!r}",
                "0 or 1",
                "write 1 for a default outcome of the reports, else 0",
            )
        if row["sign_reason"] == "" or row["label_zh"] == "" or row["label_en"] == "":
            raise _fail(
                file,
                line,
                "sign_reason or a label is blank",
                "every outcome says why it should move and has zh and en labels",
                "fill them in",
            )
    frame["expected_sign"] = [
        _sign(text, file, line) for line, text in frame["expected_sign"].items()
    ]
    frame["default"] = frame["default"] == "1"
    frame["column"] = [
        column_name(i, t) for i, t in zip(frame["indicator"], frame["transformation"], strict=True)
    ]
    return frame.reset_index(drop=True)


def _target_keys(folder: Path) -> dict[str, tuple[str, str]]:
    keys: dict[str, list] = {}
    for file in ("targets.csv", "reported.csv"):
        table = pd.read_csv(folder / file, dtype=str, keep_default_na=False)
        for indicator, wording in table[["indicator", "indicator_zh"]].itertuples(index=False):
            entry = keys.setdefault(indicator, [wording, []])
            if file.removesuffix(".csv") not in entry[1]:
                entry[1].append(file.removesuffix(".csv"))
    return {key: (wording, "+".join(files)) for key, (wording, files) in keys.items()}


def read_catalogue(folder: Path = DEFAULT_PATH) -> pd.DataFrame:
    """Read and validate ``outcomes.csv`` against the targets, reports and measures.

    Rules: one row per ``indicator`` key of ``targets.csv`` and ``reported.csv``, and none
    other; every proxy is an outcome of ``outcome_measures.csv``; a row with proxies has an
    expected sign and its reason; a row without names the administrative data it needs.

    Raises
    ------
    OutcomeCatalogueError
        If a rule is broken; the message names the file, the row, the rule and the fix.

    Examples
    --------
    >>> read_catalogue().set_index("indicator").loc["new_smf_loans", "proxies"]
    'loans;loans_to_gdp'
    """
    file = "outcomes.csv"
    frame = read_table(folder / file, CATALOGUE_COLUMNS)
    frame.index = range(2, len(frame) + 2)
    measures = set(read_measures(folder)["outcome"])
    keys = _target_keys(folder)
    repeated = frame["indicator"].duplicated()
    if repeated.any():
        line = int(repeated.idxmax())
        raise _fail(file, line, f"indicator {frame.loc[line, 'indicator']!r} repeats",
                    "one row per target indicator", "merge the rows")  # fmt: skip
    missing = sorted(set(keys) - set(frame["indicator"]))
    if missing:
        raise OutcomeCatalogueError(
            f"{file}: no row for target indicator(s) {missing}; rule: every indicator key of "
            "targets.csv and reported.csv has a row; fix: add a row with its proxies or what "
            "administrative data it needs"
        )
    for line, row in frame.iterrows():
        if row["indicator"] not in keys:
            raise _fail(file, line, f"indicator {row['indicator']!r} is in neither targets.csv "
                        "nor reported.csv", "one row per target indicator key",
                        "delete the row or correct the key")  # fmt: skip
        proxies = [p for p in row["proxies"].split(";") if p]
        unknown = [p for p in proxies if p not in measures]
        if unknown:
            raise _fail(
                file,
                line,
                f"proxy {unknown[0]!r} is not an outcome of outcome_measures.csv",
                "proxies are estimable outcomes",
                "add the outcome to outcome_measures.csv or correct the id",
            )
        if proxies and row["sign_reason"] == "":
            raise _fail(file, line, "sign_reason is blank", "a proxied target says why the "
                        "proxy moves that way", "write the reason")  # fmt: skip
        if not proxies and row["needs"] == "":
            raise _fail(file, line, "no proxy and no needs", "a target without a proxy names "
                        "the administrative data it needs", "fill in needs")  # fmt: skip
        _sign(row["expected_sign"], file, line, blank=not proxies)
    frame["expected_sign"] = pd.array(
        [_sign(text, file, line, blank=True) for line, text in frame["expected_sign"].items()],
        dtype="Int64",
    )
    return frame.reset_index(drop=True)


@cache
def cached_measures() -> pd.DataFrame:
    """Return :func:`read_measures` of the registry, read once per process (do not modify it).

    Examples
    --------
    >>> cached_measures() is cached_measures()
    True
    """
    return read_measures()


def covered_years(panel: Panel, indicator: str) -> tuple[int, int] | None:
    """Return the first and last year in which >= 80% of East China cities have a value.

    Only years inside the indicator's consistent window count (night lights from 2013).

    Examples
    --------
    >>> covered_years(load(), "loans")  # doctest: +SKIP
    (2003, 2023)
    """
    frame = panel.frame
    east = frame[frame["province_code"].isin(EAST_CHINA)]
    cities = east["unit_code"].nunique()
    rows = east[(east["indicator"] == indicator) & east["value"].notna()]
    first = consistent_window(indicator)
    if first is not None:
        rows = rows[rows["year"] >= first]
    counts = rows.groupby("year")["unit_code"].nunique()
    years = counts.index[counts >= COVERAGE_SHARE * cities]
    return (int(years.min()), int(years.max())) if len(years) else None


def outcome_measures(panel: Panel | None = None) -> pd.DataFrame:
    """Return the estimable outcomes, with the targets each stands for and its years.

    Parameters
    ----------
    panel : Panel, optional
        If given, ``first_year`` and ``last_year`` are computed from it
        (:func:`covered_years`), and the user's own indicators whose id is a target key are
        added as outcomes (transformation by unit, expected sign +1: more of what the plan
        counts).

    Returns
    -------
    pandas.DataFrame
        ``outcome, indicator, column, transformation, expected_sign, sign_reason, label_zh,
        label_en, caveat, default, targets, user`` (and ``first_year, last_year,
        window_from`` with a panel; a user series' years are those it has values for).

    Examples
    --------
    >>> outcome_measures().set_index("outcome").loc["individual_worker_share", "targets"]
    'individual_share_change;individual_to_enterprise;individual_to_enterprise_growth'
    """
    measures = cached_measures().copy()
    catalogue = read_catalogue()
    proxies = catalogue.set_index("indicator")["proxies"].str.split(";")
    stands = {
        outcome: ";".join(sorted(t for t, listed in proxies.items() if outcome in listed))
        for outcome in measures["outcome"]
    }
    measures["targets"] = measures["outcome"].map(stands)
    if panel is None:
        measures["user"] = False
        return measures
    user = _user_measures(panel, catalogue, set(measures["outcome"]))
    measures = pd.concat([measures, user], ignore_index=True)
    measures["user"] = measures["outcome"].isin(user["outcome"])
    present = panel.frame.groupby("indicator")["year"].agg(["min", "max"])
    years = [
        (int(present.loc[i, "min"]), int(present.loc[i, "max"])) if mine
        else covered_years(panel, i)
        for i, mine in zip(measures["indicator"], measures["user"], strict=True)
    ]  # fmt: skip
    measures["first_year"] = [y[0] if y else pd.NA for y in years]
    measures["last_year"] = [y[1] if y else pd.NA for y in years]
    measures["window_from"] = [consistent_window(i) for i in measures["indicator"]]
    return measures


def _user_measures(panel: Panel, catalogue: pd.DataFrame, known: set[str]) -> pd.DataFrame:
    sources = panel.frame.drop_duplicates("indicator").set_index("indicator")["source"]
    user = [i for i, s in sources.items() if s.startswith("user/") and i not in known]
    wording = catalogue.set_index("indicator")["indicator_zh"]
    rows = []
    for indicator in user:
        transformation = default_transformation(indicator)
        rows.append({
            "outcome": indicator, "indicator": indicator, "transformation": transformation,
            "expected_sign": 1, "sign_reason": "the user's administrative count of what the "
            "plan targets: more is what the plan intended",
            "label_zh": wording.get(indicator, indicator), "label_en": indicator,
            "caveat": "administrative data supplied by the user (data/user/)",
            "default": False, "column": column_name(indicator, transformation),
            "targets": indicator if indicator in wording.index else "",
        })  # fmt: skip
    return pd.DataFrame(rows, columns=[*MEASURE_COLUMNS, "column", "targets"])


def outcome_catalogue(panel: Panel | None = None) -> pd.DataFrame:
    """Return one row per target indicator: proxy, transformation, sign, years, caveat.

    Parameters
    ----------
    panel : Panel, optional
        If given, ``years`` is computed from it (the proxies' covered years) and a target
        that the user's own data measures (same id) gets that series as its proxy.

    Returns
    -------
    pandas.DataFrame
        ``indicator, indicator_zh, listed_in, proxies, transformation, expected_sign,
        sign_reason, years, caveat, needs, status`` where ``status`` is ``proxy``,
        ``user data`` or ``needs administrative data``.

    Examples
    --------
    >>> catalogue = outcome_catalogue()
    >>> catalogue.set_index("indicator").loc["new_smf", "status"]
    'needs administrative data'
    """
    catalogue = read_catalogue()
    measures = outcome_measures(panel).set_index("outcome")
    user = set(measures.index[measures["user"]])
    out = catalogue.copy()
    out["status"] = [
        "proxy" if proxies else NEEDS_ADMIN for proxies in out["proxies"]
    ]  # fmt: skip
    mine = out["indicator"].isin(user)
    out.loc[mine, "proxies"] = out.loc[mine, "indicator"]
    for column in ("expected_sign", "sign_reason", "caveat"):
        if mine.any():
            out.loc[mine, column] = out.loc[mine, "indicator"].map(measures[column]).to_numpy()
    out.loc[mine, "status"] = "user data"
    out["transformation"] = [
        "; ".join(f"{p}: {measures.loc[p, 'transformation']}" for p in proxies.split(";") if p)
        for proxies in out["proxies"]
    ]
    if panel is not None:
        out["years"] = [
            "; ".join(_years_text(measures.loc[p]) for p in proxies.split(";") if p)
            for proxies in out["proxies"]
        ]
    columns = ["indicator", "indicator_zh", "listed_in", "proxies", "transformation",
               "expected_sign", "sign_reason", *(["years"] if panel is not None else []),
               "caveat", "needs", "status"]  # fmt: skip
    return out[columns]


def _years_text(row: pd.Series) -> str:
    if pd.isna(row["first_year"]):
        return "no year covered"
    return f"{int(row['first_year'])}-{int(row['last_year'])}"


def expected_sign(outcome: str) -> int:
    """Return the expected sign of an estimable outcome if the plan works (+1, -1, 0).

    Raises
    ------
    OutcomeCatalogueError
        If the outcome is not in ``outcome_measures.csv``.

    Examples
    --------
    >>> expected_sign("loans"), expected_sign("individual_worker_share")
    (1, -1)
    """
    measures = cached_measures().set_index("outcome")
    if outcome not in measures.index:
        raise OutcomeCatalogueError(
            f"outcome_measures.csv: no outcome {outcome!r}; rule: an outcome read against the "
            f"plan has a row there ({sorted(measures.index)}); fix: add the row or use one of these"
        )
    return int(measures.loc[outcome, "expected_sign"])


def direction(estimate_low: float, estimate_high: float, expected: int) -> Direction:
    """Read an interval estimate against the expected sign.

    Parameters
    ----------
    estimate_low, estimate_high : float
        The confidence interval of the effect.
    expected : int
        +1 or -1 (the sign if the plan works), or 0 (ambiguous).

    Returns
    -------
    {"intended", "against", "undetermined"}
        ``intended`` when the whole interval lies on the expected side of zero, ``against``
        when it lies wholly on the other side, and ``undetermined`` when it contains zero or
        the expected sign is 0 (no direction can be in or against an ambiguous intention).

    Examples
    --------
    >>> direction(0.02, 0.10, 1), direction(0.02, 0.10, -1), direction(-0.01, 0.10, 1)
    ('intended', 'against', 'undetermined')
    """
    if expected not in (-1, 0, 1):
        raise OutcomeCatalogueError(
            f"direction: expected sign {expected!r}; rule: +1, -1 or 0; fix: pass "
            "expected_sign(outcome)"
        )
    if estimate_low > estimate_high:
        estimate_low, estimate_high = estimate_high, estimate_low
    if expected == 0 or estimate_low <= 0 <= estimate_high:
        return "undetermined"
    side = 1 if estimate_low > 0 else -1
    return "intended" if side == expected else "against"


def _defaults() -> tuple[str, ...]:
    measures = cached_measures()
    return tuple(measures.loc[measures["default"], "outcome"])


DEFAULT_OUTCOMES: tuple[str, ...] = _defaults()
"""The reports' default outcomes: the best-covered proxies that run to 2023."""


def outcome_columns(panel: Panel, outcomes: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Return the analysis columns of estimable outcomes, transformed per the catalogue.

    A thin wrapper of :func:`evalkit.panel.outcome_columns` with the catalogue's
    transformation of each outcome (any other panel indicator, e.g. a user's, gets its
    default transformation).

    Examples
    --------
    >>> outcome_columns(load(), DEFAULT_OUTCOMES).columns.tolist()  # doctest: +SKIP
    ['unit_code', 'year', 'log_loans', 'loans_to_gdp', 'log_va_secondary']
    """
    measures = cached_measures().set_index("outcome")
    indicators = [measures.loc[o, "indicator"] if o in measures.index else o for o in outcomes]
    transformations = {
        measures.loc[o, "indicator"]: measures.loc[o, "transformation"]
        for o in outcomes
        if o in measures.index
    }
    return _outcome_columns(panel, indicators, transformations=transformations)


def outcome_column(outcome: str) -> str:
    """Return the analysis column of an outcome: its indicator, transformed per the catalogue.

    An outcome not in the catalogue (a panel or user indicator) gets the indicator's default
    transformation (:func:`evalkit.panel.columns.default_transformation`).

    Examples
    --------
    >>> outcome_column("loans"), outcome_column("loans_to_gdp"), outcome_column("night_lights")
    ('log_loans', 'loans_to_gdp', 'log_night_lights')
    """
    measures = cached_measures().set_index("outcome")
    if outcome in measures.index:
        row = measures.loc[outcome]
        return column_name(row["indicator"], row["transformation"])
    return column_name(outcome, default_transformation(outcome))


def render_catalogue(panel: Panel) -> str:
    """Return the catalogue as text lines: target -> proxy -> sign -> years.

    Examples
    --------
    >>> print(render_catalogue(load()))  # doctest: +SKIP
    """
    catalogue = outcome_catalogue(panel)
    lines = []
    for row in catalogue.itertuples(index=False):
        if row.status == NEEDS_ADMIN:
            lines.append(f"{row.indicator} ({row.indicator_zh}) -> {NEEDS_ADMIN}: {row.needs}")
            continue
        sign = {1: "+1", -1: "-1", 0: "0 (ambiguous)"}[int(row.expected_sign)]
        lines.append(
            f"{row.indicator} ({row.indicator_zh}) -> {row.transformation} -> sign {sign} "
            f"-> years {row.years}"
        )
    return "\n".join(lines)


def outcome_coverage(
    panel: Panel,
    outcomes: list[str] | tuple[str, ...] | None = None,
    *,
    years: tuple[int, int] = (2008, 2023),
    treated: str = ZHEJIANG,
    provinces: tuple[str, ...] = EAST_CHINA,
) -> pd.DataFrame:
    """Return how well each outcome covers the treated and comparison cities in a window.

    Counts are of analysis values (after the transformation and the consistent window), on
    the cities of ``provinces`` that exist at the end of the window (a city abolished
    before it, 巢湖 in 2011, is left out).

    Parameters
    ----------
    panel : Panel
        The panel.
    outcomes : sequence of str, optional
        Estimable outcomes; default every outcome of ``outcome_measures.csv``.
    years : (int, int)
        The window, inclusive.
    treated : str
        Province code of the treated cities (Zhejiang).
    provinces : tuple of str
        Provinces of the sample (East China).

    Returns
    -------
    pandas.DataFrame
        ``outcome, column, treated_cells, treated_possible, comparison_cells,
        comparison_possible, last_full_treated_year, first_year, last_year``.

    Examples
    --------
    >>> outcome_coverage(load()).head()  # doctest: +SKIP
    """
    measures = outcome_measures().set_index("outcome")
    outcomes = list(outcomes) if outcomes is not None else list(measures.index)
    columns = outcome_columns(panel, outcomes)
    frame = panel.frame
    alive = frame.loc[frame["year"] == years[1], "unit_code"].unique()
    units = panel.units[panel.units["province_code"].isin(provinces)]
    units = units[units["unit_code"].isin(alive)]
    mine = set(units.loc[units["province_code"] == treated, "unit_code"])
    window = columns[columns["unit_code"].isin(units["unit_code"])
                     & columns["year"].between(*years)]  # fmt: skip
    span = years[1] - years[0] + 1
    rows = []
    for outcome, column in zip(outcomes, columns.columns[2:], strict=True):
        have = window[window[column].notna()]
        ours = have[have["unit_code"].isin(mine)]
        full = ours.groupby("year")["unit_code"].nunique()
        rows.append({
            "outcome": outcome, "column": column, "treated_cells": len(ours),
            "treated_possible": len(mine) * span,
            "comparison_cells": len(have) - len(ours),
            "comparison_possible": (len(units) - len(mine)) * span,
            "last_full_treated_year": int(full[full == len(mine)].index.max())
            if (full == len(mine)).any() else pd.NA,
            "first_year": int(have["year"].min()) if len(have) else pd.NA,
            "last_year": int(have["year"].max()) if len(have) else pd.NA,
        })  # fmt: skip
    return pd.DataFrame(rows)
