"""Shared fixtures: the committed registry, loaded once per test session."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest

from evalkit.plans import DEFAULT_PATH, PlanRegistry, RegistryWarning


@pytest.fixture(scope="session")
def registry() -> PlanRegistry:
    """The registry in data/raw/plans, validated against the panel (or its fallback roster)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RegistryWarning)
        return PlanRegistry.load()


@pytest.fixture
def registry_copy(tmp_path: Path) -> Path:
    """A writable copy of the registry folder, for tests that break one file."""
    folder = tmp_path / "plans"
    shutil.copytree(DEFAULT_PATH, folder)
    return folder
