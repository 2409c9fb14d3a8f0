"""The index pages (zh and en) linking every report with its headline estimates."""

from __future__ import annotations

import html
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd

from evalkit.i18n import TEXT, check_language, scoped_text, text
from evalkit.render.index_data import (
    POOLED_HEADLINE_REPORT,
    check_contract,
    city_rows,
    display_values,
    is_missing,
    outcome_name,
    pooled_headlines,
    qvalue_band,
    report_kind,
)
from evalkit.render.index_figures import city_label, forest_uri, map_uri
from evalkit.render.provenance import intact_manifest
from evalkit.report.verdict import format_p_value, format_percent, p_relation
from evalkit.util_io import write_text_atomic

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
_STYLE = """body{font-family:sans-serif;margin:2em;max-width:1150px;}
table{border-collapse:collapse;margin-bottom:1.5em;font-size:14px;}
td,th{border:1px solid #ccc;padding:4px 8px;} th{cursor:pointer;background:#f4f4f4;}
td:first-child{white-space:nowrap;} td.gate{color:#b03a2e;font-weight:bold;}
tr.q-strong td{background:#a9dfbf;} tr.q-weak td{background:#e9f7ef;}
.switch{float:right;font-size:15px;} .note{color:#555;font-size:13px;}
.figures{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start;}
.figures img{max-width:560px;border:1px solid #eee;}"""
OTHER_LANGUAGE = {"zh": "en", "en": "zh"}


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


def _esc(value: Any) -> str:
    return html.escape(str(value))


def _format_value(value: float, transformation: str, *, signed: bool = True) -> str:
    if is_missing(value) or not math.isfinite(value):
        return "n/a"
    if transformation == "log":  # the contract's *_pct fields are percents
        return format_percent(value / 100) if signed else f"{value:.1f}%"
    return f"{value:+.3f}" if signed else f"{value:.3f}"


def headline_text(values: dict[str, Any], transformation: str) -> str:
    """Return ``estimate [low, high]`` in display units (% for log outcomes).

    Examples
    --------
    >>> headline_text({"estimate": 5.0, "conf_low": -1.0, "conf_high": 10.0}, "log")
    '+5.0% [-1.0%, +10.0%]'
    """
    return (
        f"{_format_value(values['estimate'], transformation)} "
        f"[{_format_value(values['conf_low'], transformation)}, "
        f"{_format_value(values['conf_high'], transformation)}]"
    )


def _mde_text(values: dict[str, Any], transformation: str) -> str:
    low, high = values["mde_low"], values["mde_high"]
    return f"{_format_value(low, transformation)} / {_format_value(high, transformation)}"


def verdict_text(verdict: str, direction: Any, language: str) -> str:
    """Return the verdict in ``language``, with the direction when an effect is detected.

    Examples
    --------
    >>> verdict_text("effect_detected", "against", "en")
    'effect detected (against the intended direction)'
    >>> verdict_text("cannot_tell", None, "zh")
    '无法判断'
    """
    label = text(f"index_verdict_{verdict}", language)
    if verdict == "effect_detected" and direction in ("intended", "against"):
        inner = text(f"index_direction_{direction}", language)
        return scoped_text(
            "index", "verdict_with_direction", language, verdict=label, direction=inner
        )
    return label


def _smallest_p_text(smallest_p: Any, language: str) -> str:
    if is_missing(smallest_p):
        return "n/a"
    note = text("index_cannot_reject", language) if float(smallest_p) > 0.05 else ""
    return f"{format_p_value(float(smallest_p))}{note}"


def _pretrend_text(pretrend_p: Any, interpretable: Any, language: str) -> str:
    if is_missing(pretrend_p):
        return text("index_pretrend_none", language)
    key = "index_pretrend_pass" if interpretable is not False else "index_pretrend_fail"
    return text(key, language, p=p_relation(float(pretrend_p)))


def _link(name: str, label: str, report_language: Any, language: str) -> str:
    marker = ""
    if report_language in OTHER_LANGUAGE and report_language != language:
        marker = " " + text(f"index_in_language_{report_language}", language)
    return f"<a href='{_esc(name)}/report.html'>{_esc(label)}</a>{_esc(marker)}"


