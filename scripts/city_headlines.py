"""Print each treated city's headline and own pre-trend test for the default outcomes.

For issue 15's must-show: per treated city of a design (default: the Zhejiang plan, all 11
cities) and per catalogue default outcome, the city's placebo pre-trend p-value (its own event
study against the comparison units, :func:`evalkit.report.city_headline.city_headline`), the
headline from the recommended method with its 95% interval (percent for log outcomes,
percentage points for ratios), the p-value, the MDE (80% power, 5%) and the verdict
(``not_interpretable`` when the pre-trend test rejects). HonestDiD is skipped here (the
report computes it) unless ``--honest`` is given: then the breakdown value M of the
city's HonestDiD bounds for the average post effect (Delta^SD; 0 when the usual interval
already includes 0) is added. Nothing is typed in: every number comes from the panel.

Run: ``python scripts/city_headlines.py [programme] [--honest]``
"""

from __future__ import annotations

import sys
import warnings

import pandas as pd

from evalkit.design import DEFAULT_PROGRAMME, build_design
from evalkit.panel import load
from evalkit.plans import PlanRegistry
from evalkit.plans.outcomes import outcome_measures
from evalkit.report.city_headline import city_headline


def _shown(head, value: float) -> float:
    """Percent for log outcomes (exp(b) - 1), percentage points (x100) for ratios."""
    import numpy as np

    return float(np.expm1(value) * 100 if head.percent else value * 100)


def headline_table(programme: str = DEFAULT_PROGRAMME, *, honest: bool = False) -> pd.DataFrame:
    """Return one row per treated city x default outcome."""
    panel = load()
    measures = outcome_measures(panel)
    defaults = measures.loc[measures["default"], "outcome"].tolist()
    design = build_design(programme, registry=PlanRegistry.load(), outcomes=defaults)
    sample = design.sample(panel)
    rows = []
    for city in sorted(design.treated_units):
        name = sample.loc[sample["unit_code"] == city, "unit_name"].iloc[0]
        for outcome in defaults:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                head = city_headline(sample, city, outcome, frame=panel.frame, honest=honest)
            h, unit = head.headline, "%" if head.percent else "pp"
            rows.append({
                "city": f"{city} {name}", "outcome": outcome, "rule": h.rule,
                "pretrend_p": None if head.pretrend is None else round(head.pretrend.p_value, 4),
                "headline": f"{_shown(head, h.estimate):+.1f}{unit} "
                f"[{_shown(head, h.conf_low):+.1f}, {_shown(head, h.conf_high):+.1f}]",
                "p": round(h.p_value, 4),
                "mde": f"{_shown(head, -h.mde):+.1f}/{_shown(head, h.mde):+.1f}{unit}",
                "verdict": head.verdict.kind if head.interpretable else "not_interpretable",
                "direction": head.verdict.direction,
                "flagged_share": None if head.flagged is None else round(head.flagged.share, 3),
            })  # fmt: skip
            if head.honest is not None:
                rows[-1]["breakdown_M"] = round(head.honest.breakdown_smoothness, 4)
    return pd.DataFrame(rows)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--honest"]
    table = headline_table(*args, honest="--honest" in sys.argv)
    with pd.option_context("display.width", 250, "display.max_rows", 500):
        print(table.to_string(index=False))
