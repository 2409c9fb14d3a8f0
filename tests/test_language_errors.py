"""A language the reports do not have raises one error, with one text, everywhere.

Every public function or method of evalkit that takes ``language`` checks it first (through
:func:`evalkit.i18n.check_language`), so calling it with ``language="fr"`` and nothing valid
for its other arguments raises exactly that ParameterError; so does every old ``language=``
keyword of a plot that now takes ``labels``.
"""

import importlib
import inspect
import pkgutil
import re
import warnings

import pytest

import evalkit
from evalkit.deprecation import RENAMED
from evalkit.errors import ParameterError

MESSAGE = "language='fr' is not supported; choose one of ('zh', 'en')"


def _modules():
    for info in pkgutil.walk_packages(evalkit.__path__, "evalkit."):
        if not info.name.endswith("__main__"):
            yield importlib.import_module(info.name)


def _public_callables():
    """``(name, function, is_method)`` of every public function or method taking language."""
    found = {}
    for module in _modules():
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj):
                found[f"{module.__name__}.{name}"] = (obj, False)
            elif inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if inspect.isfunction(member) and not attr.startswith("_"):
                        found[f"{module.__name__}.{name}.{attr}"] = (member, True)
    return {
        name: entry
        for name, entry in found.items()
        if "language" in inspect.signature(entry[0]).parameters
    }


CALLABLES = _public_callables()


def _call_with_french(function, is_method):
    parameters = list(inspect.signature(function).parameters.values())
    args, kwargs = [], {}
    for parameter in parameters:
        if parameter.name == "language":
            kwargs["language"] = "fr"
        elif parameter.default is not inspect.Parameter.empty or parameter.kind in (
            inspect.Parameter.VAR_POSITIONAL,
            inspect.Parameter.VAR_KEYWORD,
        ):
            continue
        elif parameter.kind is inspect.Parameter.POSITIONAL_ONLY:
            args.append(None)  # nothing valid: the language must be checked before anything
        else:
            kwargs[parameter.name] = None
    return function(*args, **kwargs)


def test_there_are_functions_taking_a_language():
    # the report layer words everything in a language: the scan must find it
    assert "evalkit.i18n.text" in CALLABLES
    assert "evalkit.report.tables.report_table" in CALLABLES
    assert len(CALLABLES) >= 20


@pytest.mark.parametrize("name", sorted(CALLABLES))
def test_a_bad_language_raises_the_one_error(name):
    function, is_method = CALLABLES[name]
    with pytest.raises(ParameterError) as error:
        _call_with_french(function, is_method)
    assert str(error.value) == MESSAGE


OLD_KEYWORDS = sorted(where for where, old, new in RENAMED if (old, new) == ("language", "labels"))


def _resolve(where):
    parts = where.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        obj = module
        for part in parts[cut:]:
            obj = getattr(obj, part)
        return obj
    raise LookupError(where)


def test_every_plot_that_took_a_language_is_listed():
    assert "evalkit.plots.event_study.plot_event_study" in OLD_KEYWORDS
    assert "evalkit.did.compare.EstimatorComparison.plot" in OLD_KEYWORDS
    assert "evalkit.did.bacon.BaconDecomposition.plot" in OLD_KEYWORDS


@pytest.mark.parametrize("where", OLD_KEYWORDS)
def test_the_old_language_keyword_of_a_plot_raises_the_one_error(where):
    function = _resolve(where)
    positional = [
        p
        for p in inspect.signature(function).parameters.values()
        if p.default is inspect.Parameter.empty and p.kind is not inspect.Parameter.KEYWORD_ONLY
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(ParameterError, match=f"^{re.escape(MESSAGE)}$"):
            function(*[None] * len(positional), language="fr")
