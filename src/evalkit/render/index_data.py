"""What the index reads from each report's ``results.json``: contract check, rows, q-values.

The index is built against the results.json contract (``headlines``: one dict per outcome with
the recommended method's estimate, interval, MDE, verdict, smallest attainable p and pre-trend
gate). A report whose results lack a contract key is an error naming the folder and the key,
fixed by rendering the report again: the index never guesses a missing number.

Report folders are of three kinds (:func:`report_kind`): a Zhejiang city report (the folder is
the 6-digit city code), a programme city report (``<programme>_<city code>``, e.g. a 两创 city)
and a pooled report (anything else with headlines, e.g. ``province_did``). Benjamini-Hochberg
q-values are computed across all city x outcome p-values of one family: the Zhejiang city
reports together, the programme city reports together.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd

from evalkit.errors import EvalkitError
from evalkit.i18n import check_language
from evalkit.inference.multiplicity import bh_qvalues
from evalkit.report import summary
from evalkit.report.contract import CONTRACT_KEYS

VERDICTS = ("effect_detected", "large_effects_ruled_out", "cannot_tell")
POOLED_HEADLINE_REPORT = "province_did"
# Pooled analyses a batch renders beside the city reports (when their notebooks exist), and
# whether each takes the report language as a parameter; the index holds them to the contract.
POOLED_NOTEBOOKS = {"province_did": True, "liangchuang_did": True, "plan_targets": True}
_PROGRAMME_CITY = re.compile(r"^(?P<programme>[a-z][a-z_]*?)_(?P<code>\d{6})$")


class ResultsContractError(EvalkitError):
    """A report's results.json lacks a key the index needs (an older render)."""


def report_kind(name: str, results: dict[str, Any]) -> str:
    """Return ``"city"``, ``"programme_city"``, ``"pooled"`` or ``"other"`` for a report folder.

    Examples
    --------
    >>> report_kind("330100", {}), report_kind("liangchuang_demo_330100", {})
    ('city', 'programme_city')
    >>> report_kind("province_did", {"headlines": []}), report_kind("a", {"value": 1})
    ('pooled', 'other')
    """
    if name.isdigit():
        return "city"
    if _PROGRAMME_CITY.match(name):
        return "programme_city"
    known = name in POOLED_NOTEBOOKS
    return "pooled" if known or "headlines" in results or "title" in results else "other"


