"""Single-unit counterfactuals: synthetic control, synthetic DiD, DiD and donor pools."""

from evalkit.synth.cities import city_counterfactuals
from evalkit.synth.control import synthetic_control
from evalkit.synth.donors import DonorPool, donor_pool
from evalkit.synth.results import SynthResult
from evalkit.synth.sdid import did, did_estimate, synthdid

__all__ = [
    "DonorPool",
    "SynthResult",
    "city_counterfactuals",
    "did",
    "did_estimate",
    "donor_pool",
    "synthdid",
    "synthetic_control",
]
