"""One report per treated city of a programme: parameter validation, the batch, the index."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from evalkit.config import REPORTS_DIR
from evalkit.design import DEFAULT_OUTCOMES, DEFAULT_YEARS, build_design
from evalkit.errors import ParameterError
from evalkit.i18n import LANGUAGES
from evalkit.report.counterfactuals import ensure_counterfactuals
from evalkit.report.index import write_index
from evalkit.report.render import CITY_NOTEBOOK, RenderSummary, render_batch
from evalkit.report.results import load_results

# Programmes with city reports (the city notebook's ``programme`` selects the design); the
# default's reports go to reports/<city_code>/, the others' to reports/<programme>_<city_code>/.
PROGRAMMES = ("zj_growth_plan", "liangchuang_demo")
DEFAULT_PROGRAMME = PROGRAMMES[0]
# Pooled analyses rendered beside the city reports (when their notebooks exist), and whether
# each takes the report language as a parameter.
POOLED_NOTEBOOKS = {"province_did": True, "liangchuang_did": True, "plan_targets": True}


def treated_cities(summary: dict, programme: str = DEFAULT_PROGRAMME) -> list[str]:
    """Return the codes of the programme's treated units that the panel summary holds."""
    if programme not in PROGRAMMES:
        raise ParameterError(f"programme={programme!r}; valid: {list(PROGRAMMES)}")
    present = {u["unit_code"] for u in summary["units"]}
    return [code for code in _treated_units(programme) if code in present]


@cache
def _treated_units(programme: str) -> tuple[str, ...]:
    return tuple(build_design(programme).treated_units)


def zhejiang_cities(summary: dict) -> list[str]:
    """Return the codes of the growth plan's treated (Zhejiang) cities in a panel summary."""
    return treated_cities(summary, DEFAULT_PROGRAMME)


def report_name(programme: str, city_code: str) -> str:
    """Return the report folder of a city report: the code, prefixed for other programmes.

    Examples
    --------
    >>> report_name("zj_growth_plan", "330100"), report_name("liangchuang_demo", "330100")
    ('330100', 'liangchuang_demo_330100')
    """
    return city_code if programme == DEFAULT_PROGRAMME else f"{programme}_{city_code}"


def city_parameters(
    summary: dict,
    city_code: str,
    *,
    programme: str = DEFAULT_PROGRAMME,
    outcomes: tuple[str, ...] | list[str] = DEFAULT_OUTCOMES,
    language: str = "zh",
    first_year: int = DEFAULT_YEARS[0],
    end_year: int = DEFAULT_YEARS[1],
    seed: int = 0,
) -> dict[str, Any]:
    """Validate one city report's parameters before any kernel starts.

    Parameters
    ----------
    summary : dict
        The panel summary (:func:`evalkit.panel.load_summary`).
    city_code : str
        A treated city of ``programme`` (6-digit code).
    programme, outcomes, language, first_year, end_year, seed
        The notebook's parameters (``first_year``/``end_year``: the sample years).

    Raises
    ------
    ParameterError
        One line naming the bad value and listing the valid choices.

    """
    if programme not in PROGRAMMES:
        raise ParameterError(f"programme={programme!r}; valid: {list(PROGRAMMES)}")
    cities = treated_cities(summary, programme)
    if city_code not in cities:
        raise ParameterError(
            f"city_code={city_code!r} is not a treated city of {programme} in the panel; "
            f"valid: {cities}"
        )
    unknown = [o for o in outcomes if o not in summary["indicators"]]
    if unknown:
        raise ParameterError(
            f"outcome(s) {unknown} not in the panel; valid: {summary['indicators']}"
        )
    if language not in LANGUAGES:
        raise ParameterError(f"language={language!r}; valid: {list(LANGUAGES)}")
    first, last = summary["years"]
    if not first <= first_year < end_year <= last:
        raise ParameterError(
            f"years {first_year}-{end_year} out of range; valid: {first} <= first_year < "
            f"end_year <= {last}"
        )
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ParameterError(f"seed={seed!r}; valid: a non-negative integer")
    return {
        "city_code": city_code,
        "outcomes": list(outcomes),
        "programme": programme,
        "first_year": first_year,
        "end_year": end_year,
        "language": language,
        "seed": seed,
    }


def render_city_reports(
    summary: dict,
    city_codes: list[str] | None = None,
    *,
    programme: str = DEFAULT_PROGRAMME,
    output_dir: Path = REPORTS_DIR,
    notebook: Path = CITY_NOTEBOOK,
    render_options: dict[str, Any] | None = None,
    **parameters: Any,
) -> RenderSummary:
    """Render the city report for each treated city of ``programme``, and the index.

    Parameters
    ----------
    summary : dict
        The panel summary (:func:`evalkit.panel.load_summary`), for validating parameters.
    city_codes : list of str, optional
        Cities to render; default every treated city of ``programme`` in the panel.
    programme : str
        One of :data:`PROGRAMMES`; selects the design of the city reports.
    output_dir : pathlib.Path
        ``reports/``; each city goes to ``output_dir/<report_name(programme, code)>/``. The
        index lists every report folder of ``output_dir``.
    notebook : pathlib.Path
        The parameterized notebook.
    render_options : dict, optional
        Passed to :func:`evalkit.report.render.render_batch` (executor, n_jobs, force, ...).
    **parameters
        ``outcomes``, ``language``, ``first_year``, ``end_year``, ``seed`` for every city.

    """
    if city_codes is None:
        city_codes = treated_cities(summary, programme)
    jobs: dict[str, Any] = {
        report_name(programme, code): city_parameters(
            summary, code, programme=programme, **parameters
        )
        for code in city_codes
    }
    language = parameters.get("language", "zh")
    for name, takes_language in POOLED_NOTEBOOKS.items():
        path = notebook.parent / f"{name}.ipynb"
        if path.is_file():
            jobs[name] = (path, {"language": language} if takes_language else {})
    ensure_counterfactuals(design=build_design(programme))
    summary = render_batch(jobs, notebook=notebook, output_dir=output_dir, **(render_options or {}))
    index = {
        folder.name: load_results(folder / "results.json")
        for folder in sorted(output_dir.iterdir())
        if (folder / "results.json").is_file()
    }
    index.update({o.name: o.results if o.ok else {"error": o.error} for o in summary.outcomes})
    write_index(index, output_dir / "index.html", language=language)
    return summary
