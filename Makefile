# ClusterViz: `make run` serves the app, `make test` runs the whole suite.
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
CHROMIUM := /usr/bin/chromium

# Listening on every interface: accept any Host header; otherwise the local names.
ifneq ($(filter 0.0.0.0 ::,$(HOST)),)
ALLOWED_HOSTS ?= *
OPEN_HOST := 127.0.0.1
OPEN_NOTE := (listening on all interfaces: from another machine use this machine's address)
else
comma := ,
ALLOWED_HOSTS ?= localhost,127.0.0.1,[::1]$(if $(filter $(HOST),localhost 127.0.0.1 ::1),,$(comma)$(HOST))
OPEN_HOST := $(HOST)
endif

.PHONY: run test lint chromium clean

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	@echo ""
	@echo "  ClusterViz is starting: open http://$(OPEN_HOST):$(PORT)/"
	@$(if $(OPEN_NOTE),echo "  $(OPEN_NOTE)",true)
	@echo ""
	ALLOWED_HOSTS='$(ALLOWED_HOSTS)' exec $(BIN)/python -m daphne -b $(HOST) -p $(PORT) clusterviz.asgi:application

test: $(VENV)/.installed-dev chromium
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

# Debian's Chromium drives the browser tests (Playwright's own download is unreachable here).
chromium:
	@test -x $(CHROMIUM) || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamp files: pip runs again only when a requirements file changes.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
