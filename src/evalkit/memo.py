"""A batch-shared, content-addressed disk cache for pure computations (opt-in).

A render batch computes the same things in every city report: the pooled fits, the cohort
event study, the placebo fits on the comparison cities. :func:`memoize` lets the report
kernels of one batch compute each of them once and share the result through files.

How it works
------------
The cache is off unless the environment variable :data:`MEMO_ENV` (``EVALKIT_MEMO_DIR``)
names an existing folder; :func:`evalkit.render.render.render_batch` creates one inside the
output folder's hidden staging area for a warm batch, passes it to its kernels through the
environment and removes it when the batch ends. Without the variable (a notebook in JupyterLab,
``evalkit verify``'s fresh kernels, the tests) a decorated function is called as before, so
the cached and uncached results are the same by construction.

With the cache on, a call's key is the SHA-256 of the function's qualified name, evalkit's
code fingerprint (:func:`evalkit.fingerprint.code_fingerprint`: a code change gives new keys)
and its arguments: a DataFrame or Series by content (:func:`pandas.util.hash_pandas_object` with the
index, plus column names, dtypes and index names), numbers, strings, ``None`` and lists, tuples
and dicts of them by ``repr`` with their type, and an object with a ``content_key()`` method
(:class:`evalkit.panel.Panel`, :class:`evalkit.plans.PlanRegistry`) by the string that method
returns, which must change whenever the object's content does. A call with any other argument
(a random generator, a model object) is not cached: it is simply computed. The first kernel
asking for a key takes a file lock, computes and writes ``<key>.pkl`` atomically (temporary
file, then rename); the others wait on the lock and read the result. Warnings the computation
raised are stored with the result and raised again on every call (the reports list them), so
a call behaves the same whether it computed or read the result. Exceptions are not cached.

Opting a function in
--------------------
Decorate it at its definition::

    from evalkit.memo import memoize

    @memoize
    def twfe(data, yname, tname, idname, gname, *, clustervar=None): ...

What must hold: the function is pure and deterministic (its result depends only on its
arguments and evalkit's code: no global random state, no files read that are not arguments,
no clock), it does not modify its arguments, and its result pickles. Callers must treat the
result as read-only only as much as they already do: each call returns a fresh unpickled copy.

This module imports nothing from evalkit (estimators may use it).
"""

from __future__ import annotations

import copyreg
import fcntl
import functools
import hashlib
import io
import os
import pickle
import tempfile
import types
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

from evalkit.fingerprint import code_fingerprint

MEMO_ENV = "EVALKIT_MEMO_DIR"
F = TypeVar("F", bound=Callable[..., Any])
_PACKAGE = Path(__file__).resolve().parent
_SCALARS = (str, int, float, bool, type(None), np.integer, np.floating, np.bool_)


class UnhashableError(TypeError):
    """An argument the cache does not key by content; the call is computed, not cached."""


def _feed(digest: Any, value: Any) -> None:
    """Add ``value`` to ``digest`` by content, or raise :class:`UnhashableError`."""
    if isinstance(value, pd.DataFrame | pd.Series):
        if value.attrs:
            raise UnhashableError("a pandas object with attrs")
        frame = value.to_frame() if isinstance(value, pd.Series) else value
        digest.update(type(value).__name__.encode())
        digest.update(repr(list(frame.columns)).encode())
        digest.update(repr([str(t) for t in frame.dtypes]).encode())
        digest.update(repr(list(frame.index.names)).encode() + str(frame.index.dtype).encode())
        digest.update(repr(frame.shape).encode())
        if len(frame.columns) and len(frame):
            digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
        elif len(frame):
            digest.update(pd.util.hash_pandas_object(frame.index).to_numpy().tobytes())
        return
    if isinstance(value, _SCALARS):
        digest.update(f"{type(value).__name__}:{value!r};".encode())
        return
    content_key = getattr(value, "content_key", None)
    if callable(content_key):
        digest.update(f"{type(value).__qualname__}<{content_key()}>".encode())
        return
    if isinstance(value, list | tuple):
        digest.update(f"{type(value).__name__}[{len(value)}](".encode())
        for item in value:
            _feed(digest, item)
        digest.update(b")")
        return
    if isinstance(value, dict):
        digest.update(f"dict[{len(value)}](".encode())
        for key, item in value.items():
            _feed(digest, key)
            _feed(digest, item)
        digest.update(b")")
        return
    raise UnhashableError(type(value).__name__)


