"""One report per Zhejiang city: parameter validation, the batch, and the index."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from evalkit.config import REPORTS_DIR
from evalkit.design import DEFAULT_OUTCOMES, DEFAULT_YEARS
from evalkit.errors import ParameterError
from evalkit.i18n import LANGUAGES
from evalkit.panel import Panel
from evalkit.regions import ZHEJIANG
from evalkit.report.index import write_index
from evalkit.report.render import CITY_NOTEBOOK, RenderSummary, render_batch


def city_parameters(
    panel: Panel,
    city_code: str,
    *,
    outcomes: tuple[str, ...] | list[str] = DEFAULT_OUTCOMES,
    language: str = "zh",
    start_year: int = DEFAULT_YEARS[0],
    end_year: int = DEFAULT_YEARS[1],
) -> dict[str, Any]:
    """Validate one city report's parameters before any kernel starts.

    Raises
    ------
    ParameterError
        One line naming the bad value and listing the valid choices.

    """
    units = panel.units
    cities = sorted(units.loc[units["province_code"] == ZHEJIANG, "unit_code"])
    if city_code not in cities:
        raise ParameterError(
            f"city_code={city_code!r} is not a Zhejiang city in the panel; valid: {cities}"
        )
    unknown = [o for o in outcomes if o not in panel.indicators]
    if unknown:
        raise ParameterError(f"outcome(s) {unknown} not in the panel; valid: {panel.indicators}")
    if language not in LANGUAGES:
        raise ParameterError(f"language={language!r}; valid: {list(LANGUAGES)}")
    years = panel.frame["year"]
    first, last = int(years.min()), int(years.max())
    if not first <= start_year < end_year <= last:
        raise ParameterError(
            f"years {start_year}-{end_year} out of range; valid: {first} <= start_year < "
            f"end_year <= {last}"
        )
    return {
        "city_code": city_code,
        "outcomes": list(outcomes),
        "language": language,
        "start_year": start_year,
        "end_year": end_year,
    }


def render_city_reports(
    panel: Panel,
    city_codes: list[str] | None = None,
    *,
    output_dir: Path = REPORTS_DIR,
    notebook: Path = CITY_NOTEBOOK,
    progress: bool = True,
    **parameters: Any,
) -> RenderSummary:
    """Render the city report for each city (default: every Zhejiang city) and the index.

    Parameters
    ----------
    panel : Panel
        The processed panel (for validating parameters).
    city_codes : list of str, optional
        Cities to render; default all Zhejiang cities in the panel.
    output_dir : pathlib.Path
        ``reports/``; each city goes to ``output_dir/<city_code>/``.
    notebook : pathlib.Path
        The parameterized notebook.
    progress : bool
        Show a progress bar.
    **parameters
        ``outcomes``, ``language``, ``start_year``, ``end_year`` for every city.

    """
    if city_codes is None:
        units = panel.units
        city_codes = sorted(units.loc[units["province_code"] == ZHEJIANG, "unit_code"])
    jobs = {code: city_parameters(panel, code, **parameters) for code in city_codes}
    summary = render_batch(jobs, notebook=notebook, output_dir=output_dir, progress=progress)
    index = {o.name: o.results if o.ok else {"error": o.error} for o in summary.outcomes}
    write_index(index, output_dir / "index.html")
    return summary
