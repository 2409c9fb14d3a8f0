"""A city report's headline per outcome: the recommended test, read against the plan's sign.

For one treated city the sample is the city and the never-treated comparison units. The
headline is the method :func:`evalkit.inference.recommend.recommend` picks for that design
(rule R1 when the city's province holds no comparison unit: the between-province aggregated
t-test with a one-unit treated cluster, on the balanced panel it needs). The same balanced
panel carries the city's own event study (:func:`evalkit.did.city_event_study`) and its
placebo pre-trend test: when that test rejects, the headline is *not interpretable under
parallel trends* and the report shows the HonestDiD bounds for the average post effect in
its place. Log outcomes are read in percent (``exp(b) - 1``, margin +-10%); other outcomes
in their own units with a margin of 10% of the city's pre-period mean.
"""

from __future__ import annotations

import types
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from evalkit.design import outcome_column
from evalkit.did.city_event_study import CityEventStudyResult, CityPretrendTest, city_event_study
from evalkit.errors import EstimationError
from evalkit.inference.honest.summary import HonestSummary, honest_summary
from evalkit.inference.recommend import Headline, recommended_headline
from evalkit.panel.quality import FlaggedYears, flagged_unit_years
from evalkit.plans.outcomes import cached_measures
from evalkit.report.contract import headline_record, json_number
from evalkit.report.verdict import DEFAULT_MARGIN, Verdict, classify, headline_verdict

UNIT, TIME, COHORT, CLUSTER = "unit_code", "year", "first_treated_year", "province_code"
HONEST_MULTIPLES = (0.0, 0.5, 1.0, 2.0)


@dataclass(frozen=True)
class CityHeadline:
    """One outcome's headline for one city, with its pre-trend gate and flagged-year check."""

    outcome: str
    column: str
    transformation: str
    expected_sign: int
    headline: Headline
    verdict: Verdict
    margin: float
    event_study: CityEventStudyResult | None
    pretrend: CityPretrendTest | None
    honest: HonestSummary | None
    flagged: FlaggedYears | None
    robust: Headline | None = None
    settings: dict = field(default_factory=dict)

    @property
    def interpretable(self) -> bool:
        """False when the city's placebo pre-trend test rejects parallel trends."""
        return self.pretrend is None or not self.pretrend.rejects

    @property
    def direction(self) -> str | None:
        """``intended``/``against``/``unspecified`` for a detected effect, else None."""
        return self.verdict.direction

    @property
    def percent(self) -> bool:
        """Whether the numbers are read in percent (log outcomes)."""
        return self.transformation == "log"

    def as_dict(self) -> dict:
        """Return the results.json headline: the contract entry and the city's own extras.

        The entry is :func:`~evalkit.report.contract.headline_record` (the city is the one
        treated unit of its sample); the extras are the pre-trend test's smallest attainable
        p, the HonestDiD breakdown value and the share of flagged unit-years.

        Examples
        --------
        >>> sorted(CityHeadline.__dataclass_fields__)[:3]
        ['column', 'event_study', 'expected_sign']
        """
        record = headline_record(
            self.headline, self.verdict, outcome=self.outcome,
            transformation=self.transformation, expected_sign=self.expected_sign,
            margin=self.margin, pretrend_p=self.pretrend.p_value if self.pretrend else None,
            interpretable=self.interpretable, n_treated=1,
            n_control=int(self.headline.n_units) - 1,
        )  # fmt: skip
        test, honest = self.pretrend, self.honest
        return {
            **record,
            "pretrend_smallest_p": json_number(test.min_p_value) if test else None,
            "honest_breakdown": json_number(honest.breakdown_smoothness) if honest else None,
            "flagged_share": json_number(self.flagged.share) if self.flagged else None,
        }


def _catalogue_row(outcome: str, frame: pd.DataFrame | None = None) -> dict:
    measures = cached_measures().set_index("outcome")
    if outcome in measures.index:
        row = measures.loc[outcome]
        sign = row["expected_sign"]
        return {
            "transformation": str(row["transformation"]),
            "expected_sign": 0 if pd.isna(sign) else int(sign),
            "indicator": str(row["indicator"]),
        }
    column = outcome_column(outcome)
    # a user's own indicator (panel source ``user/...``): the catalogue's rule for user series
    # (:func:`evalkit.plans.outcomes.outcome_measures`) expects more of it, sign +1
    user = False
    if frame is not None:
        sources = frame.loc[frame["indicator"] == outcome, "source"].astype(str)
        user = bool(len(sources)) and bool(sources.str.startswith("user/").all())
    return {
        "transformation": "log" if column.startswith("log_") else "level",
        "expected_sign": 1 if user else 0,
        "indicator": outcome,
    }


POINTS = ("ratio", "share")  # outcomes read in percentage points (x100), never in percent


def points_verdict(head: Headline, expected_sign: int, margin: float) -> Verdict:
    """Return the verdict of a ratio or share outcome in percentage points (x100).

    ``margin`` is in the outcome's units (a ratio); it is shown in percentage points rounded
    to 0.1, and the estimate, interval and MDE are multiplied by 100.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> head = SimpleNamespace(conf_low=-0.2, conf_high=0.4, estimate=0.1, p_value=0.5,
    ...                        alpha=0.05, mde=0.3)
    >>> v = points_verdict(head, 1, 0.117)
    >>> v.kind, v.margin, v.estimate
    ('cannot_tell', 11.7, 10.0)
    """
    return classify(
        100 * head.conf_low, 100 * head.conf_high, estimate=100 * head.estimate,
        p_value=head.p_value, margin=round(100 * margin, 1), expected_sign=expected_sign,
        percent=False, alpha=head.alpha, mde=(-100 * head.mde, 100 * head.mde),
    )  # fmt: skip


