# Two commands: `make demo` builds the example manual, `make test` runs the tests.
# Both set up a virtual environment in .venv first (only python3 is needed).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready
SPHINX := $(BIN)/sphinx-build

.PHONY: demo demo-ko test lint docs catalogs benchmark clean

$(READY): pyproject.toml
	@$(PYTHON) -m venv $(VENV) || { echo "python3 cannot create a virtual environment; on Debian: apt-get install python3-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

demo: $(READY)
	$(SPHINX) -b html -W --keep-going examples examples/_build/html
	@if command -v latexmk >/dev/null 2>&1; then \
	  $(SPHINX) -M latexpdf examples examples/_build -W --keep-going -q && \
	  echo "PDF:  examples/_build/latex/smtp-troubleshooting.pdf"; \
	else echo "(latexmk not found: skipping the PDF; apt-get install latexmk texlive-latex-extra)"; fi
	@echo "HTML: examples/_build/html/index.html"

test: $(READY)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

docs: $(READY)
	$(SPHINX) -b html -W --keep-going docs docs/_build/html
	@echo "HTML: docs/_build/html/index.html"

catalogs: $(READY)
	$(BIN)/python -m sphinx_smtpcodes.registry.catalogs

clean:
	rm -rf $(VENV) examples/_build docs/_build
