"""How well the extractors recover the registry from the seed documents it was written from.

The registry's ``targets.csv`` and ``reported.csv`` were transcribed by hand from the seed
documents in ``../shared/seeds`` beside the checkout. :func:`seed_comparisons` runs
:func:`~evalkit.plans.extract_targets` on the 兰溪 2018-20 and 嘉兴 2021-23 plans and
:func:`~evalkit.plans.extract_reported` on the 嘉兴 2018 results and the 衢州 reply, and compares
each with the registry rows citing that seed.

Caveat for readers of the figures: the keyword table that maps wording to registry keys was
written with these seeds in view, so the indicator mapping is measured in-sample here; the
parsing rules are also tested on made-up sentences (``tests/plans/test_extract*.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from evalkit.config import PROJECT_ROOT
from evalkit.errors import DataDirError
from evalkit.plans.extract import extract_targets
from evalkit.plans.extract_compare import REPORTED_MATCH, TARGET_MATCH, Comparison, compare
from evalkit.plans.registry import DEFAULT_PATH
from evalkit.plans.reported_extract import extract_reported
from evalkit.plans.schema import REPORTED_COLUMNS, TARGET_COLUMNS, read_table

SEEDS_VARIABLE = "EVALKIT_SEEDS_DIR"
DEFAULT_SEEDS_DIR = PROJECT_ROOT.parent / "shared" / "seeds"
#: Plan seeds: plan_id -> file.
TARGET_SEEDS = {
    "lanxi_growth_2018": "001_522d26e6ec434376.txt",
    "jiaxing_growth_2021": "003_a4906bae605cc669.txt",
}
#: Report seeds: file -> (unit_code, unit_name).
REPORTED_SEEDS = {
    "000_bfe12aea64607f33.txt": ("330400", "嘉兴市"),
    "002_e9b2abd4ad84d207.txt": ("330800", "衢州市"),
}


def seeds_dir() -> Path:
    """Return the seed folder: ``$EVALKIT_SEEDS_DIR`` or ``../shared/seeds`` beside the checkout.

    Raises
    ------
    DataDirError
        If the folder or a seed file is missing.
    """
    configured = os.environ.get(SEEDS_VARIABLE)
    path = Path(configured) if configured else DEFAULT_SEEDS_DIR
    missing = [f for f in (*TARGET_SEEDS.values(), *REPORTED_SEEDS) if not (path / f).is_file()]
    if missing:
        raise DataDirError(
            f"seed documents missing in {path}: {missing}; rule: the seeds are read from "
            f"${SEEDS_VARIABLE} or ../shared/seeds beside the checkout; fix: point "
            f"{SEEDS_VARIABLE} at the folder that holds them"
        )
    return path


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def seed_comparisons(
    seeds: Path | None = None, registry: Path = DEFAULT_PATH
) -> dict[str, Comparison]:
    """Precision and recall of both extractors on the four seeds the registry cites.

    Returns
    -------
    dict of str to Comparison
        Keyed ``targets:<plan_id>``, ``reported:<file>`` (every extracted figure) and
        ``reported-keyed:<file>`` (only figures the keyword table named).

    Examples
    --------
    >>> result = seed_comparisons()  # doctest: +SKIP
    >>> round(result["targets:jiaxing_growth_2021"].recall, 2)  # doctest: +SKIP
    1.0
    """
    folder = seeds if seeds is not None else seeds_dir()
    targets = read_table(registry / "targets.csv", TARGET_COLUMNS)
    targets["target"] = targets["target"].astype(float)
    reported = read_table(registry / "reported.csv", REPORTED_COLUMNS)
    reported["value"] = reported["value"].astype(float)
    out: dict[str, Comparison] = {}
    for plan_id, name in TARGET_SEEDS.items():
        rows = extract_targets(_read(folder / name), plan_id=plan_id, source=f"seeds/{name}")
        truth = targets.loc[targets["source"] == f"seeds/{name}"]
        out[f"targets:{plan_id}"] = compare(rows.tidy(), truth, TARGET_MATCH)
    for name, (code, unit_name) in REPORTED_SEEDS.items():
        rows = extract_reported(
            _read(folder / name), unit_code=code, unit_name=unit_name, source=f"seeds/{name}"
        ).tidy()
        truth = reported.loc[reported["source"] == f"seeds/{name}"]
        out[f"reported:{name}"] = compare(rows, truth, REPORTED_MATCH)
        keyed = rows.loc[rows["indicator"] != ""].reset_index(drop=True)
        out[f"reported-keyed:{name}"] = compare(keyed, truth, REPORTED_MATCH)
    return out


def seed_table(comparisons: dict[str, Comparison]) -> pd.DataFrame:
    """One row per comparison: extracted, registry, matched, precision, recall."""
    return pd.DataFrame(
        [
            {"comparison": name, "extracted": c.n_extracted, "registry": c.n_registry,
             "matched": c.n_matched, "precision": round(c.precision, 4),
             "recall": round(c.recall, 4)}
            for name, c in comparisons.items()
        ]
    )  # fmt: skip
