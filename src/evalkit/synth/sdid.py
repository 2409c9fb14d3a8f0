"""Synthetic difference-in-differences (Arkhangelsky et al. 2021) and plain DiD, one unit."""

from __future__ import annotations

import pandas as pd

from evalkit.deprecation import renamed_function, renamed_keywords
from evalkit.synth.donors import DonorPool
from evalkit.synth.engine import run
from evalkit.synth.results import SynthResult
from evalkit.synth.setup import build_setup


@renamed_keywords(unit="idname", time="tname", outcome="yname", seed="random_state")
def synthdid(
    data: pd.DataFrame,
    *,
    idname: str,
    tname: str,
    yname: str,
    treated_unit: object,
    start: int,
    donors: DonorPool | list | tuple | None = None,
    window: tuple[int, int] | None = None,
    placebo: bool = True,
    replications: int | None = 200,
    random_state: int | None = 0,
    leave_one_out: bool = False,
    eta_omega: float | None = None,
) -> SynthResult:
    """Synthetic DiD estimate of one treated unit's average post-period effect.

    Unit weights with an intercept and penalty ``zeta = (N_tr T_post)^(1/4) * sigma``,
    time weights with an intercept and an "infinitesimal" penalty ``1e-6 * sigma`` (sigma:
    standard deviation of first differences of the donors' pre-period outcomes), both by
    Frank-Wolfe with the two-stage sparsify step of the R ``synthdid`` package.

    Parameters
    ----------
    data : pandas.DataFrame
        Long data, one row per unit and period.
    idname, time, yname : str
        Column names.
    treated_unit : object
        The treated unit.
    start : int
        First treated period.
    donors : DonorPool or sequence, optional
        Donor units (default: all others). Donors with gaps in the window are excluded and
        listed in ``excluded_donors``.
    window : (int, int), optional
        First and last period used (default: the treated unit's observed range).
    placebo : bool
        Placebo-in-space refits for the p-value and the placebo standard error.
    replications : int or None
        Placebo draws for the standard error (R's default 200; None = deterministic limit).
    random_state : int, optional
        Seed of the placebo draws.
    leave_one_out : bool
        Also refit without each donor with positive weight.
    eta_omega : float, optional
        Override the unit-weight penalty multiplier.

    Returns
    -------
    SynthResult

    Examples
    --------
    >>> import pandas as pd
    >>> data = pd.read_csv("../shared/reference/california_prop99.csv", sep=";")  # doctest: +SKIP
    >>> fit = synthdid(data, idname="State", tname="Year", yname="PacksPerCapita",
    ...                treated_unit="California", start=1989)  # doctest: +SKIP
    >>> round(fit.estimate, 2)  # doctest: +SKIP
    -15.6
    """
    setup = build_setup(
        data,
        idname=idname,
        tname=tname,
        yname=yname,
        treated_unit=treated_unit,
        start=start,
        donors=donors,
        window=window,
    )
    return run(
        setup,
        "synthdid",
        placebo=placebo,
        replications=replications,
        random_state=random_state,
        leave_one_out=leave_one_out,
        eta_omega=eta_omega,
    )


@renamed_keywords(unit="idname", time="tname", outcome="yname", seed="random_state")
def did_estimate(
    data: pd.DataFrame,
    *,
    idname: str,
    tname: str,
    yname: str,
    treated_unit: object,
    start: int,
    donors: DonorPool | list | tuple | None = None,
    window: tuple[int, int] | None = None,
    placebo: bool = True,
    replications: int | None = 200,
    random_state: int | None = 0,
) -> SynthResult:
    """Plain DiD on the same matrix: uniform donor weights and uniform pre-period weights.

    Arguments as in :func:`synthdid`.

    Returns
    -------
    SynthResult

    Examples
    --------
    >>> data = pd.DataFrame({"unit": list("aaabbbccc"), "year": [1, 2, 3] * 3,
    ...                      "y": [1.0, 2.0, 5.0, 1.0, 2.0, 3.0, 2.0, 3.0, 4.0]})
    >>> did_estimate(data, idname="unit", tname="year", yname="y", treated_unit="a", start=3,
    ...     placebo=False).estimate
    2.0
    """
    setup = build_setup(
        data,
        idname=idname,
        tname=tname,
        yname=yname,
        treated_unit=treated_unit,
        start=start,
        donors=donors,
        window=window,
    )
    return run(setup, "did", placebo=placebo, replications=replications, random_state=random_state)


did = renamed_function(did_estimate, "did")
