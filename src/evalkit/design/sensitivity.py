"""Confounder sensitivity: the same design under other confounder policies, and its counts."""

from __future__ import annotations

from dataclasses import replace

from evalkit.design.build import design_variant
from evalkit.design.design import ConfounderPolicy, Design
from evalkit.regions import SHANGHAI

LIANGCHUANG = "liangchuang_demo"


def confounder_variants(design: Design) -> dict[str, Design]:
    """Return the design under each confounder policy a pooled report compares.

    - ``default``: the design as built (exposed controls excluded, exposed treated flagged);
    - ``exclude_confounded_treated``: exposed treated units excluded too;
    - ``drop_shanghai``: every confounded unit kept, only Shanghai (浦东 is a 两创 awardee)
      dropped (only when keeping all would keep Shanghai);
    - ``drop_liangchuang``: every 两创 awardee dropped from both arms, other confounders kept;
    - ``keep_all``: every confounded unit kept in both arms.

    Examples
    --------
    >>> from evalkit.design import build_design
    >>> list(confounder_variants(build_design()))  # doctest: +SKIP
    ['default', 'exclude_confounded_treated', 'drop_shanghai', 'drop_liangchuang', 'keep_all']
    """
    keep = tuple(replace(c, treated="keep", controls="keep") for c in design.confounders)
    keep_all = design_variant(design, confounders=keep)
    variants = {
        "default": design,
        "exclude_confounded_treated": design_variant(
            design, confounders=tuple(replace(c, treated="exclude") for c in design.confounders)
        ),
    }
    if SHANGHAI in set(keep_all.units["province_code"]):  # else Shanghai is out already
        variants["drop_shanghai"] = design_variant(
            design, confounders=keep, drop_provinces=(*design.dropped_provinces, SHANGHAI)
        )
    if any(c.programme == LIANGCHUANG for c in design.confounders):
        variants["drop_liangchuang"] = design_variant(
            design,
            confounders=tuple(
                ConfounderPolicy(c.programme, "exclude", "exclude")
                if c.programme == LIANGCHUANG
                else replace(c, treated="keep", controls="keep")
                for c in design.confounders
            ),
        )
    variants["keep_all"] = keep_all
    return variants


def programme_counts(design: Design) -> dict[str, int]:
    """Return the treated / control / excluded / censored counts every report shows.

    One function, so ``liangchuang_did`` and ``plan_targets`` print the same numbers.

    Examples
    --------
    >>> from evalkit.design import build_design
    >>> programme_counts(build_design("liangchuang_demo"))  # doctest: +SKIP
    {'treated': ..., 'controls': ..., 'excluded': ..., 'censored': ...}
    """
    counts = design.counts()
    return {k: counts[k] for k in ("treated", "controls", "excluded", "censored")}