def content_hash(*values: Any) -> str:
    """Return the SHA-256 of ``values`` by content, as the cache keys arguments.

    For a ``content_key()`` method of a large, read-only container.

    Raises
    ------
    UnhashableError
        If a value is not one the cache keys by content.

    Examples
    --------
    >>> content_hash(pd.DataFrame({"y": [1.0]})) == content_hash(pd.DataFrame({"y": [1.0]}))
    True
    """
    digest = hashlib.sha256()
    _feed(digest, values)
    return digest.hexdigest()


def call_key(function: Callable[..., Any], args: tuple, kwargs: dict[str, Any]) -> str:
    """Return the cache key of ``function(*args, **kwargs)``.

    Raises
    ------
    UnhashableError
        If an argument is not one the cache keys by content.

    Examples
    --------
    >>> frame = pd.DataFrame({"y": [1.0, 2.0]})
    >>> call_key(len, (frame,), {}) == call_key(len, (frame.copy(),), {})
    True
    >>> call_key(len, (frame,), {}) == call_key(len, (frame.assign(y=[1.0, 2.5]),), {})
    False
    """
    digest = hashlib.sha256()
    digest.update(f"{function.__module__}.{function.__qualname__}|{code_fingerprint()}|".encode())
    _feed(digest, args)
    _feed(digest, sorted(kwargs.items()))
    return digest.hexdigest()


def cache_dir() -> Path | None:
    """Return the batch's cache folder, or None when caching is off (the default).

    Examples
    --------
    >>> os.environ.get(MEMO_ENV) is None and cache_dir() is None
    True
    """
    folder = os.environ.get(MEMO_ENV)
    if not folder:
        return None
    path = Path(folder)
    return path if path.is_dir() else None


def _replay(caught: list[tuple[str, type[Warning], str, int, str | None]]) -> None:
    for message, category, filename, lineno, module in caught:
        # an explicit module=None is not "derive it from the file name": pass it only if known
        where = {"module": module} if module else {}
        warnings.warn_explicit(message, category, filename, lineno, **where)


def _module(filename: str) -> str | None:
    """Return the module name warnings filters see for an evalkit file (None: from its name)."""
    path = Path(filename).resolve()
    if not path.is_relative_to(_PACKAGE) or path.suffix != ".py":
        return None
    parts = ("evalkit", *path.relative_to(_PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _compute(function: Callable[..., Any], args: tuple, kwargs: dict[str, Any]) -> tuple:
    with warnings.catch_warnings(record=True) as records:
        warnings.simplefilter("always")
        result = function(*args, **kwargs)
    caught = [
        (str(w.message), w.category, w.filename, w.lineno, _module(w.filename)) for w in records
    ]
    return result, caught


def _mappingproxy(proxy: types.MappingProxyType) -> tuple:
    return types.MappingProxyType, (dict(proxy),)


def _dumps(value: Any) -> bytes:
    """Pickle ``value``; read-only mappings (``MappingProxyType``) pickle as such."""
    stream = io.BytesIO()
    pickler = pickle.Pickler(stream, protocol=5)
    pickler.dispatch_table = copyreg.dispatch_table.copy()
    pickler.dispatch_table[types.MappingProxyType] = _mappingproxy
    pickler.dump(value)
    return stream.getvalue()


def _write_atomic(path: Path, payload: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def cached_call(function: Callable[..., Any], args: tuple, kwargs: dict[str, Any]) -> Any:
    """Call ``function`` through the batch cache (computed directly when the cache is off).

    Examples
    --------
    >>> cached_call(sum, ([1, 2, 3],), {})
    6
    """
    folder = cache_dir()
    if folder is None:
        return function(*args, **kwargs)
    try:
        key = call_key(function, args, kwargs)
    except UnhashableError:
        return function(*args, **kwargs)
    path = folder / f"{key}.pkl"
    if not path.is_file():
        with open(folder / f"{key}.lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # one kernel computes; the others wait, then read
            if not path.is_file():
                computed = _compute(function, args, kwargs)
                try:
                    payload = _dumps(computed)
                except (TypeError, AttributeError, pickle.PicklingError):
                    _replay(computed[1])  # a result that does not pickle is not shared
                    return computed[0]
                _write_atomic(path, payload)
    result, caught = pickle.loads(path.read_bytes())  # files this batch wrote
    _replay(caught)
    return result


def memoize(function: F) -> F:
    """Decorate a pure, deterministic function so a render batch computes each call once.

    See the module docstring for what must hold. Without :data:`MEMO_ENV` the function is
    called as it is.

    Examples
    --------
    >>> @memoize
    ... def double(x):
    ...     return 2 * x
    >>> double(21)
    42
    """

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return cached_call(function, args, kwargs)

    return wrapper  # type: ignore[return-value]
