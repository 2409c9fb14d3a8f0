"""What a headline interval lets a report say: effect detected, large effects ruled out, or not.

Three verdicts, decided by the interval alone (``margin`` in percent for log outcomes):

- ``effect_detected``: the interval excludes 0; with the outcome's expected sign (+1, -1;
  0 when the plan sets none) the sentence says whether the effect goes in the direction the
  plan intended or against it;
- ``large_effects_ruled_out``: the interval includes 0 and lies inside ``[-margin, +margin]``
  (default +-10%): only here may a sentence say the data are consistent with no effect;
- ``cannot_tell``: otherwise. The interval includes 0 *and* effects beyond the margin, so
  the data cannot tell no effect from a large one; the sentence gives the minimum detectable
  effect instead.

A test without an interval (a placebo p-value) can only detect an effect or not tell.

The zh/en sentences are data: rows of the label catalogue ``evalkit/labels.csv``, scope
``verdict`` (:data:`TEMPLATES`), filled by :meth:`Verdict.sentence`;
p-values below 0.0001 print as ``<0.0001`` (:func:`format_p_value`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from evalkit.errors import ParameterError
from evalkit.i18n import SCOPED_TEXT, check_language

VerdictKind = Literal["effect_detected", "large_effects_ruled_out", "cannot_tell"]
Direction = Literal["intended", "against", "unspecified"]
DEFAULT_MARGIN = 0.10
P_FLOOR = 1e-4

# the sentences: scope ``verdict`` of the label catalogue (evalkit/labels.csv)
TEMPLATES: dict[str, dict[str, str]] = SCOPED_TEXT["verdict"]


# A percent change exp(b) - 1 above this is shown as "> +1000%": an interval many log points
# wide (one treated city, few degrees of freedom) says only that it is unbounded above.
PERCENT_SHOWN_UP_TO = 10.0


def format_percent(change: float) -> str:
    """Return a relative change (``exp(b) - 1``) as a signed percent with one decimal.

    A change too small to show at one decimal keeps its sign (``+0.03%``); one above
    :data:`PERCENT_SHOWN_UP_TO` is shown as ``> +1000%`` rather than as a 12-digit number.

    Examples
    --------
    >>> format_percent(0.0723), format_percent(0.0003), format_percent(4.0e8)
    ('+7.2%', '+0.03%', '> +1000%')
    """
    if change > PERCENT_SHOWN_UP_TO:
        return f"> {PERCENT_SHOWN_UP_TO:+.0%}"
    if change != 0 and abs(change) < 0.0005:  # would print as +-0.0%: keep its sign visible
        return f"{100 * change:+.1g}%"
    return f"{change:+.1%}"


def format_p_value(p: float) -> str:
    """Return a p-value with four decimals, ``<0.0001`` below 0.0001 and ``n/a`` when missing.

    Examples
    --------
    >>> format_p_value(3e-7), format_p_value(0.51849), format_p_value(float("nan"))
    ('<0.0001', '0.5185', 'n/a')

    """
    if p is None or not math.isfinite(p):
        return "n/a"
    return "<0.0001" if p < P_FLOOR else f"{p:.4f}"


def p_relation(p: float | None) -> str:
    """Return a p-value with its relation for ``p {p}`` in a sentence: ``= 0.0123``, ``< 0.0001``.

    Examples
    --------
    >>> p_relation(0.01234), p_relation(3e-7)
    ('= 0.0123', '< 0.0001')
    """
    shown = format_p_value(p)
    return shown.replace("<", "< ") if shown.startswith("<") else f"= {shown}"


def _p_clause(p: float, language: str) -> str:
    if p is not None and math.isfinite(p) and p < P_FLOOR:
        return TEMPLATES["p_floor"][language]
    return TEMPLATES["p"][language].format(value=format_p_value(p))


@dataclass(frozen=True)
class Verdict:
    """The verdict on one headline, with the numbers its sentence reports.

    ``estimate``, ``conf_low``, ``conf_high``, ``margin`` and ``mde`` (the minimum detectable
    decrease and increase) are in percent (as fractions, 0.1 = 10%) when ``percent`` is True,
    else in the outcome's units.
    """

    kind: VerdictKind
    direction: Direction | None
    estimate: float
    conf_low: float
    conf_high: float
    p_value: float
    margin: float
    percent: bool
    level: float = 0.95
    mde: tuple[float, float] | None = None

    def _number(self, value: float) -> str:
        if not self.percent:  # three significant digits, no exponent: 31.3, -0.0234, 204
            if not math.isfinite(value) or value == 0 or abs(value) >= 100:
                return f"{value:.0f}"
            return f"{value:.{max(0, 2 - math.floor(math.log10(abs(value))))}f}"
        return format_percent(value)

    def sentence(self, language: str) -> str:
        """Return the verdict sentence in ``language`` ("zh" or "en").

        Examples
        --------
        >>> v = classify(-0.41, 0.71, estimate=0.01, p_value=0.98, mde=(-0.4, 0.5))
        >>> v.sentence("en")[:60]
        'Cannot tell: +1.0% (95% CI -41.0% to +71.0%, p = 0.9800). Th'

        """
        check_language(language)
        has_interval = math.isfinite(self.conf_low) and math.isfinite(self.conf_high)
        key = self.kind if has_interval else f"{self.kind}_no_interval"
        values = {
            "estimate": self._number(self.estimate),
            "level": f"{self.level:.0%}",
            "low": self._number(self.conf_low),
            "high": self._number(self.conf_high),
            "p": _p_clause(self.p_value, language),
            "margin": f"{self.margin:.0%}" if self.percent else f"{self.margin:g}",
            "direction": TEMPLATES[self.direction][language] if self.direction else "",
        }
        text = TEMPLATES[key][language].format(**values)
        if (
            self.kind == "cannot_tell"
            and self.mde is not None
            and all(map(math.isfinite, self.mde))
        ):
            low, high = (self._number(value) for value in self.mde)
            text += TEMPLATES["mde"][language].format(mde_low=low, mde_high=high)
        return text

    def tidy(self) -> pd.DataFrame:
        """Return one row with the verdict and its numbers."""
        return pd.DataFrame([self.__dict__])


def classify(
    conf_low: float,
    conf_high: float,
    *,
    estimate: float,
    p_value: float = float("nan"),
    margin: float = DEFAULT_MARGIN,
    expected_sign: int = 0,
    percent: bool = True,
    alpha: float = 0.05,
    mde: tuple[float, float] | None = None,
) -> Verdict:
    """Return the three-way verdict for an interval (NaN bounds: decided by ``p_value``).

    Parameters
    ----------
    conf_low, conf_high : float
        The ``1 - alpha`` interval, in percent (fractions) when ``percent``.
    estimate : float
        The point estimate in the same units.
    p_value : float
        Two-sided p-value (printed; decides only when there is no interval).
    margin : float
        Effects within ``+-margin`` count as small.
    expected_sign : {1, -1, 0}
        The direction the plan intended for this outcome; 0 when it sets none.
    percent : bool
        Numbers are percent changes (log outcomes).
    alpha : float
        One minus the interval's level.
    mde : (float, float), optional
        Minimum detectable decrease and increase, quoted when the verdict is ``cannot_tell``.

    Examples
    --------
    >>> classify(0.02, 0.09, estimate=0.05, expected_sign=1).kind
    'effect_detected'
    >>> classify(-0.05, 0.08, estimate=0.01).kind
    'large_effects_ruled_out'
    >>> classify(-0.41, 0.71, estimate=0.01).kind
    'cannot_tell'

    """
    if expected_sign not in (-1, 0, 1):
        raise ParameterError(f"expected_sign={expected_sign}; rule: +1, -1 or 0 (no direction)")
    if not margin > 0:
        raise ParameterError(f"margin={margin}; rule: a positive number (0.10 = +-10%)")
    has_interval = math.isfinite(conf_low) and math.isfinite(conf_high)
    if has_interval and conf_low > conf_high:
        raise ParameterError(f"interval [{conf_low}, {conf_high}] has lower above upper bound")
    if has_interval:
        detected = conf_low > 0 or conf_high < 0
        inside = -margin <= conf_low and conf_high <= margin
    else:
        detected = math.isfinite(p_value) and p_value <= alpha
        inside = False
    if detected:
        kind: VerdictKind = "effect_detected"
        if expected_sign == 0:
            direction: Direction | None = "unspecified"
        else:
            direction = "intended" if math.copysign(1, estimate) == expected_sign else "against"
    else:
        kind = "large_effects_ruled_out" if inside else "cannot_tell"
        direction = None
    return Verdict(
        kind, direction, estimate, conf_low, conf_high, p_value, margin, percent, 1 - alpha, mde
    )


def headline_verdict(headline, *, expected_sign: int = 0, margin: float | None = None) -> Verdict:
    """Return the verdict on a :class:`evalkit.inference.recommend.Headline`.

    Log outcomes are judged in percent (``exp(b) - 1``, default margin +-10%); other outcomes
    in their own units, which needs an explicit ``margin``. The MDE is quoted both ways
    (percent: ``exp(-MDE) - 1`` and ``exp(MDE) - 1``).

    Examples
    --------
    >>> from evalkit.inference.recommend import recommended_headline
    >>> from evalkit.simulate import simulate_province_rollout
    >>> data = simulate_province_rollout(effect=0.0, random_state=1).rename(columns={"y": "log_y"})
    >>> head = recommended_headline(data, "log_y", "year", "unit", "first_treated", "province")
    >>> headline_verdict(head).kind
    'cannot_tell'

    """
    if headline.log_outcome:
        margin = DEFAULT_MARGIN if margin is None else margin
        mde = (headline.mde_pct_low, headline.mde_pct_high)
        numbers = (headline.conf_low_pct, headline.conf_high_pct, headline.estimate_pct)
    else:
        if margin is None:
            raise ParameterError(
                f"{headline.outcome} is not a log outcome, so a percent margin does not apply; "
                "fix: pass margin= in the outcome's units"
            )
        mde = (-headline.mde, headline.mde)
        numbers = (headline.conf_low, headline.conf_high, headline.estimate)
    return classify(
        numbers[0], numbers[1], estimate=numbers[2], p_value=headline.p_value, margin=margin,
        expected_sign=expected_sign, percent=headline.log_outcome, alpha=headline.alpha,
        mde=mde,
    )  # fmt: skip


__all__ = [
    "DEFAULT_MARGIN",
    "PERCENT_SHOWN_UP_TO",
    "TEMPLATES",
    "Verdict",
    "classify",
    "format_p_value",
    "format_percent",
    "headline_verdict",
]
