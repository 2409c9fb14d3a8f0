"""Labels and sentences of the reports in Chinese and English, read from a data file.

Every text a report shows in both languages is a row of ``labels.csv`` beside this module
(``kind, column, key, zh, en``); edit the file, not code, to change or add a text:

- ``sentence``: report sentences and headings (:data:`TEXT`, filled in by :func:`text`);
- ``column``: table headers (:data:`COLUMNS`);
- ``value``: coded cell values of the table column ``column`` (:data:`VALUES`), such as
  programme ids, methods and memberships; values not listed (names, numbers) are shown as
  they are;
- ``target_indicator``: English names of the indicators of plan targets and reported figures
  (:data:`TARGET_INDICATORS`); their Chinese name is the document's own wording, so ``zh``
  is empty;
- ``figure``: the texts a figure is drawn with, by figure (``column``) and label key
  (:data:`FIGURE_TEXT`, handed out by :func:`figure_text`); plot functions take them as their
  ``labels`` argument and know no language;
- ``scoped_sentence``, ``scoped_column``, ``scoped_value``: the sentences, table headers and
  coded values of one part of the reports whose keys would clash with the report-wide ones
  (a "status" column means one thing in the target tables, another in the outcome
  catalogue). ``column`` names the scope, for values ``scope.column``
  (``plan_targets.status``); they are read into :data:`SCOPED_TEXT`, :data:`SCOPED_COLUMNS`
  and :data:`SCOPED_VALUES` by scope, and filled in by :func:`scoped_text`. The scopes:

  - ``plan_targets``: the attainment, projection, ambition and cross-city tables and their
    sentences (:mod:`evalkit.plans.labels`: ``COLUMN_LABELS``, ``VALUE_LABELS``,
    ``SENTENCES``; its ``yes_no`` and ``source_words`` values);
  - ``outcome_catalogue``: the target -> proxy -> sign table
    (:mod:`evalkit.plans.catalogue_table`);
  - ``registry_flags``: the kinds of flagged registry codes (:mod:`evalkit.plans.flag_reasons`);
  - ``verdict``: the verdict sentences (:data:`evalkit.report.verdict.TEMPLATES`);
  - ``index``: how the index page joins a verdict and its direction, or a headline's parts
    (:mod:`evalkit.render.index`);
  - ``punctuation``: the list separator (``；`` / ``; ``).

A scoped text starting or ending with a space keeps it: the file quotes such a field.

Terms follow the glossary in ``../shared/notes/glossary.md``. Some entries are shared rather
than repeated, and are linked after loading (one object, so one row to edit):

- the reported figures' units are the target units, the estimator comparison's columns are
  the estimator names, the estimator table's ``pretrend_test`` row is its "pre-trend test"
  row; figures reuse the report's words for the city, the comparison group and the year, and
  name programmes and memberships as tables do;
- ``plan_targets``: the ``verdict`` header is the report's "on track" column, ``method`` the
  report's method column, ``year`` the report's word for the year, the old (flat) verdicts are
  the report's ``on_track`` values, ``outcome`` values are the ``status`` and ``verdict``
  values together, the unit ``rank`` is the rank basis ``rank`` and the ``summary`` heading
  is the report's;
- ``outcome_catalogue``: the ``sign`` and ``status`` headers are the report's
  ``expected_sign`` and ``status`` columns, the ``share`` transformation is the ``share``
  target type, and values are listed with the ``punctuation`` separator;
- ``registry_flags``: every header is a report column (``reason``, ``codes``, ``unit`` for the
  unit's name, ``file``).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from evalkit.errors import ParameterError

LANGUAGES = ("zh", "en")
CATALOGUE = Path(__file__).with_name("labels.csv")
KINDS = (
    "sentence",
    "column",
    "value",
    "target_indicator",
    "figure",
    "scoped_sentence",
    "scoped_column",
    "scoped_value",
)
# what the ``column`` field of a kind holds: None (left empty) or (pattern, meaning, example);
# a dotted column nests: ``plan_targets.status`` -> tables[kind]["plan_targets"]["status"]
_COLUMN_FIELD: dict[str, tuple[str, str, str] | None] = {
    "sentence": None,
    "column": None,
    "target_indicator": None,
    "value": (r"\w+", "the table column", "method"),
    "figure": (r"\w+", "the figure", "its"),
    "scoped_sentence": (r"[a-z_]+", "the scope", "plan_targets"),
    "scoped_column": (r"[a-z_]+", "the scope", "plan_targets"),
    "scoped_value": (r"[a-z_]+\.\w+", "the scope and the table column", "plan_targets.status"),
}


def _check_column(kind: str, column: str, where: str) -> None:
    field = _COLUMN_FIELD[kind]
    if field is None and column:
        raise ParameterError(
            f"{where}: column {column!r}; rule: a {kind} row leaves column empty; fix: empty "
            "it, or use a kind whose rows name a column or scope"
        )
    if field is not None and not re.fullmatch(field[0], column):
        raise ParameterError(
            f"{where}: column {column!r}; rule: a {kind} row names {field[1]} in column "
            f"(pattern {field[0]}); fix: write it there, e.g. {field[2]!r}"
        )


def read_catalogue(path: Path = CATALOGUE) -> dict[str, dict]:
    """Return the catalogue's rows by kind, refusing a malformed or ambiguous row.

    Parameters
    ----------
    path : pathlib.Path, optional
        The catalogue; default ``labels.csv`` beside this module.

    Returns
    -------
    dict
        Kind -> its table: ``{key: {"zh": ..., "en": ...}}`` for sentences and columns,
        ``{column: {key: {...}}}`` for values and figures, ``{scope: {key: {...}}}`` for
        scoped sentences and columns, ``{scope: {column: {key: {...}}}}`` for scoped values,
        ``{key: en}`` for target indicators.

    Raises
    ------
    ParameterError
        Naming the file, the row (line number), the rule broken and the fix.

    Examples
    --------
    >>> read_catalogue()["scoped_value"]["plan_targets"]["level"]["city"]
    {'zh': '市', 'en': 'city'}

    """
    tables: dict[str, dict] = {kind: {} for kind in KINDS}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != ["kind", "column", "key", "zh", "en"]:
            raise ParameterError(
                f"{path.name}: header {reader.fieldnames}; rule: the columns are kind, column, "
                "key, zh, en; fix: restore the header row"
            )
        for row in reader:
            line = reader.line_num
            kind, column, key = row["kind"], row["column"], row["key"]
            where = f"{path.name}: line {line} ({kind} {column + '/' if column else ''}{key!r})"
            if kind not in KINDS:
                raise ParameterError(f"{where}: kind {kind!r}; rule: one of {KINDS}; fix: use one")
            _check_column(kind, column, where)
            needs_zh = kind != "target_indicator"
            if not key or not row["en"] or (needs_zh and not row["zh"]):
                raise ParameterError(
                    f"{where}: an empty key or text; rule: every label has a key and its zh and "
                    "en texts (target indicators: en only); fix: fill them in"
                )
            table = tables[kind]
            for part in column.split(".") if column else ():
                table = table.setdefault(part, {})
            if key in table:
                raise ParameterError(
                    f"{where}: {key!r} is listed twice; rule: one row per label; fix: delete "
                    "one of the rows"
                )
            table[key] = row["en"] if kind == "target_indicator" else {
                "zh": row["zh"], "en": row["en"]
            }  # fmt: skip
    return tables


_TABLES = read_catalogue()
TEXT: dict[str, dict[str, str]] = _TABLES["sentence"]
COLUMNS: dict[str, dict[str, str]] = _TABLES["column"]
VALUES: dict[str, dict[str, dict[str, str]]] = _TABLES["value"]
TARGET_INDICATORS: dict[str, str] = _TABLES["target_indicator"]
FIGURE_TEXT: dict[str, dict[str, dict[str, str]]] = _TABLES["figure"]
SCOPED_TEXT: dict[str, dict[str, dict[str, str]]] = _TABLES["scoped_sentence"]
SCOPED_COLUMNS: dict[str, dict[str, dict[str, str]]] = _TABLES["scoped_column"]
SCOPED_VALUES: dict[str, dict[str, dict[str, dict[str, str]]]] = _TABLES["scoped_value"]
# shared entries (see the module docstring)
VALUES["reported_unit"] = VALUES["unit"]
COLUMNS.update(VALUES["estimator"])
VALUES["term"]["pretrend_test"] = VALUES["term"]["pre-trend test"]
FIGURE_TEXT["trends"] = {
    key: TEXT[key] for key in ("this_city", "rest_of_province", "comparison", "year")
}
FIGURE_TEXT["placebo"] = {key: TEXT[key] for key in ("this_city", "placebo_effect", "count")}
FIGURE_TEXT["plan_timeline"].update({**VALUES["programme"], **VALUES["membership"]})
SCOPED_COLUMNS["plan_targets"].update(
    verdict=COLUMNS["on_track"], method=COLUMNS["method"], year=TEXT["year"]
)
_TARGET_VALUES = SCOPED_VALUES["plan_targets"]
_TARGET_VALUES["flat_verdict"] = VALUES["on_track"]
_TARGET_VALUES["outcome"] = {**_TARGET_VALUES["status"], **_TARGET_VALUES["verdict"]}
_TARGET_VALUES["unit"] = {"rank": _TARGET_VALUES["rank_basis"]["rank"]}
SCOPED_TEXT["plan_targets"]["summary"] = TEXT["summary"]
SCOPED_COLUMNS["outcome_catalogue"].update(sign=COLUMNS["expected_sign"], status=COLUMNS["status"])
SCOPED_VALUES["outcome_catalogue"]["transformation"]["share"] = VALUES["target_type"]["share"]
SCOPED_COLUMNS["registry_flags"] = {
    "reason": COLUMNS["reason"],
    "codes": COLUMNS["codes"],
    "unit_name": COLUMNS["unit"],
    "file": COLUMNS["file"],
}


def text(key: str, language: str, **values: object) -> str:
    """Return a report sentence in ``language`` with ``values`` filled in.

    Examples
    --------
    >>> text("year", "zh")
    '年份'

    """
    check_language(language)
    return TEXT[key][language].format(**values)


def scoped_text(scope: str, key: str, language: str, **values: object) -> str:
    """Return a sentence of ``scope`` (:data:`SCOPED_TEXT`) in ``language``, filled in.

    Examples
    --------
    >>> scoped_text("index", "verdict_with_direction", "en", verdict="effect", direction="up")
    'effect (up)'
    >>> scoped_text("punctuation", "list_separator", "zh")
    '；'

    """
    check_language(language)
    return SCOPED_TEXT[scope][key][language].format(**values)


def check_language(language: object) -> None:
    """Raise the one error of a language that the reports do not have.

    Raises
    ------
    ParameterError
        ``language='fr' is not supported; choose one of ('zh', 'en')``.

    Examples
    --------
    >>> check_language("zh")
    >>> check_language("fr")
    Traceback (most recent call last):
    ...
    evalkit.errors.ParameterError: language='fr' is not supported; choose one of ('zh', 'en')

    """
    if not isinstance(language, str) or language not in LANGUAGES:
        raise ParameterError(f"language={language!r} is not supported; choose one of {LANGUAGES}")


def column_label(column: str, language: str) -> str:
    """Return the header a report table shows for ``column``.

    Raises
    ------
    ParameterError
        For a column without a label, so that no identifier reaches a report untranslated.

    Examples
    --------
    >>> column_label("p_value", "zh")
    'p 值'

    """
    check_language(language)
    if column not in COLUMNS:
        raise ParameterError(
            f"table column {column!r} has no report label; add it to evalkit.i18n.COLUMNS "
            "with its zh and en texts"
        )
    return COLUMNS[column][language]


def value_label(column: str, value: object, language: str) -> object:
    """Return how a report table shows ``value`` of ``column`` (unlisted values unchanged).

    Examples
    --------
    >>> value_label("method", "sc", "zh")
    '合成控制'
    >>> value_label("awardee_name", "杭州市", "en")
    '杭州市'

    """
    check_language(language)
    labels = VALUES.get(column, {})
    return labels[value][language] if isinstance(value, str) and value in labels else value


def target_label(indicator: str, wording: str, language: str) -> str:
    """Return how a report names the indicator of a plan target or reported figure.

    In Chinese the document's own wording (``indicator_zh``), in English the name in
    :data:`TARGET_INDICATORS` (the id itself for an indicator not listed there).

    Examples
    --------
    >>> target_label("new_smf", "累计新增小微企业", "en")
    'new small and micro firms'
    >>> target_label("new_smf", "累计新增小微企业", "zh")
    '累计新增小微企业'

    """
    check_language(language)
    return wording if language == "zh" else TARGET_INDICATORS.get(indicator, indicator)


# --- lang ---


def figure_text(figure: str, language: str) -> dict[str, str]:
    """Return the ``labels`` mapping of a figure in ``language``.

    Parameters
    ----------
    figure : str
        A key of :data:`FIGURE_TEXT`, e.g. ``"event_study"`` or ``"plan_timeline"``.
    language : {"zh", "en"}
        The report language.

    Returns
    -------
    dict
        Label key -> text, to pass as the plot function's ``labels`` argument.

    Raises
    ------
    ParameterError
        For a language other than zh or en, or a figure not in :data:`FIGURE_TEXT`.

    Examples
    --------
    >>> figure_text("its", "zh")
    {'actual': '实际值', 'trend': '计划前趋势的外推'}

    """
    check_language(language)
    if figure not in FIGURE_TEXT:
        raise ParameterError(
            f"figure={figure!r} has no labels; choose one of {sorted(FIGURE_TEXT)} or add it "
            "to evalkit.i18n.FIGURE_TEXT with its zh and en texts"
        )
    return {key: texts[language] for key, texts in FIGURE_TEXT[figure].items()}
