"""Synthetic control (Abadie, Diamond & Hainmueller) for one treated unit."""

from __future__ import annotations

import pandas as pd

from evalkit.deprecation import renamed_keywords
from evalkit.errors import EstimationError
from evalkit.synth.donors import DonorPool
from evalkit.synth.engine import run
from evalkit.synth.predictors import (
    fit_predictor_weights,
    placebo_predictor_weights,
    predictor_matrix,
)
from evalkit.synth.results import SynthResult
from evalkit.synth.setup import build_setup


@renamed_keywords(unit="idname", time="tname", outcome="yname", seed="random_state")
def synthetic_control(
    data: pd.DataFrame,
    *,
    idname: str,
    tname: str,
    yname: str,
    treated_unit: object,
    start: int,
    donors: DonorPool | list | tuple | None = None,
    window: tuple[int, int] | None = None,
    predictors: list[str] | None = None,
    predictor_weights: dict[str, float] | None = None,
    placebo: bool = True,
    replications: int | None = 200,
    random_state: int | None = 0,
    leave_one_out: bool = True,
    batch_size: int | None = None,
) -> SynthResult:
    """Synthetic control estimate of one treated unit's average post-period effect.

    Without predictors, donor weights on the simplex fit the pre-period outcomes, exactly as
    ``synthdid::sc_estimate`` (no intercept, penalty ``1e-6 * sigma``, Frank-Wolfe with the
    sparsify step). With ``predictors``, ADH weights match the pre-period means of those
    columns with predictor weights ``V`` chosen to fit the pre-period outcomes (or given).

    Inference: every donor in turn is the treated unit (placebo-in-space); the p-value is the
    rank of the treated unit's post/pre RMSPE ratio among all units, and ``se`` the placebo
    standard error of Arkhangelsky et al. (2021). With predictors, placebos reuse the
    treated unit's ``V``.

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
        Donor units (default all others); donors with gaps are excluded and listed.
    window : (int, int), optional
        First and last period used.
    predictors : list of str, optional
        Columns whose pre-period means the synthetic unit should match (ADH).
    predictor_weights : dict, optional
        Fixed ``V`` per predictor instead of the data-driven choice.
    placebo : bool
        Run placebo-in-space inference.
    replications, seed
        Draws and seed of the placebo standard error (``None``: deterministic limit).
    leave_one_out : bool
        Refit without each donor with positive weight (outcome-only fits).
    batch_size : int, optional
        Placebo refits solved together (default all at once; 1 = one at a time).

    Returns
    -------
    SynthResult

    Examples
    --------
    >>> data = pd.read_csv("../shared/reference/california_prop99.csv", sep=";")  # doctest: +SKIP
    >>> fit = synthetic_control(data, idname="State", tname="Year", yname="PacksPerCapita",
    ...                         treated_unit="California", start=1989)  # doctest: +SKIP
    >>> round(fit.estimate, 1)  # doctest: +SKIP
    -19.6
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
    options = {}
    if predictors:
        if leave_one_out:
            raise EstimationError(
                "synthetic_control: leave_one_out=True is not available with predictors; rule: "
                "leave-one-out refits use outcome-only weights; fix: pass leave_one_out=False"
            )
        names = list(predictors)
        donors_x, treated_x = predictor_matrix(
            data, setup, unit=idname, time=tname, predictors=names
        )
        controls_pre, treated_pre = setup.controls[:, : setup.n_pre], setup.treated[: setup.n_pre]
        main = fit_predictor_weights(
            controls_pre, treated_pre, donors_x, treated_x, names, v_weights=predictor_weights
        )
        fixed_v = dict(main.v_weights)
        options = {
            "fixed_omega": main.omega,
            "placebo_fixed_omega": (
                placebo_predictor_weights(controls_pre, donors_x, names, fixed_v)
                if placebo
                else None
            ),
            "extra_settings": {"predictors": names, "v_weights": fixed_v, "balance": main.balance},
        }
    return run(
        setup,
        "sc",
        placebo=placebo,
        replications=replications,
        random_state=random_state,
        leave_one_out=leave_one_out,
        batch_size=batch_size,
        **options,
    )
