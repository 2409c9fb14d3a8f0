"""One report per treated city of a programme: parameter validation, the batch, the index."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from evalkit.config import PROJECT_ROOT, REPORTS_DIR
from evalkit.design import DEFAULT_OUTCOMES, DEFAULT_YEARS, build_design
from evalkit.errors import ParameterError
from evalkit.i18n import check_language
from evalkit.render.index import reports_on_disk, write_index
from evalkit.render.index_data import POOLED_NOTEBOOKS
from evalkit.render.render import (
    CITY_NOTEBOOK,
    RenderSummary,
    check_render_options,
    render_batch,
    render_lock,
)
from evalkit.report.counterfactuals import ensure_counterfactuals

# Programmes with city reports (the city notebook's ``programme`` selects the design); the
# default's reports go to reports/<city_code>/, the others' to reports/<programme>_<city_code>/.
PROGRAMMES = ("zj_growth_plan", "liangchuang_demo")
DEFAULT_PROGRAMME = PROGRAMMES[0]


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
    check_language(language)
    if programme not in PROGRAMMES:
        raise ParameterError(f"programme={programme!r}; valid: {list(PROGRAMMES)}")
    cities = treated_cities(summary, programme)
    if city_code not in cities:
        raise ParameterError(
            f"city_code={city_code!r} is not a treated city of {programme} in the panel; "
            f"valid: {cities}"
        )
    if isinstance(outcomes, str) or not outcomes:
        raise ParameterError(
            f"outcomes={outcomes!r}; rule: a non-empty list of indicator ids; valid: "
            f"{summary['indicators']}"
        )
    unknown = [o for o in outcomes if o not in summary["indicators"]]
    if unknown:
        raise ParameterError(
            f"outcome(s) {unknown} not in the panel; valid: {summary['indicators']}"
        )
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
        Passed to :func:`evalkit.render.render.render_batch` (executor, n_jobs, force, ...).
    **parameters
        ``outcomes``, ``language``, ``first_year``, ``end_year``, ``seed`` for every city.

    """
    options = render_options or {}
    check_render_options(
        **{k: options[k] for k in ("executor", "scheduler", "n_jobs", "timeout") if k in options}
    )
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
    summary = render_batch(jobs, notebook=notebook, output_dir=output_dir, **options)
    write_batch_index(summary, output_dir, language=language)
    return summary


def write_batch_index(
    summary: RenderSummary, output_dir: Path, *, language: str | None = None
) -> dict[str, dict[str, Any]]:
    """Write ``output_dir/index.html`` (and the other language's index) from every intact report.

    ``index.html`` is in ``language`` (default the reports' language), ``index.<other>.html``
    in the other one (:func:`evalkit.render.index.write_index`); returns the index entries.

    Whichever subset the batch rendered, the index lists every report folder whose files
    match its manifest (:func:`evalkit.render.index.reports_on_disk`); a job that failed
    shows its error only when no good report of it exists.

    Examples
    --------
    >>> write_batch_index(RenderSummary(()), Path("/tmp/evalkit-empty"))  # doctest: +SKIP
    {}

    """
    if language is not None:
        check_language(language)
    with render_lock(output_dir):
        index = reports_on_disk(output_dir)
        index.update({o.name: {"error": o.error} for o in summary.failed if o.name not in index})
        write_index(index, Path(output_dir) / "index.html", language=language)
    return index


def pooled_parameters(name: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """Validate the parameters of a pooled report as :func:`render_city_reports` gives them.

    Examples
    --------
    >>> pooled_parameters("province_did", {"language": "en"})
    {'language': 'en'}

    """
    expected = {"language"} if POOLED_NOTEBOOKS.get(name) else set()
    if name not in POOLED_NOTEBOOKS or set(parameters) != expected:
        raise ParameterError(
            f"{name}: parameters {sorted(parameters, key=str)}; valid: {sorted(expected)} for "
            f"the pooled reports {sorted(POOLED_NOTEBOOKS)}"
        )
    if expected:
        check_language(parameters["language"])
    return dict(parameters)


def report_notebook_validators(summary: dict) -> dict[str, tuple[Path, Any]]:
    """Return the repository's report notebooks and how each validates its parameters.

    Returns ``{path relative to the checkout: (notebook, validate)}``, where ``validate`` takes
    a parameters dict and returns it validated exactly as :func:`render_city_reports` does, or
    raises :class:`ParameterError`. ``evalkit verify`` re-runs only these notebooks.

    Examples
    --------
    >>> from evalkit.panel import load_summary
    >>> sorted(report_notebook_validators(load_summary()))[0]  # doctest: +SKIP
    'notebooks/city_report.ipynb'
    """

    def city(parameters: dict[str, Any]) -> dict[str, Any]:
        names = set(city_parameters.__kwdefaults__) | {"city_code"}
        unknown = sorted(set(parameters) - names, key=str)
        if unknown or "city_code" not in parameters:
            raise ParameterError(
                f"city report parameters {unknown or '(no city_code)'} invalid; valid: "
                f"{sorted(names)}"
            )
        return city_parameters(summary, **parameters)

    found: dict[str, tuple[Path, Any]] = {
        CITY_NOTEBOOK.relative_to(PROJECT_ROOT).as_posix(): (CITY_NOTEBOOK, city)
    }
    for name in POOLED_NOTEBOOKS:
        path = CITY_NOTEBOOK.parent / f"{name}.ipynb"
        if path.is_file():
            found[path.relative_to(PROJECT_ROOT).as_posix()] = (
                path,
                lambda parameters, name=name: pooled_parameters(name, parameters),
            )
    return found
