"""The committed registry, loaded once for the design tests."""

from __future__ import annotations

import warnings

import pytest

from evalkit.plans import PlanRegistry, RegistryWarning


@pytest.fixture(scope="session")
def registry() -> PlanRegistry:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RegistryWarning)
        return PlanRegistry.load()


@pytest.fixture(scope="session")
def panel():
    """The processed panel (``evalkit build-panel``), as the reports read it."""
    from evalkit.panel import load

    return load()
