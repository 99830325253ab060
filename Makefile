# Two commands on a fresh machine:  make demo  and  make test
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip install -q -c requirements.lock

.PHONY: demo test install install-test browser bench bench-scale clean

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) -e '.[test,tools]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

## demo: install, analyze the bundled example corpus, print the summary
demo: install
	$(VENV)/bin/newslineage analyze examples/corpus --json out/report.json --html out/report.html
	@echo "report: out/report.json, out/report.html"

## browser: headless Chromium and its driver from Debian, for the HTML report's browser test
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  { (apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null) || \
	    echo "make browser: could not install chromium; the browser test will skip"; }

## test: install the test dependencies and run the suite
test: install-test browser
	$(PY) -m pytest -q

## bench: the quick benchmarks (benchmarks/registry.py; needs ../shared), rendered into
## benchmarks/RESULTS.md; any other by name: $(PY) benchmarks/bench.py run NAME
bench: install
	nice $(PY) benchmarks/bench.py run --quick

## bench-scale: the scale benchmark at 1k and 10k articles (needs ../shared)
bench-scale: install
	nice $(PY) benchmarks/scale.py 1000 10000

clean:
	rm -rf $(VENV) out .pytest_cache
