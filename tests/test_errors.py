"""Tests of evalkit.errors: one tree, so callers can catch every input error at once."""

from __future__ import annotations

import inspect

import pytest

from evalkit import errors
from evalkit.errors import EvalkitError


def _subclasses() -> list[type]:
    return [
        value
        for name, value in inspect.getmembers(errors, inspect.isclass)
        if value.__module__ == errors.__name__ and value is not EvalkitError
    ]


def test_every_error_is_an_evalkit_error_and_an_exception_not_a_base_exception():
    found = _subclasses()
    assert {cls.__name__ for cls in found} == {
        "DataDirError", "RawDataError", "PanelError", "EstimationError", "ParameterError",
        "RenderError",
    }  # fmt: skip
    for cls in found:
        assert issubclass(cls, EvalkitError)
        assert cls.__doc__ and cls.__doc__.strip()
    assert issubclass(EvalkitError, Exception)


@pytest.mark.parametrize("cls", _subclasses())
def test_one_except_clause_catches_each_error_with_its_message(cls):
    with pytest.raises(EvalkitError) as caught:
        raise cls("file.csv: row 2: rule; fix: x")
    assert type(caught.value) is cls
    assert str(caught.value) == "file.csv: row 2: rule; fix: x"
