# `make test` installs everything the tests need, then runs them all.
# `python` in a virtual environment; stock Debian and Ubuntu have only `python3`.
PYTHON ?= $(shell command -v python >/dev/null 2>&1 && echo python || echo python3)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: test test-deps site

test: test-deps
	$(PYTHON) -m pytest

# Debian's chromium serves the browser tests (never a downloaded browser build);
# axe-core and the Nu HTML Checker (vnu-jar, run on java) come from npm, at the
# versions package-lock.json pins, into node_modules/.
test-deps:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	@command -v npm >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm; }
	@command -v java >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	$(PYTHON) -m pip install -q -e ".[test]"

site:
	$(PYTHON) -m pip install -q . && roadmapgen build --today 2026-11-23
