"""The exception tree of evalkit.

Every error a user can cause by their input is an :class:`EvalkitError` whose message names
the file, column or row, states the rule that was broken and suggests the fix.
"""

from __future__ import annotations


class EvalkitError(Exception):
    """Base class of every error evalkit raises on bad input or settings."""


class DataDirError(EvalkitError):
    """The external raw-data directory, or a file expected in it, is missing."""


class RawDataError(EvalkitError):
    """A raw file cannot be read into the panel (shape, header, encoding, values)."""


class PanelError(EvalkitError):
    """The panel breaks its contract (duplicate unit-year, unknown unit, wrong type)."""


class EstimationError(EvalkitError):
    """An estimator cannot run on the data or settings it was given."""


class ParameterError(EvalkitError):
    """A report parameter is invalid (unknown city, outcome or year)."""


class RenderError(EvalkitError):
    """One or more reports failed to render."""
