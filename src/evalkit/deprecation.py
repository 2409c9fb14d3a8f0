"""Old keyword names and option values kept working for one release, with a warning.

The estimator families share one shape (``docs/estimators.md``): the R ``did`` names
``yname, tname, idname, gname, clustervars, control_group`` and ``random_state`` for the seed.
Code written against an older spelling keeps running for one release; every use of it raises a
:class:`DeprecationWarning` that names the new spelling.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from evalkit.errors import ParameterError
from evalkit.i18n import figure_text

F = TypeVar("F", bound=Callable[..., Any])

#: Every rename, ``(where, old, new)``, registered by :func:`renamed_keywords` and
#: :func:`renamed_function` (``docs/estimators.md`` lists them; a test checks the two agree).
RENAMED: list[tuple[str, str, str]] = []


def renamed_keywords(**old_to_new: str) -> Callable[[F], F]:
    """Let a function accept its old keyword names, warning with the new one.

    Parameters
    ----------
    **old_to_new : str
        Old keyword name -> new keyword name.

    Returns
    -------
    callable
        A decorator; the decorated function's signature (``inspect.signature``) is the new one.

    Raises
    ------
    ParameterError
        When a call passes both the old and the new name.

    Examples
    --------
    >>> @renamed_keywords(seed="random_state")
    ... def draw(n, *, random_state=0):
    ...     return n, random_state
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     draw(3, seed=7)
    (3, 7)
    >>> print(caught[0].message)
    draw: the keyword 'seed' is renamed 'random_state'; fix: write random_state=...
    """

    def decorate(func: F) -> F:
        name = func.__qualname__
        for old, new in old_to_new.items():
            RENAMED.append((f"{func.__module__}.{name}", old, new))

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise ParameterError(
                            f"{name}: both {old!r} and {new!r} given; rule: {old!r} is the old "
                            f"name of {new!r}; fix: pass only {new}=..."
                        )
                    warnings.warn(
                        f"{name}: the keyword {old!r} is renamed {new!r}; fix: write {new}=...",
                        DeprecationWarning,
                        stacklevel=2,
                    )
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def renamed_function(func: F, old_name: str) -> F:
    """Return ``func`` under its old name, warning with the new name on every call.

    Parameters
    ----------
    func : callable
        The function under its new name.
    old_name : str
        The name it had.

    Returns
    -------
    callable
        A wrapper with ``func``'s signature and docstring.

    Examples
    --------
    >>> def plot_demo():
    ...     return "drawn"
    >>> demo_plot = renamed_function(plot_demo, "demo_plot")
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     demo_plot()
    'drawn'
    >>> print(caught[0].message)
    demo_plot is renamed plot_demo; fix: call plot_demo(...)
    """
    new_name = func.__name__
    RENAMED.append((f"{func.__module__}.{old_name}", old_name, new_name))

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        warnings.warn(
            f"{old_name} is renamed {new_name}; fix: call {new_name}(...)",
            DeprecationWarning,
            stacklevel=2,
        )
        return func(*args, **kwargs)

    wrapper.__name__ = wrapper.__qualname__ = old_name
    return wrapper  # type: ignore[return-value]


def renamed_value(where: str, argument: str, value: Any, old_to_new: Mapping[Any, Any]) -> Any:
    """Return the new spelling of an option value, warning when the old one was passed.

    Parameters
    ----------
    where : str
        The function, for the message.
    argument : str
        The argument's name.
    value
        The value passed.
    old_to_new : mapping
        Old value -> new value.

    Returns
    -------
    object
        ``old_to_new[value]`` for an old value (with a :class:`DeprecationWarning`), else
        ``value`` unchanged.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     renamed_value("sun_abraham", "control_group", "never", {"never": "nevertreated"})
    'nevertreated'
    >>> renamed_value("sun_abraham", "control_group", "nevertreated", {"never": "nevertreated"})
    'nevertreated'
    """
    if isinstance(value, str) and value in old_to_new:
        new = old_to_new[value]
        warnings.warn(
            f"{where}: {argument}={value!r} is renamed {argument}={new!r}; "
            f"fix: write {argument}={new!r}",
            DeprecationWarning,
            stacklevel=3,
        )
        return new
    return value


def replaced_by_labels(figure: str) -> Callable[[F], F]:
    """Let a plot function still take the old ``language=`` keyword instead of ``labels=``.

    An old call ``f(..., language="zh")`` warns (:class:`DeprecationWarning`) and is run as
    ``f(..., labels=evalkit.i18n.figure_text(figure, "zh"))``; a language other than zh or en
    raises the one error of :func:`evalkit.i18n.check_language`.

    Parameters
    ----------
    figure : str
        The key of the figure's texts in :data:`evalkit.i18n.FIGURE_TEXT`.

    Returns
    -------
    callable
        A decorator; the decorated function's signature (``inspect.signature``) is the new one.

    Raises
    ------
    ParameterError
        When a call passes both ``language`` and ``labels``.

    Examples
    --------
    >>> @replaced_by_labels("its")
    ... def draw(*, labels=None):
    ...     return labels["actual"]
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     draw(language="zh")
    '实际值'
    >>> for part in str(caught[0].message).split("; "):
    ...     print(part)
    draw: the keyword 'language' is replaced by 'labels'
    fix: write labels=evalkit.i18n.figure_text('its', language)
    """

    def decorate(func: F) -> F:
        name = func.__qualname__
        RENAMED.append((f"{func.__module__}.{name}", "language", "labels"))
        fix = f"labels=evalkit.i18n.figure_text({figure!r}, language)"

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if "language" in kwargs:
                language = kwargs.pop("language")
                labels = figure_text(figure, language)  # a bad language raises here
                if kwargs.get("labels") is not None:
                    raise ParameterError(
                        f"{name}: both 'language' and 'labels' given; rule: 'labels' replaces "
                        f"'language'; fix: pass only {fix}"
                    )
                warnings.warn(
                    f"{name}: the keyword 'language' is replaced by 'labels'; fix: write {fix}",
                    DeprecationWarning,
                    stacklevel=2,
                )
                kwargs["labels"] = labels
            return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


__all__ = [
    "RENAMED",
    "renamed_function",
    "renamed_keywords",
    "renamed_value",
    "replaced_by_labels",
]
