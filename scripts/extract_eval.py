"""Print how well extract_targets / extract_reported recover the registry from its seeds.

Run: ``PYTHONPATH=src python scripts/extract_eval.py`` (seeds from $EVALKIT_SEEDS_DIR or
../shared/seeds). Prints one line per comparison, then every miss and false hit with its reason.
"""

from __future__ import annotations

import pandas as pd

from evalkit.plans.extract_compare import comparison_report
from evalkit.plans.extract_seeds import seed_comparisons, seed_table


def main() -> None:
    """Print the precision/recall table and the misses and false hits of each comparison."""
    comparisons = seed_comparisons()
    with pd.option_context("display.width", 200):
        print(seed_table(comparisons).to_string(index=False))
    for name, result in comparisons.items():
        if name.startswith("reported-keyed"):
            continue
        print(f"\n== {name}")
        print(comparison_report(result, result.match_columns))


if __name__ == "__main__":
    main()