def city_frame(sample: pd.DataFrame, city_code: str, column: str) -> pd.DataFrame:
    """Return the city and the never-treated units with ``column`` observed in every year.

    The years are those in which the city itself is observed: a year the city lacks (a
    yearbook gap, a series ending a year early) is left out for every unit, so that the
    balanced panel the headline needs keeps the city it is about. Comparison units missing
    one of those years are left out.

    Raises
    ------
    EstimationError
        When the city has no observed year of ``column``.

    Examples
    --------
    >>> frame = pd.DataFrame({"unit_code": ["a", "a", "b", "b", "c"], "year": [1, 2, 1, 2, 1],
    ...     "first_treated_year": [2, 2, 0, 0, 0], "y": [1.0, 2.0, 1.0, 1.5, 3.0]})
    >>> sorted(city_frame(frame, "a", "y")["unit_code"].unique())
    ['a', 'b']
    >>> gap = frame.assign(y=[1.0, None, 1.0, 1.5, 3.0])  # the city lacks year 2
    >>> city_frame(gap, "a", "y")[["unit_code", "year"]].values.tolist()
    [['a', 1], ['b', 1], ['c', 1]]
    """
    rows = sample[(sample[UNIT] == city_code) | (sample[COHORT] == 0)].dropna(subset=[column])
    years = rows.loc[rows[UNIT] == city_code, TIME].unique()
    if len(years) == 0:
        raise EstimationError(
            f"{city_code}: no observed year of {column!r}; rule: a city headline needs the "
            "city's own series; fix: choose an outcome the city reports, or add its series"
        )
    rows = rows[rows[TIME].isin(years)]
    counts = rows.groupby(UNIT)[TIME].transform("nunique")
    return rows[counts == len(years)].reset_index(drop=True)


def _honest(study: CityEventStudyResult) -> HonestSummary | None:
    keep = study.event_time != -1
    inputs = types.SimpleNamespace(
        event_time=study.event_time[keep], estimate=study.estimate[keep], vcov=study.vcov
    )
    try:
        return honest_summary(inputs, multiples=HONEST_MULTIPLES, mbar_values=(), tol_m=1e-3)
    except Exception as error:  # a report shows that bounds are unavailable
        warnings.warn(f"HonestDiD bounds unavailable: {error}", UserWarning, stacklevel=2)
        return None


def city_headline(
    sample: pd.DataFrame,
    city_code: str,
    outcome: str,
    *,
    frame: pd.DataFrame | None = None,
    years: tuple[int, int] | None = None,
    honest: bool = True,
) -> CityHeadline:
    """Return the recommended headline of one outcome for one treated city.

    Parameters
    ----------
    sample : pandas.DataFrame
        :meth:`evalkit.design.Design.sample`.
    city_code : str
        The treated city.
    outcome : str
        Catalogue outcome id (or a user indicator).
    frame : pandas.DataFrame, optional
        Long panel rows (``panel.frame``) for the flagged unit-years check; None skips it.
    years : (int, int), optional
        The estimation window of the flagged check (default: the sample's years).
    honest : bool
        Compute the HonestDiD bounds of the city's event study (slow: a few seconds).

    Returns
    -------
    CityHeadline

    Examples
    --------
    >>> from evalkit.simulate import simulate_province_rollout
    >>> sim = simulate_province_rollout(effect=0.0, random_state=1)  # doctest: +SKIP
    """
    column = outcome_column(outcome)
    info = _catalogue_row(outcome, frame)
    data = city_frame(sample, city_code, column)
    log = info["transformation"] == "log"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        head = recommended_headline(data, column, TIME, UNIT, COHORT, CLUSTER, log_outcome=log)
        study = city_event_study(data, column, TIME, UNIT, COHORT, city=city_code)
    if log:
        margin = DEFAULT_MARGIN
    else:
        own = data[data[UNIT] == city_code]
        city = own[own[TIME] < own[COHORT].iloc[0]]
        margin = float(f"{DEFAULT_MARGIN * abs(float(city[column].mean())):.2g}")
    if info["transformation"] in POINTS:
        verdict = points_verdict(head, info["expected_sign"], margin)
    else:
        verdict = headline_verdict(head, expected_sign=info["expected_sign"], margin=margin)
    pretrend = study.pretrend_test()
    bounds = _honest(study) if honest else None
    flagged = robust = None
    if frame is not None:
        window = years or (int(data[TIME].min()), int(data[TIME].max()))
        flagged = flagged_unit_years(
            frame, info["indicator"], window, units=sorted(data[UNIT].unique())
        )
        if flagged.warn:
            robust = robust_headline(data, column, flagged, log=log)
    return CityHeadline(
        outcome=outcome, column=column, transformation=info["transformation"],
        expected_sign=info["expected_sign"], headline=head, verdict=verdict, margin=margin,
        event_study=study, pretrend=pretrend, honest=bounds, flagged=flagged, robust=robust,
        settings={"city_code": city_code},
    )  # fmt: skip


def robust_headline(
    data: pd.DataFrame, column: str, flagged: FlaggedYears, *, log: bool
) -> Headline | None:
    """Re-estimate the headline without the flagged unit-years (units left unbalanced drop).

    Returns None when too few units remain for the method.
    """
    keys = set(zip(flagged.flagged["unit_code"], flagged.flagged["year"], strict=True))
    keep = [(u, y) not in keys for u, y in zip(data[UNIT], data[TIME], strict=True)]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            return recommended_headline(
                data[np.array(keep)], column, TIME, UNIT, COHORT, CLUSTER, log_outcome=log
            )
    except Exception:  # e.g. the city itself flagged in every post year
        return None


__all__ = ["CityHeadline", "city_frame", "city_headline", "robust_headline"]