def _city_table(rows: pd.DataFrame, language: str) -> str:
    columns = ("city", "outcome", "estimate", "mde", "verdict", "p", "q", "smallest_p", "pretrend")
    header = "".join(f"<th>{_esc(text(f'index_col_{c}', language))}</th>" for c in columns)
    body = []
    for row in rows.to_dict("records"):
        values, transformation = row, row["transformation"]
        city = city_label(row["city_code"], row["city_name"], language)
        q = float(row["q_value"])
        body.append(
            f"<tr class='q-{qvalue_band(q)}'>"
            f"<td>{_link(row['folder'], city, row['language'], language)}</td>"
            f"<td>{_esc(outcome_name(row, language))}</td>"
            f"<td data-sort='{values['estimate']!r}'>"
            f"{_esc(headline_text(values, transformation))}</td>"
            f"<td>{_esc(_mde_text(values, transformation))}</td>"
            f"<td>{_esc(verdict_text(row['verdict'], row['direction'], language))}</td>"
            f"<td data-sort='{_number_or_one(row['p_value'])!r}'>"
            f"{_esc(format_p_value(_number_or_one(row['p_value'])))}</td>"
            f"<td data-sort='{q!r}'>{_esc(format_p_value(q))}</td>"
            f"<td>{_esc(_smallest_p_text(row['smallest_p'], language))}</td>"
            f"<td class='{'gate' if row['interpretable'] is False else ''}'>"
            f"{_esc(_pretrend_text(row['pretrend_p'], row['interpretable'], language))}</td>"
            "</tr>"
        )
    return f"<table><thead><tr>{header}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _number_or_one(value: Any) -> float:
    return float("nan") if is_missing(value) else float(value)


def _figures(rows: pd.DataFrame, pooled: dict[str, dict[str, Any]], language: str) -> str:
    parts = []
    for outcome in dict.fromkeys(rows.sort_values(["order", "outcome"])["outcome"]):
        part = rows.loc[rows["outcome"] == outcome]
        name = outcome_name(part.iloc[0].to_dict(), language)
        forest = forest_uri(part, pooled.get(outcome), language)
        tiles = map_uri(part, language)
        parts.append(
            f"<h3>{_esc(name)}</h3><div class='figures'>"
            f"<img src='{forest}' alt='{_esc(name)}'>"
            f"<img src='{tiles}' alt='{_esc(name)}'></div>"
        )
    return "".join(parts)


def _report_title(name: str, results: dict[str, Any], language: str) -> str:
    own = results.get("parameters", {}).get("language")
    if results.get("title") and own in (language, None):
        return str(results["title"])
    key = f"{name}_title"
    return text(key, language) if key in TEXT else name


