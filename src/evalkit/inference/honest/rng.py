"""R's default random numbers (Mersenne-Twister, inversion normals), reproduced in numpy.

HonestDiD calls ``set.seed(0)`` before every simulation it runs (the folded-normal quantile of
the FLCI, the least-favourable critical value of the C-LF test). Drawing the very same numbers
makes those simulated quantities, and hence the intervals, identical to R's instead of equal
up to Monte Carlo error.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtri

_TWO_POW_32_INV = 2.3283064365386963e-10
_I2_32M1 = 2.328306437080797e-10
_BIG = 134217728.0  # 2**27, R's norm_rand() inversion
_MT_STATE_WORDS = 625  # R keeps mti followed by the 624 words of state


def _seeded_state(seed: int) -> np.random.MT19937:
    """Return an MT19937 bit generator in the state R's ``set.seed(seed)`` leaves."""
    state = seed & 0xFFFFFFFF
    for _ in range(50):  # R's initial scrambling
        state = (69069 * state + 1) & 0xFFFFFFFF
    words = np.empty(_MT_STATE_WORDS, dtype=np.uint64)
    for j in range(_MT_STATE_WORDS):
        state = (69069 * state + 1) & 0xFFFFFFFF
        words[j] = state
    generator = np.random.MT19937()
    generator.state = {
        "bit_generator": "MT19937",
        "state": {"key": words[1:].astype(np.uint32), "pos": 624},
    }
    return generator


def r_runif(n: int, seed: int) -> np.ndarray:
    """Return R's ``set.seed(seed); runif(n)``.

    Examples
    --------
    >>> round(float(r_runif(1, 0)[0]), 7)
    0.8966972

    """
    raw = _seeded_state(seed).random_raw(n).astype(float) * _TWO_POW_32_INV
    raw[raw <= 0.0] = 0.5 * _I2_32M1
    raw[1.0 - raw <= 0.0] = 1.0 - 0.5 * _I2_32M1
    return raw


def r_rnorm(n: int, seed: int) -> np.ndarray:
    """Return R's ``set.seed(seed); rnorm(n)`` (Mersenne-Twister, inversion).

    Examples
    --------
    >>> round(float(r_rnorm(1, 42)[0]), 6)
    1.370958

    """
    uniforms = r_runif(2 * n, seed)
    first, second = uniforms[0::2], uniforms[1::2]
    return ndtri((np.floor(_BIG * first) + second) / _BIG)


def r_rmvnorm(n: int, sigma: np.ndarray, seed: int) -> np.ndarray:
    """Return ``set.seed(seed); mvtnorm::rmvnorm(n, sigma = sigma)`` (eigen method).

    The square root is the symmetric one, ``V diag(sqrt(max(lambda, 0))) V'``, which does not
    depend on the sign or rotation of the eigenvectors, so it equals R's to rounding.

    Examples
    --------
    >>> r_rmvnorm(2, np.eye(2), 42).round(6).tolist()
    [[1.370958, -0.564698], [0.363128, 0.632863]]

    """
    sigma = np.asarray(sigma, dtype=float)
    values, vectors = np.linalg.eigh(sigma)
    root = (vectors * np.sqrt(np.maximum(values, 0.0))) @ vectors.T
    draws = r_rnorm(n * sigma.shape[0], seed).reshape(n, sigma.shape[0])
    return draws @ root


def r_quantile(values: np.ndarray, prob: float) -> float:
    """Return R's ``quantile(values, prob)`` (type 7), ignoring NaN like ``na.rm = TRUE``."""
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    index = (values.size - 1) * prob
    low = int(np.floor(index))
    high = min(low + 1, values.size - 1)
    ordered = np.partition(values, [low, high])
    weight = index - low
    if weight == 0 or ordered[high] == ordered[low]:
        return float(ordered[low])
    return float((1 - weight) * ordered[low] + weight * ordered[high])
