"""The results.json headline contract: what every report publishes per outcome.

The city reports (:mod:`evalkit.report.city_headline`) and the pooled reports
(:mod:`evalkit.report.pooled_summary`) write one entry per outcome with
:func:`headline_record`; the index (:mod:`evalkit.render.index_data`) refuses an entry that
lacks a key of :data:`CONTRACT_KEYS`. Numbers are JSON-ready: rounded to 10 decimals, NaN and
infinities as ``None``; percent fields (``exp(b) - 1``) are ``None`` unless the outcome is a
log.
"""

from __future__ import annotations

import math
from typing import Any

from evalkit.inference.recommend import Headline
from evalkit.report.verdict import Verdict

CONTRACT_KEYS = (
    "outcome", "column", "transformation", "expected_sign", "method", "method_label",
    "estimate", "conf_low", "conf_high", "p_value", "estimate_pct", "conf_low_pct",
    "conf_high_pct", "mde", "mde_pct_low", "mde_pct_high", "verdict", "direction",
    "smallest_p", "pretrend_p", "interpretable", "n_treated", "n_control",
)  # fmt: skip


def json_number(value: Any) -> float | None:
    """Return ``value`` as a JSON number rounded to 10 decimals (None when missing or infinite).

    Examples
    --------
    >>> json_number(0.123456789012), json_number(float("nan")), json_number(None)
    (0.123456789, None, None)
    """
    if value is None:
        return None
    value = float(value)
    return round(value, 10) if math.isfinite(value) else None


def smallest_p(headline: Headline) -> float:
    """Return the smallest p-value the headline's test can attain.

    The aggregated t-test and the analytic Callaway-Sant'Anna test compare with a continuous
    reference distribution (floor 0). The wild cluster bootstrap can give no p below the
    share of its draws that tie with the data: ``2 / 6^G`` for Webb weights (``G <= 12``),
    ``2 / 2^G`` for Rademacher ones, and never below ``1 / n_draws``.

    Examples
    --------
    >>> from types import SimpleNamespace as N
    >>> smallest_p(N(method="aggregated_t", n_clusters=6, settings={}))
    0.0
    >>> smallest_p(N(method="wild_cluster_bootstrap", n_clusters=3, settings={"n_draws": 9999}))
    0.009259259259259259
    """
    if headline.method != "wild_cluster_bootstrap":
        return 0.0
    clusters = int(headline.n_clusters)
    points = 6 if clusters <= 12 else 2
    return max(2.0 / float(points) ** clusters, 1.0 / int(headline.settings["n_draws"]))


def headline_record(
    headline: Headline,
    verdict: Verdict,
    *,
    outcome: str,
    transformation: str,
    expected_sign: int,
    margin: float,
    pretrend_p: float | None,
    interpretable: bool,
    n_treated: int,
    n_control: int,
) -> dict[str, Any]:
    """Return one outcome's results.json ``headlines`` entry: every contract key and more.

    Besides :data:`CONTRACT_KEYS` it holds the design rule, the sample note and the verdict's
    "large effect" margin.

    Parameters
    ----------
    headline : Headline
        The recommended fit (:func:`evalkit.inference.recommend.recommended_headline`).
    verdict : Verdict
        Its three-way verdict (:mod:`evalkit.report.verdict`).
    outcome, transformation, expected_sign
        The catalogue's outcome id, its transformation and the sign a success would have.
    margin : float
        The "large effect" margin in the outcome's own units, as ``estimate`` is (a verdict
        read in percentage points carries it times 100).
    pretrend_p : float or None
        The pre-trend test's p-value (None: no test).
    interpretable : bool
        False when the pre-trend test rejects.
    n_treated, n_control : int
        Units in the headline's sample.
    """
    h, log = headline, transformation == "log"

    def percent(value: Any) -> float | None:
        return json_number(value) if log else None

    return {
        "outcome": outcome, "column": h.outcome, "transformation": transformation,
        "expected_sign": expected_sign, "method": h.method, "method_label": h.method_label,
        "rule": h.rule, "sample_note": h.sample_note,
        "estimate": json_number(h.estimate), "conf_low": json_number(h.conf_low),
        "conf_high": json_number(h.conf_high), "p_value": json_number(h.p_value),
        "estimate_pct": percent(h.estimate_pct), "conf_low_pct": percent(h.conf_low_pct),
        "conf_high_pct": percent(h.conf_high_pct), "mde": json_number(h.mde),
        "mde_pct_low": percent(h.mde_pct_low), "mde_pct_high": percent(h.mde_pct_high),
        "margin": json_number(margin), "verdict": verdict.kind,
        "direction": verdict.direction, "smallest_p": smallest_p(h),
        "pretrend_p": json_number(pretrend_p), "interpretable": bool(interpretable),
        "n_treated": int(n_treated), "n_control": int(n_control),
    }  # fmt: skip


__all__ = ["CONTRACT_KEYS", "headline_record", "json_number", "smallest_p"]