def check_contract(name: str, results: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the report's headlines after checking every contract key is there.

    Raises
    ------
    ResultsContractError
        Naming the folder, the headline and the missing key(s), with the fix (re-render).

    Examples
    --------
    >>> check_contract("province_did", {"headlines": [{"outcome": "loans"}]})
    Traceback (most recent call last):
    ...
    evalkit.render.index_data.ResultsContractError: reports/province_did/results.json: headline 1 (outcome 'loans') lacks contract key(s) 'column', 'transformation', ... (20 more); the index needs every key of the results.json contract (see publish_results); fix: re-render this report (`evalkit render`) with the current code
    """  # noqa: E501
    where = f"reports/{name}/results.json"
    fix = "fix: re-render this report (`evalkit render`) with the current code"
    if not isinstance(results.get("headlines"), list):
        raise ResultsContractError(
            f"{where}: key 'headlines' missing or not a list; the index needs the list of "
            f"per-outcome headlines of the results.json contract; {fix}"
        )
    for number, headline in enumerate(results["headlines"], start=1):
        missing = [key for key in CONTRACT_KEYS if key not in headline]
        if missing:
            shown = ", ".join(repr(key) for key in missing[:2])
            more = f", ... ({len(missing) - 2} more)" if len(missing) > 2 else ""
            raise ResultsContractError(
                f"{where}: headline {number} (outcome {headline.get('outcome', '?')!r}) lacks "
                f"contract key(s) {shown}{more}; the index needs every key of the results.json "
                f"contract (see publish_results); {fix}"
            )
        if headline["verdict"] not in VERDICTS:
            raise ResultsContractError(
                f"{where}: headline {number} has verdict {headline['verdict']!r}; the contract "
                f"allows {list(VERDICTS)}; {fix}"
            )
    return results["headlines"]


def _number(value: Any) -> float:
    return float("nan") if value is None else float(value)


def display_values(headline: dict[str, Any]) -> dict[str, float]:
    """Return estimate, interval and MDE in display units: percent for log outcomes.

    Examples
    --------
    >>> h = {"transformation": "log", "estimate_pct": 0.05, "conf_low_pct": -0.01,
    ...      "conf_high_pct": 0.1, "mde_pct_low": -0.08, "mde_pct_high": 0.09, "mde": 0.085}
    >>> {k: round(v, 6) for k, v in display_values(h).items()}
    {'estimate': 5.0, 'conf_low': -1.0, 'conf_high': 10.0, 'mde_low': -8.0, 'mde_high': 9.0}
    >>> display_values({"transformation": "ratio", "estimate": 0.2, "conf_low": 0.1,
    ...                 "conf_high": 0.3, "mde": 0.15})["mde_low"]
    -0.15
    """
    if headline["transformation"] == "log":
        keys = ("estimate_pct", "conf_low_pct", "conf_high_pct", "mde_pct_low", "mde_pct_high")
        values = [_number(headline[key]) * 100.0 for key in keys]
    else:
        mde = abs(_number(headline["mde"]))
        values = [_number(headline[k]) for k in ("estimate", "conf_low", "conf_high")]
        values += [-mde, mde]
    names = ("estimate", "conf_low", "conf_high", "mde_low", "mde_high")
    return dict(zip(names, values, strict=True))


def outcome_name(headline: dict[str, Any], language: str) -> str:
    """Return the reader's name of a headline's outcome, as its report names it.

    The name is :func:`evalkit.report.summary.outcome_name`'s: the catalogue's label, or for
    a user's own indicator the target's wording, so that the index and the reports agree.

    Examples
    --------
    >>> outcome_name({"outcome": "loans", "column": "log_loans"}, "zh")
    '年末金融机构贷款余额（对数）'
    """
    check_language(language)
    return summary.outcome_name(headline["outcome"], language)


def city_rows(reports: dict[str, dict[str, Any]], kind: str) -> pd.DataFrame:
    """Return one row per city x outcome headline of the reports of ``kind``, with q-values.

    ``q_value`` is the Benjamini-Hochberg q-value across every ``p_value`` of these rows.

    Examples
    --------
    >>> city_rows({}, "city").empty
    True
    """
    records = []
    for name in sorted(reports):
        results = reports[name]
        if "error" in results or report_kind(name, results) != kind:
            continue
        for order, headline in enumerate(check_contract(name, results)):
            records.append(
                {
                    "folder": name, "order": order,
                    "city_code": str(results.get("city_code", name[-6:])),
                    "city_name": results.get("city_name", ""),
                    "language": results.get("parameters", {}).get("language"),
                    **{key: headline[key] for key in CONTRACT_KEYS},
                    **display_values(headline),
                }
            )  # fmt: skip
    frame = pd.DataFrame.from_records(records)
    if frame.empty:
        return frame
    p_values = frame["p_value"].map(_number).to_numpy(dtype=float)
    frame["q_value"] = bh_qvalues(p_values)
    return frame.sort_values(["q_value", "folder", "order"], kind="stable", na_position="last")


def pooled_headlines(reports: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Return ``{outcome: headline}`` of the pooled Zhejiang report (``province_did``).

    Examples
    --------
    >>> pooled_headlines({})
    {}
    """
    results = reports.get(POOLED_HEADLINE_REPORT)
    if results is None or "error" in results or not results.get("headlines"):
        return {}
    return {h["outcome"]: h for h in check_contract(POOLED_HEADLINE_REPORT, results)}


def is_missing(value: Any) -> bool:
    """Return True for None and NaN.

    Examples
    --------
    >>> is_missing(None), is_missing(float("nan")), is_missing(0.0)
    (True, True, False)
    """
    return value is None or (isinstance(value, float) and math.isnan(value))


def qvalue_band(q: float) -> str:
    """Return the colour band of a q-value: ``"strong"`` (<0.05), ``"weak"`` (<0.10), ``"none"``.

    Examples
    --------
    >>> [qvalue_band(q) for q in (0.01, 0.07, 0.5, np.nan)]
    ['strong', 'weak', 'none', 'none']
    """
    if is_missing(q) or not np.isfinite(q):
        return "none"
    return "strong" if q < 0.05 else "weak" if q < 0.10 else "none"
