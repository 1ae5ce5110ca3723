# Two commands: `make demo` builds the example manual, `make test` runs the tests.
# Both set up a virtual environment in .venv first (only python3 is needed).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready
SPHINX := $(BIN)/sphinx-build

.PHONY: demo test test-oldest test-dist docs catalogs golden benchmark clean

$(READY): pyproject.toml
	@$(PYTHON) -m venv $(VENV) || { echo "python3 cannot create a virtual environment; on Debian: apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

demo: $(READY)
	$(SPHINX) -b html -W --keep-going examples examples/_build/html
	$(SPHINX) -b html -W --keep-going examples/ko examples/_build/html-ko
	@if command -v latexmk >/dev/null 2>&1; then \
	  $(SPHINX) -M latexpdf examples examples/_build -W --keep-going -q && \
	  echo "PDF:  examples/_build/latex/smtp-troubleshooting.pdf"; \
	else echo "(latexmk not found: skipping the PDF; see README)"; fi
	@# Sphinx's LaTeX builder always warns that Babel has no option for Korean
	@# (XeLaTeX does the work here), so this one build runs without -W.
	@if command -v latexmk >/dev/null 2>&1 && command -v xelatex >/dev/null 2>&1; then \
	  $(SPHINX) -M latexpdf examples/ko examples/_build/ko -q 2>&1 | grep -v "no Babel option known for language 'ko'"; \
	  test -f examples/_build/ko/latex/smtp-troubleshooting-ko.pdf && \
	  echo "PDF:  examples/_build/ko/latex/smtp-troubleshooting-ko.pdf (Korean)"; \
	else echo "(xelatex not found: skipping the Korean PDF; see README)"; fi
	@echo "HTML: examples/_build/html/index.html"
	@echo "HTML: examples/_build/html-ko/index.html (Korean)"

# One pytest process per core (pytest-xdist); a test file goes to one process
# whole, so that the builds its tests share are made once (tests/conftest.py).
PYTEST_JOBS ?= -n auto --dist loadfile

test: $(READY)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_JOBS)

# The oldest end of the supported Sphinx range (pyproject.toml: sphinx>=7.4).
OLDEST      := .venv-oldest
OLDEST_PINS := "sphinx==7.4.7" "docutils==0.21.2" "myst-parser==4.0.1"

$(OLDEST)/.ready: pyproject.toml
	@$(PYTHON) -m venv $(OLDEST)
	$(OLDEST)/bin/python -m pip install --quiet --upgrade pip
	$(OLDEST)/bin/python -m pip install --quiet -e '.[test]' $(OLDEST_PINS)
	@touch $@

test-oldest: $(OLDEST)/.ready
	$(OLDEST)/bin/python -c "import sphinx; print('Sphinx', sphinx.__version__)"
	$(OLDEST)/bin/python -m pytest -p no:cacheprovider $(PYTEST_JOBS)

# The sdist runs its own test suite, unpacked in a folder of its own.
test-dist: $(READY)
	rm -rf build/dist build/sdist
	$(BIN)/python -m build --no-isolation --outdir build/dist . >/dev/null
	mkdir -p build/sdist && tar xzf build/dist/*.tar.gz -C build/sdist --strip-components=1
	$(MAKE) -C build/sdist test

docs: $(READY)
	$(SPHINX) -b html -W --keep-going docs docs/_build/html
	@echo "HTML: docs/_build/html/index.html"

catalogs: $(READY)
	$(BIN)/python tools/catalogs.py
	$(BIN)/python tools/golden.py

# The stored doctrees of docs/examples (tests/golden/): after an intended change.
golden: $(READY)
	$(BIN)/python tools/golden.py

benchmark: $(READY)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(OLDEST) examples/_build docs/_build build
