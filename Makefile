# PixDesk — the two commands of the README: `make run` and `make test`.
# Everything lives in .venv; nothing is installed system-wide.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
STAMP  := $(VENV)/.installed-dev
RSTAMP := $(VENV)/.installed
DEMO_KEY   := content_packs/keys/demo-publisher.key
BUILD_DIR  := build/packs

export PIP_DISABLE_PIP_VERSION_CHECK := 1

QM     := resources/i18n/pixdesk_fr.qm

.PHONY: run test lint packs translations bundle clean

$(BIN)/pip:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(RSTAMP): pyproject.toml | $(BIN)/pip
	$(BIN)/pip install -q -e .
	touch $@

$(STAMP): pyproject.toml | $(BIN)/pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@ $(RSTAMP)

## Qt translations: .ts sources (committed) -> .qm catalogues (generated).
translations: $(QM)
resources/i18n/%.qm: resources/i18n/%.ts | $(RSTAMP)
	$(BIN)/pyside6-lrelease -silent $< -qm $@

## The signed demo packs, built from content_packs/sources with the demo publisher key.
packs: $(RSTAMP)
	chmod 600 $(DEMO_KEY)
	$(BIN)/pixdesk pack build content_packs/sources/demo -o $(BUILD_DIR)/demo.pixpack --key $(DEMO_KEY)
	$(BIN)/pixdesk pack build content_packs/sources/demo-cert -o $(BUILD_DIR)/demo-cert.pixpack --key $(DEMO_KEY)

## Set up, install the demo pack when none is installed, start the desktop app.
run: packs translations
	$(BIN)/pixdesk pack import $(BUILD_DIR) --if-newer
	$(BIN)/pixdesk app

lint: $(STAMP)
	$(BIN)/ruff check pixdesk ui sync content_packs tests
	$(BIN)/ruff format --check pixdesk ui sync content_packs tests
	$(BIN)/lint-imports
	$(BIN)/mypy

## Set up with the dev extra and run the whole suite headless.
test: $(STAMP) translations
	$(MAKE) lint
	$(BIN)/pixdesk pack lint content_packs/sources/demo
	$(BIN)/pixdesk pack lint content_packs/sources/demo-cert
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

bundle: $(STAMP) packs translations
	$(BIN)/pyinstaller --noconfirm --clean build.spec

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache
