"""Run one synthdid-family estimator on a setup: fit, placebos, leave-one-out, result."""

from __future__ import annotations

import numpy as np
import pandas as pd

from evalkit.deprecation import renamed_keywords
from evalkit.synth.fitting import FitSpec, Method, fit_batch
from evalkit.synth.placebo import (
    placebo_refits,
    placebo_standard_error,
    placebo_table,
    rank_p_value,
    rmspe,
)
from evalkit.synth.results import SynthResult
from evalkit.synth.setup import SynthSetup


@renamed_keywords(seed="random_state")
def run(
    setup: SynthSetup,
    method: Method,
    *,
    placebo: bool = True,
    replications: int | None = 200,
    random_state: int | None = 0,
    leave_one_out: bool = False,
    eta_omega: float | None = None,
    batch_size: int | None = None,
    fixed_omega: np.ndarray | None = None,
    placebo_fixed_omega: np.ndarray | None = None,
    extra_settings: dict | None = None,
) -> SynthResult:
    """Fit ``method`` on ``setup`` and, optionally, its placebo and leave-one-out refits.

    Parameters
    ----------
    setup : SynthSetup
        Donor matrix and treated row.
    method : {"synthdid", "sc", "did"}
        Estimator.
    placebo : bool
        Refit with every donor as the treated unit (placebo-in-space p-value and SE).
    replications, seed
        Placebo standard error draws (``None``: the deterministic limit) and their seed.
    leave_one_out : bool
        Refit without each donor that has positive weight.
    eta_omega : float, optional
        Override the unit-weight penalty multiplier (default: package rule per method).
    batch_size : int, optional
        Placebo refits solved together (default all; ``1`` = one at a time).
    fixed_omega, placebo_fixed_omega : numpy.ndarray, optional
        Donor weights computed elsewhere (ADH predictor weights) for the fit ``(N0,)`` and
        its placebos ``(N0, N0)``.
    extra_settings : dict, optional
        Further settings to record in the result.

    Returns
    -------
    SynthResult
    """
    n_pre = setup.n_pre
    n_post = len(setup.years) - n_pre
    spec = FitSpec.default(method, setup.controls, n_pre, n_post, eta_omega=eta_omega)
    fit = fit_batch(
        setup.controls,
        setup.treated[None],
        n_pre,
        spec,
        fixed_omega=None if fixed_omega is None else fixed_omega[None],
    )
    omega, lam = fit.omega[0], fit.lam[0]
    estimate = float(fit.estimate[0])
    pre, post = (float(v[0]) for v in rmspe(fit.gap, n_pre))
    se = p_value = np.nan
    placebos = placebo_gaps = None
    if placebo:
        fits = placebo_refits(
            setup.controls,
            n_pre,
            spec,
            donors=setup.donors,
            omega=omega,
            lam=lam,
            batch_size=batch_size,
            fixed_omega=placebo_fixed_omega,
        )
        placebos = placebo_table(fits, estimate, pre, post)
        placebos.loc[0, "unit"] = setup.treated_unit
        se = placebo_standard_error(
            fits.fit.estimate, replications=replications, random_state=random_state
        )
        if method == "sc":
            p_value = rank_p_value(post / pre, fits.ratio)
        else:
            p_value = rank_p_value(abs(estimate), np.abs(fits.fit.estimate))
        placebo_gaps = pd.DataFrame(
            {
                "unit": np.repeat(np.array(setup.donors, dtype=object), len(setup.years)),
                "time": np.tile(setup.years, len(setup.donors)),
                "gap": fits.fit.gap.ravel(),
            }
        )
    loo = None
    if leave_one_out:
        used = np.flatnonzero(omega > 0)
        refits = fit_batch(
            setup.controls,
            np.repeat(setup.treated[None], used.size, axis=0),
            n_pre,
            spec,
            left_out=used,
        )
        loo = pd.DataFrame(
            {
                "dropped_unit": [setup.donors[i] for i in used],
                "weight": omega[used],
                "estimate": refits.estimate,
                "pre_rmspe": rmspe(refits.gap, n_pre)[0],
            }
        )
    return SynthResult(
        method=method,
        treated_unit=setup.treated_unit,
        start=setup.start,
        estimate=estimate,
        se=float(se),
        p_value=float(p_value),
        pre_rmspe=pre,
        post_rmspe=post,
        years=setup.years,
        actual=setup.treated,
        synthetic=fit.synthetic[0],
        unit_weights=pd.Series(omega, index=pd.Index(setup.donors, name="unit")),
        time_weights=pd.Series(lam, index=pd.Index(setup.years[:n_pre], name="time")),
        placebos=placebos,
        placebo_gaps=placebo_gaps,
        leave_one_out=loo,
        excluded_donors=setup.excluded,
        dropped_periods=setup.dropped_periods,
        settings={
            "noise_level": spec.noise_level,
            "zeta_omega": spec.zeta_omega,
            "zeta_lambda": spec.zeta_lambda,
            "min_decrease": spec.min_decrease,
            "max_iter": spec.max_iter,
            "sparsify": spec.sparsify,
            "placebo": placebo,
            "replications": replications,
            "seed": random_state,
            **(extra_settings or {}),
        },
    )
