"""Errors and warnings raised by the plan registry."""

from __future__ import annotations

from evalkit.errors import EvalkitError


class PlanRegistryError(EvalkitError):
    """A file of the plan registry breaks its contract (columns, dates, values, references)."""


class UnknownUnitCodeError(PlanRegistryError):
    """A plan, target or report names a 6-digit code that no known roster contains."""


class AllocationError(PlanRegistryError):
    """A target allocated to sub-units does not sum to its headline value."""


class TimingWarning(UserWarning):
    """Units were excluded from, or recoded in, a treatment-timing table (named in the message)."""


class RegistryWarning(UserWarning):
    """The registry could not use a preferred input and says what it used instead."""
