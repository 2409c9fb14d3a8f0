"""Donor pools: candidate comparison units minus those excluded for a stated reason."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

from evalkit.errors import EstimationError

EXCLUSION_COLUMNS = ["unit", "reason"]


@dataclass(frozen=True)
class DonorPool:
    """Units that may form a synthetic comparison, and those left out with the reason.

    Attributes
    ----------
    units : tuple
        The donors, in the order given.
    exclusions : pandas.DataFrame
        One row per excluded candidate: ``unit, reason``.
    """

    units: tuple
    exclusions: pd.DataFrame

    def __len__(self) -> int:
        """Return the number of donors."""
        return len(self.units)

    def with_exclusions(self, reasons: Mapping[object, str]) -> DonorPool:
        """Return a new pool without the units in ``reasons``, which are added to the table."""
        dropped = [u for u in self.units if u in reasons]
        table = pd.DataFrame({"unit": dropped, "reason": [reasons[u] for u in dropped]})
        exclusions = pd.concat([self.exclusions, table], ignore_index=True)
        return DonorPool(tuple(u for u in self.units if u not in reasons), exclusions)


def donor_pool(
    candidates: Iterable,
    exclude: Mapping[object, str] | None = None,
) -> DonorPool:
    """Build a donor pool from candidate units and an explicit map of exclusions.

    Parameters
    ----------
    candidates : iterable
        Candidate comparison units (e.g. never-treated cities of chosen provinces).
    exclude : mapping, optional
        Unit -> reason it must not be a donor (e.g. ``"low_carbon_pilot 2012"``: exposed to
        a confounding programme). Every excluded unit appears in the exclusion table with its
        reason; excluding a unit that is not a candidate is an error, because it usually means
        a mistyped code.

    Returns
    -------
    DonorPool

    Raises
    ------
    EstimationError
        If a candidate repeats, an exclusion names a non-candidate or a reason is empty.

    Examples
    --------
    >>> pool = donor_pool(["320100", "320200", "340100"], {"320200": "low-carbon pilot 2012"})
    >>> pool.units
    ('320100', '340100')
    >>> pool.exclusions.to_dict("records")
    [{'unit': '320200', 'reason': 'low-carbon pilot 2012'}]
    """
    candidates = list(candidates)
    exclude = dict(exclude or {})
    repeated = sorted({str(u) for u in candidates if candidates.count(u) > 1})
    if repeated:
        raise EstimationError(
            f"donor_pool: candidate unit(s) {repeated} appear more than once; rule: each "
            "candidate once; fix: deduplicate the candidates"
        )
    unknown = sorted(str(u) for u in exclude if u not in candidates)
    if unknown:
        raise EstimationError(
            f"donor_pool: exclude names unit(s) {unknown} that are not candidates; rule: only "
            "candidates can be excluded; fix: check the unit codes (type and spelling)"
        )
    blank = sorted(str(u) for u, reason in exclude.items() if not str(reason).strip())
    if blank:
        raise EstimationError(
            f"donor_pool: exclusion of {blank} has no reason; rule: every exclusion states "
            "why (e.g. the confounding programme); fix: give a non-empty reason"
        )
    pool = DonorPool(tuple(candidates), pd.DataFrame(columns=EXCLUSION_COLUMNS))
    return pool.with_exclusions(exclude)