def _headline_list(headlines: list[dict[str, Any]], language: str) -> str:
    items = []
    for headline in headlines:
        transformation = headline["transformation"]
        item = scoped_text(
            "index",
            "headline_item",
            language,
            outcome=_esc(outcome_name(headline, language)),
            headline=_esc(headline_text(display_values(headline), transformation)),
            verdict=_esc(verdict_text(headline["verdict"], headline["direction"], language)),
        )
        if headline["interpretable"] is False:  # the gate changes the conclusion: say so here
            gate = _pretrend_text(headline["pretrend_p"], False, language)
            item += scoped_text("punctuation", "list_separator", language) + _esc(
                scoped_text("punctuation", "labelled", language,
                            label=text("index_col_pretrend", language), text=gate)
            )  # fmt: skip
        items.append(f"<li>{item}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""


def _pooled_reports(reports: dict[str, dict[str, Any]], language: str) -> str:
    parts = []
    for name in sorted(reports, key=lambda n: (n != POOLED_HEADLINE_REPORT, n)):
        results = reports[name]
        if report_kind(name, results) != "pooled" or "error" in results:
            continue
        own = results.get("parameters", {}).get("language")
        title = _link(name, _report_title(name, results, language), own, language)
        parts.append(f"<h3>{title}</h3>{_headline_list(check_contract(name, results), language)}")
    return "".join(parts)


def _other_reports(reports: dict[str, dict[str, Any]], language: str) -> str:
    parts = []
    for name in sorted(reports):
        results = reports[name]
        kind = report_kind(name, results)
        if "error" in results:
            failed = text("failed", language, error=results["error"])
            parts.append(f"<li>{_link(name, name, None, language)}: {_esc(failed)}</li>")
        elif kind == "other":
            parts.append(f"<li>{_link(name, name, None, language)}</li>")
    return f"<ul>{''.join(parts)}</ul>" if parts else ""


def index_html(
    reports: dict[str, dict[str, Any]],
    *,
    language: str | None = None,
    title: str | None = None,
    main_language: str | None = None,
) -> str:
    """Return the index page for ``{report folder: results}`` (results as published by reports).

    The page shows, in ``language``: the pooled and programme reports by title with their
    headlines; per outcome, a forest plot of the Zhejiang cities with the pooled estimate and a
    tile map; the city x outcome table sorted and coloured by BH q-value; the programme (两创)
    city reports; and a link to the index in the other language.

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
    main_language : {"en", "zh"}, optional
        Language of ``index.html`` (default that of the reports); the switch links to it or to
        ``index.<language>.html``.

    Raises
    ------
    ResultsContractError
        If a city or pooled report's results.json lacks a key of the results contract.

    Examples
    --------
    >>> "<title>浙江省小微企业三年成长计划：各市评估报告</title>" in index_html({}, language="zh")
    True

    """
    if language is not None:
        check_language(language)
    reports_lang = reports_language(reports) if main_language is None else main_language
    language = reports_lang if language is None else language
    title = text("index_title", language) if title is None else title
    cities = city_rows(reports, "city")
    programme_cities = city_rows(reports, "programme_city")
    pooled = pooled_headlines(reports)
    other = OTHER_LANGUAGE[language]
    other_page = index_file_name(other, reports_lang)
    none = f"<p class='note'>{_esc(text('index_none', language))}</p>"
    figures = table = programme = none
    if not cities.empty:
        figures = (
            f"<p class='note'>{_esc(text('index_forest_note', language))}</p>"
            f"{_figures(cities, pooled, language)}"
        )
        table = (
            f"<p class='note'>{_esc(text('index_q_note', language, n=len(cities)))}</p>"
            f"{_city_table(cities, language)}"
        )
    if not programme_cities.empty:
        programme = (
            f"<p class='note'>{_esc(text('index_q_note', language, n=len(programme_cities)))}</p>"
            f"{_city_table(programme_cities, language)}"
        )
    parts = {
        "index_pooled_reports": _pooled_reports(reports, language) or none,
        "index_forest_heading": figures,
        "index_city_table": table,
        "index_programme_cities": programme,
    }
    sections = [f"<p class='note'>{_esc(text('index_intro', language))}</p>"]
    sections += [f"<h2>{_esc(text(key, language))}</h2>{body}" for key, body in parts.items()]
    others = _other_reports(reports, language)
    if others:
        sections.append(f"<h2>{_esc(text('index_other_reports', language))}</h2>{others}")
    lang = "zh-CN" if language == "zh" else "en"
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{_esc(title)}</title>
<style>{_STYLE}</style>
</head><body>
<a class="switch" href="{other_page}" hreflang="{other}">{_esc(text("index_switch", language))}</a>
<h1>{_esc(title)}</h1>
{"".join(sections)}
{_SORT_SCRIPT}</body></html>
"""


def index_file_name(language: str, reports_lang: str) -> str:
    """Return the index file of ``language``: ``index.html`` in the reports' own language.

    The other language's index is ``index.<language>.html``.

    Examples
    --------
    >>> index_file_name("zh", "zh"), index_file_name("en", "zh")
    ('index.html', 'index.en.html')
    """
    check_language(language)
    return "index.html" if language == reports_lang else f"index.{language}.html"


def index_pages(
    reports: dict[str, dict[str, Any]], *, language: str | None = None
) -> dict[str, str]:
    """Return ``{file name: page}`` of both indexes: ``index.html`` and the other language's.

    ``index.html`` is in ``language`` (default that of the reports), the other page in the
    other language; each links to the other at the top.

    Examples
    --------
    >>> sorted(index_pages({}, language="zh"))
    ['index.en.html', 'index.html']
    """
    if language is not None:
        check_language(language)
    main = reports_language(reports) if language is None else language
    return {
        index_file_name(page_language, main): index_html(
            reports, language=page_language, main_language=main
        )
        for page_language in (main, OTHER_LANGUAGE[main])
    }


def write_index(
    reports: dict[str, dict[str, Any]], path: Path, *, language: str | None = None
) -> None:
    """Write ``path`` (``index.html``) and the other language's index beside it, atomically."""
    if language is not None:
        check_language(language)
    for name, page in index_pages(reports, language=language).items():
        write_text_atomic(Path(path).with_name(name), page)


def reports_on_disk(output_dir: Path) -> dict[str, dict[str, Any]]:
    """Return ``{folder name: results}`` for every intact report folder in ``output_dir``.

    Intact: its manifest reads and its files have the SHA-256 the manifest records
    (:func:`evalkit.render.provenance.intact_manifest`). The index is built from these, so it
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
