"""The registry's English indicator keys, found from a document's Chinese wording by keywords.

The rules are data: ``data/indicator_keywords.csv`` beside this module, one rule a line, read in
order; the first rule whose words all occur (and none of whose excluded words occurs) gives the
key. A word may list alternatives with ``/`` (``低散乱/低小散``). Add a line to teach a new
indicator; put specific rules above general ones (``new_smf_loans`` above ``new_smf``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from evalkit.plans.errors import PlanRegistryError

KEYWORDS_PATH = Path(__file__).with_name("data") / "indicator_keywords.csv"


@dataclass(frozen=True)
class KeywordRule:
    """One line of the keyword table: all ``all_of`` groups must match, no ``none_of`` word."""

    indicator: str
    all_of: tuple[tuple[str, ...], ...]
    none_of: tuple[str, ...]

    def matches(self, text: str) -> bool:
        """Whether the rule applies to an indicator text."""
        return all(any(word in text for word in group) for group in self.all_of) and not any(
            word in text for word in self.none_of
        )


@lru_cache(maxsize=4)
def keyword_rules(path: Path = KEYWORDS_PATH) -> tuple[KeywordRule, ...]:
    """Read the keyword table (cached); raise if a line lacks a key or words.

    Examples
    --------
    >>> keyword_rules()[0].indicator
    'individual_share_change'
    """
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    rules = []
    for line, row in enumerate(frame.itertuples(), start=2):
        if not row.indicator or not row.all_of.strip():
            raise PlanRegistryError(
                f"{path.name} line {line}: indicator and all_of must be filled; rule: each line "
                "gives a key and the words that identify it; fix: fill or delete the line"
            )
        groups = tuple(tuple(part.split("/")) for part in row.all_of.split())
        excluded = tuple(word for word in row.none_of.split("/") if word)
        rules.append(KeywordRule(row.indicator, groups, excluded))
    return tuple(rules)


def indicator_key(text: str, rules: tuple[KeywordRule, ...] | None = None) -> str:
    """Return the registry key of an indicator's Chinese wording, or ``""`` if no rule fits.

    Parameters
    ----------
    text : str
        The indicator as the document words it (quotes and parentheses may be left in).
    rules : tuple of KeywordRule, optional
        Defaults to the shipped keyword table.

    Examples
    --------
    >>> indicator_key("新增小微企业贷款"), indicator_key("累计新增小微企业"), indicator_key("改建")
    ('new_smf_loans', 'new_smf', '')
    """
    cleaned = text.replace("“", "").replace("”", "").replace('"', "")
    for rule in rules if rules is not None else keyword_rules():
        if rule.matches(cleaned):
            return rule.indicator
    return ""
