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

QM     := resources/i18n/pixdesk_fr.qm resources/i18n/pixdesk_en.qm

.PHONY: run test lint packs translations i18n-update screenshots bundle clean

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

## Refresh the .ts from the code (then translate what Qt Linguist marks unfinished).
## English is the source language; its catalogue only holds the plural forms (1 result, 2 results).
i18n-update: $(RSTAMP)
	$(BIN)/pyside6-lupdate -no-obsolete $$(find ui -name '*.py' | sort) -ts resources/i18n/pixdesk_fr.ts
	$(BIN)/pyside6-lupdate -no-obsolete -pluralonly $$(find ui -name '*.py' | sort) -ts resources/i18n/pixdesk_en.ts

## The signed demo packs, built from content_packs/sources with the demo publisher key.
packs: $(RSTAMP)
	chmod 600 $(DEMO_KEY)
	$(BIN)/pixdesk pack build content_packs/sources/demo -o $(BUILD_DIR)/demo.pixpack --key $(DEMO_KEY)
	$(BIN)/pixdesk pack build content_packs/sources/demo-cert -o $(BUILD_DIR)/demo-cert.pixpack --key $(DEMO_KEY)

## Set up, install the demo pack when none is installed, start the desktop app.
run: packs translations
	$(BIN)/pixdesk pack import $(BUILD_DIR) --if-newer
	$(BIN)/pixdesk app

## Every main screen of the learner's app in both languages, under Xvfb, into docs/screenshots/.
screenshots: $(RSTAMP) packs translations
	@command -v xvfb-run >/dev/null || { echo "make screenshots needs Xvfb: apt-get install -y xvfb xauth"; exit 2; }
	xvfb-run -a -s "-screen 0 1280x800x24" $(PY) -m ui.screenshots docs/screenshots

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
