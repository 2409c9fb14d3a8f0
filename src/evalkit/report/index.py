"""The index page linking every city report with its headline estimates."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from evalkit.i18n import check_language, text, value_label
from evalkit.panel import indicator_label
from evalkit.report.provenance import intact_manifest
from evalkit.util_io import write_text_atomic

# Column headers of the index tables.
HEADERS = {
    "pooled": {
        "en": ("Outcome", "Estimate", "SE", "95% CI", "p", "Clusters"),
        "zh": ("结果变量", "估计值", "标准误", "95% 置信区间", "p 值", "聚类数"),
    },
    "cities": {
        "en": ("City code", "City", "Outcome", "City DiD", "Placebo p", "Rank", "of"),
        "zh": ("城市代码", "城市", "结果变量", "本市 DiD", "安慰剂 p 值", "排名", "效应总数"),
    },
    "analyses": {
        "en": ("Outcome", "Estimator", "Estimate", "SE"),
        "zh": ("结果变量", "估计方法", "估计值", "标准误"),
    },
}

_SORT_SCRIPT = """
<script>
document.querySelectorAll('th').forEach((th, col) => th.addEventListener('click', () => {
  const body = th.closest('table').tBodies[0];
  const rows = Array.from(body.rows);
  const asc = th.dataset.asc !== 'true'; th.dataset.asc = asc;
  const key = r => { const t = r.cells[col].dataset.sort ?? r.cells[col].innerText;
                     const n = parseFloat(t); return isNaN(n) ? t : n; };
  rows.sort((a, b) => (key(a) > key(b) ? 1 : key(a) < key(b) ? -1 : 0) * (asc ? 1 : -1));
  rows.forEach(r => body.appendChild(r));
}));
</script>
"""


LOG_SUFFIX = {"zh": "（对数）", "en": " (log)"}


def outcome_label(column: str, language: str) -> str:
    """Return the reader's name of an outcome column (``log_<id>`` or an indicator id).

    Examples
    --------
    >>> outcome_label("log_loans", "en")
    'Year-end loans of financial institutions (亿元) (log)'
    """
    check_language(language)
    indicator = column.removeprefix("log_")
    label = indicator_label(indicator, language)
    return label + LOG_SUFFIX[language] if column.startswith("log_") else label


def _cell(value: Any, digits: int = 3) -> str:
    if isinstance(value, float):
        return f'<td data-sort="{value!r}">{value:.{digits}f}</td>'
    return f"<td>{html.escape(str(value))}</td>"


def _header(table: str, language: str) -> str:
    return "".join(f"<th>{html.escape(label)}</th>" for label in HEADERS[table][language])


def _pooled_section(name: str, results: dict[str, Any], language: str) -> str:
    """Return a link and an estimator-by-outcome table of a pooled report's results."""
    link = f"<h3><a href='{html.escape(name)}/report.html'>{html.escape(name)}</a></h3>"
    if "error" in results:
        return f"{link}<p>{html.escape(text('failed', language, error=results['error']))}</p>"
    rows = []
    for outcome, estimators in sorted(results.get(name, {}).items()):
        for estimator, value in estimators.items():
            if isinstance(value, dict) and "estimate" in value:
                method = value_label("estimator", estimator, language)
                rows.append(
                    f"<tr>{_cell(outcome_label(outcome, language))}{_cell(method)}"
                    f"{_cell(float(value['estimate']))}"
                    f"{_cell(float(value.get('std_error', float('nan'))))}</tr>"
                )
    if not rows:
        return link
    return (
        f"{link}<table><thead><tr>{_header('analyses', language)}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def reports_language(reports: dict[str, dict[str, Any]]) -> str:
    """Return the language the city reports were rendered in (``"en"`` when none says).

    Examples
    --------
    >>> reports_language({"330100": {"parameters": {"language": "zh"}}, "plan_targets": {}})
    'zh'

    """
    for name in sorted(reports):
        language = reports[name].get("parameters", {}).get("language")
        if language:
            return language
    return "en"


def index_html(
    reports: dict[str, dict[str, Any]], *, language: str | None = None, title: str | None = None
) -> str:
    """Return the index page for ``{city_code: results}`` (results as published by reports).

    Parameters
    ----------
    reports : dict
        For each report folder, its ``results.json`` content, or ``{"error": ...}`` when the
        report failed.
    language : {"en", "zh"}, optional
        Language of the page; default the language the city reports were rendered in
        (:func:`reports_language`), so that a rebuilt index matches the rendered one.
    title : str, optional
        Page title; default the index title of :mod:`evalkit.i18n` in ``language``.

    Examples
    --------
    >>> "<title>浙江省小微企业三年成长计划：各市评估报告</title>" in index_html({}, language="zh")
    True

    """
    language = reports_language(reports) if language is None else language
    title = text("index_title", language) if title is None else title
    rows, pooled = [], {}
    cities = sorted(name for name in reports if name.isdigit())
    others = "".join(
        _pooled_section(n, reports[n], language) for n in sorted(reports) if not n.isdigit()
    )
    for name in cities:
        results = reports[name]
        if "error" in results:
            rows.append(
                f"<tr><td>{html.escape(name)}</td><td colspan='6'>"
                f"{html.escape(text('failed', language, error=results['error']))}</td></tr>"
            )
            continue
        for headline in results.get("headlines", []):
            pooled[headline["outcome"]] = headline
            rows.append(
                "<tr>"
                f"<td><a href='{html.escape(name)}/report.html'>{html.escape(name)}</a></td>"
                f"{_cell(results.get('city_name', ''))}"
                f"{_cell(indicator_label(headline['outcome'], language))}"
                f"{_cell(headline['city_estimate'])}"
                f"{_cell(headline['city_placebo_p_value'])}"
                f"{_cell(headline['city_placebo_rank'])}"
                f"{_cell(headline['n_placebos'] + 1)}"
                "</tr>"
            )
    pooled_rows = "".join(
        f"<tr>{_cell(indicator_label(outcome, language))}{_cell(h['pooled_estimate'])}"
        f"{_cell(h['pooled_std_error'])}<td>[{h['pooled_conf_low']:.3f}, "
        f"{h['pooled_conf_high']:.3f}]</td>{_cell(h['pooled_p_value'])}"
        f"{_cell(h['pooled_n_clusters'])}</tr>"
        for outcome, h in sorted(pooled.items())
    )
    lang = "zh-CN" if language == "zh" else "en"
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;margin:2em;}}
table{{border-collapse:collapse;margin-bottom:2em;}}
td,th{{border:1px solid #ccc;padding:4px 8px;}} th{{cursor:pointer;background:#f4f4f4;}}</style>
</head><body>
<h1>{html.escape(title)}</h1>
<h2>{html.escape(text("index_pooled", language))}</h2>
<table><thead><tr>{_header("pooled", language)}</tr></thead><tbody>{pooled_rows}</tbody></table>
<h2>{html.escape(text("index_cities", language))}</h2>
<table><thead><tr>{_header("cities", language)}</tr></thead><tbody>{"".join(rows)}</tbody></table>
<h2>{html.escape(text("index_others", language))}</h2>
{others}
{_SORT_SCRIPT}</body></html>
"""


def write_index(
    reports: dict[str, dict[str, Any]], path: Path, *, language: str | None = None
) -> None:
    """Write the index page atomically, in ``language`` (default: that of the reports)."""
    write_text_atomic(path, index_html(reports, language=language))


def reports_on_disk(output_dir: Path) -> dict[str, dict[str, Any]]:
    """Return ``{folder name: results}`` for every intact report folder in ``output_dir``.

    Intact: its manifest reads and its files have the SHA-256 the manifest records
    (:func:`evalkit.report.provenance.intact_manifest`). The index is built from these, so it
    lists every report on disk whichever subset the last render touched, and never a damaged one.

    Examples
    --------
    >>> reports_on_disk(Path("/nonexistent"))
    {}

    """
    found: dict[str, dict[str, Any]] = {}
    folders = sorted(Path(output_dir).iterdir()) if Path(output_dir).is_dir() else []
    for folder in folders:
        if folder.name.startswith(".") or not folder.is_dir() or intact_manifest(folder) is None:
            continue
        try:
            found[folder.name] = json.loads((folder / "results.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    return found
