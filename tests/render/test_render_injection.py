"""Issue 20: renders validate job names, parameter names and values before any kernel starts."""

from __future__ import annotations

import subprocess
import sys

import pytest

from evalkit.config import PROJECT_ROOT
from evalkit.errors import ParameterError
from evalkit.panel import load_summary
from evalkit.render.batch import city_parameters
from evalkit.render.render import JobError, render_batch, validate_parameters

TINY = PROJECT_ROOT / "tests" / "render" / "fixtures" / "tiny.ipynb"


def _render(jobs, output_dir):
    return render_batch(jobs, notebook=TINY, output_dir=output_dir, n_jobs=1, progress=False)


def test_code_in_a_parameter_name_is_refused_and_never_runs(tmp_path):
    sentinel = tmp_path / "SENTINEL"
    name = f"x = 1\nopen({str(sentinel)!r}, 'w').close()\ny"
    with pytest.raises(JobError) as raised:
        _render({"ok": {"value": 1}, "evil": {name: 1}}, tmp_path / "reports")
    assert str(raised.value) == (
        f"job 'evil': parameter name {name!r} is not a Python identifier; rule: names are "
        "those of the parameters cell of tiny.ipynb (['fail', 'sleep', 'value']); fix: use "
        "one of them"
    )
    assert not sentinel.exists()
    assert not (tmp_path / "reports" / "ok").exists()  # validated before anything ran


def test_tuple_value_is_refused_because_papermill_writes_it_as_code(tmp_path):
    sentinel = tmp_path / "SENTINEL"
    value = ("1", f"__import__('pathlib').Path({str(sentinel)!r}).touch()")
    with pytest.raises(JobError) as raised:
        _render({"evil": {"value": value}}, tmp_path / "reports")
    assert str(raised.value) == (
        f"job 'evil': parameter 'value' is a tuple ({value!r}); rule: values are JSON types "
        "(str, int, float, bool, None, lists and dicts with str keys of them; no NaN or "
        "infinity); fix: pass a list or a str"
    )
    assert not sentinel.exists()


@pytest.mark.parametrize(
    ("parameters", "problem"),
    [
        ({"value": {1, 2}}, "parameter 'value' is a set ({1, 2})"),
        ({"value": float("nan")}, "parameter 'value' is nan"),
        ({"value": [1, {"k": (2,)}]}, "parameter 'value'[1]['k'] is a tuple ((2,))"),
        ({"value": {3: "x"}}, "parameter 'value' has the key 3 of type int"),
    ],
)
def test_each_non_json_value_is_named(parameters, problem):
    with pytest.raises(JobError, match=r"^job 'j': (.*); rule: values are JSON types") as raised:
        validate_parameters("j", TINY, parameters)
    assert str(raised.value).startswith(f"job 'j': {problem}; rule:")


def test_undeclared_parameter_name_is_refused(tmp_path):
    with pytest.raises(JobError, match=r"^job 'a': parameter 'colour' is not declared in the "):
        _render({"a": {"colour": "red"}}, tmp_path)


@pytest.mark.parametrize("name", ["./../../victim", "../victim", "a/b", ".hidden", "", ".."])
def test_job_name_outside_output_dir_is_refused_and_the_victim_survives(tmp_path, name):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("precious", encoding="utf-8")
    output = tmp_path / "a" / "b" / "reports"
    with pytest.raises(ParameterError, match=r"the name is not a single safe path part"):
        _render({name: {"value": 1}}, output)
    assert (victim / "keep.txt").read_text(encoding="utf-8") == "precious"


def test_report_folder_that_is_a_symlink_is_refused(tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a").symlink_to(victim)
    with pytest.raises(ParameterError, match=r"^job 'a': .* is a symbolic link; rule: reports"):
        _render({"a": {"value": 1}}, tmp_path / "reports")
    assert victim.is_dir()


def test_empty_outcomes_are_refused_before_the_notebook():
    summary = load_summary()
    with pytest.raises(ParameterError, match=r"^outcomes=\[\]; rule: a non-empty list"):
        city_parameters(summary, "330100", outcomes=[])


@pytest.mark.parametrize("jobs", ["0", "-1"])
def test_render_jobs_zero_or_negative_is_one_line(jobs):
    done = subprocess.run(
        [sys.executable, "-m", "evalkit", "render", "--force", "--jobs", jobs, "--output", "/x"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"evalkit: n_jobs={jobs}; rule: a whole number >= 1; fix: e.g. 2"
    ]
