# Two commands do everything on a fresh machine (Python 3.11 and pip present):
#   make reports   set up .venv, build the panel, render the reports
#   make test      set up .venv, lint (ruff, the import layers of pyproject.toml), run the tests
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.evalkit-installed
export MPLBACKEND := Agg

.PHONY: reports test lint panel venv system-deps lock bench clean lab check-reports

reports: $(STAMP)
	$(PY) -m evalkit build-panel
	$(PY) -m evalkit render
	$(PY) -m evalkit render --programme liangchuang_demo

test: $(STAMP)
	bash scripts/system-deps.sh test
	$(VENV)/bin/ruff check
	$(VENV)/bin/ruff format --check
	$(VENV)/bin/lint-imports --no-cache
	$(PY) -m pytest -n 2 --dist loadfile

# Open every rendered report in headless Chromium: title, images, raw ids, language; screenshots.
check-reports: $(STAMP)
	bash scripts/system-deps.sh test
	$(PY) -m evalkit.render.browser reports

panel: $(STAMP)
	$(PY) -m evalkit build-panel

venv: $(STAMP)

# The virtual environment is (re)built from the lock whenever the lock or pyproject changes.
$(STAMP): requirements.lock pyproject.toml scripts/system-deps.sh
	bash scripts/system-deps.sh
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	$(PY) scripts/environment_yml.py --check
	touch $@

# Re-resolve the lock from pyproject.toml (needs the registry), then mirror it into environment.yml.
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/pip install --quiet -e ".[lab,dev]"
	{ head -n 2 requirements.lock; .lockenv/bin/pip freeze --all --exclude-editable | grep -v -E "^(evalkit|pip)=="; } > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .lockenv
	$(PYTHON) scripts/environment_yml.py --write

bench: $(STAMP)
	$(PY) -m pip install --quiet "diff-diff==3.13.0" "csdid==0.4.3"
	for b in benchmarks/*.py; do echo "== $$b"; EVALKIT_FULL=1 $(PY) $$b || exit 1; done

clean:
	rm -rf data/processed/*.parquet data/processed/*.html data/processed/*.csv reports/*/ reports/index.html

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/
