# Once & Done: `make run` serves the dashboard, `make test` runs every test.
# Both create the environment first; `make run` builds the demo warehouse on first start.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
WAREHOUSE ?= data/warehouse.duckdb
PORT ?= 8501
CHROMIUM ?= /usr/bin/chromium
SCALE ?= 0.1

.PHONY: run test venv spark spark-cluster spark-cluster-stop bench-spark browser postgres pango axe axe-update demo bench bench-postgres load-test mutate screenshots brief clean

run: venv $(WAREHOUSE)
	$(PY) -m oncedone upgrade --warehouse $(WAREHOUSE)
	$(PY) -m streamlit run dashboard.py --server.headless=true --server.address=127.0.0.1 \
		--server.port=$(PORT) --browser.gatherUsageStats=false

test: venv browser postgres pango axe spark
	$(PY) -m pytest -q

venv: $(VENV)/.installed

# uv installs in seconds where pip takes twenty; pip alone works too.
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip uv
	$(PY) -m uv pip install -q -p $(PY) -r requirements.txt
	touch $@

# The Spark layer's own packages, apart: `make run` never needs them. Java 17 from Debian when missing.
spark: venv $(VENV)/.spark-installed
	@command -v java >/dev/null || { \
		echo "Installing Java 17 for Spark (apt-get)..."; \
		SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null; }

$(VENV)/.spark-installed: requirements-spark.txt
	$(PY) -m uv pip install -q -p $(PY) -r requirements-spark.txt
	touch $@

# A standalone Spark master and two workers on 127.0.0.1:7077 (stop with make spark-cluster-stop).
spark-cluster: spark
	$(PY) -m oncedone.spark.cluster start

spark-cluster-stop:
	$(PY) -m oncedone.spark.cluster stop

# The report on Spark (one worker, then two) against DuckDB at a scale, in benchmarks/results/spark-$(SCALE).md.
bench-spark: spark
	$(PY) -m benchmarks.spark_bench --scale $(SCALE)

$(WAREHOUSE):
	$(PY) -m oncedone demo --warehouse $(WAREHOUSE)

demo: venv
	$(PY) -m oncedone demo --warehouse $(WAREHOUSE)

# The browser tests drive Debian's Chromium (Playwright cannot download its own here).
browser:
	@test -x $(CHROMIUM) || { \
		echo "Installing Chromium for the browser tests (apt-get)..."; \
		SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The database peer (benchmarks/postgres_peer.py) runs a private cluster of Debian's PostgreSQL
# (about 20 MB, 15 s to install; the Debian package's own cluster is not used).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
		echo "Installing PostgreSQL for the database peer (apt-get)..."; \
		SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null; }

# The brief's PDF (weasyprint) lays text out with Debian's Pango; `make brief` draws its page with poppler.
pango:
	@ldconfig -p | grep -q libpangoft2-1.0 || { \
		echo "Installing Pango for the brief's PDF (apt-get)..."; \
		SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; }

# The accessibility journey injects axe-core: npm's axe-core@4.14.1 axe.min.js, vendored, checked here.
AXE := tests/vendor/axe-core/axe.min.js
AXE_VERSION := 4.14.1
AXE_SHA256 := 29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c
axe:
	@echo "$(AXE_SHA256)  $(AXE)" | sha256sum -c --quiet - || { \
		echo "$(AXE) is not axe-core $(AXE_VERSION)'s axe.min.js: run make axe-update"; exit 1; }

axe-update:
	cd $$(mktemp -d) && npm pack -q axe-core@$(AXE_VERSION) && tar xzf axe-core-$(AXE_VERSION).tgz && \
		cp package/axe.min.js package/LICENSE $(CURDIR)/tests/vendor/axe-core/
	$(MAKE) axe

# Ours against pandas at a scale; the table goes to benchmarks/results/$(SCALE).md.
bench: venv
	$(PY) -m oncedone bench --scale $(SCALE)

# N sessions at once (1, 5, 20) on the served dashboard right after an import: errors and p50/p95 to a
# finished page, in benchmarks/results/load-test-$(SCALE).md (minutes; kept out of `make test`).
# On the benchmark's warehouse at SCALE (`make bench` builds it), or on WAREHOUSE=... when given.
LOAD_WAREHOUSE = $(if $(filter command line environment,$(origin WAREHOUSE)),$(WAREHOUSE),benchmarks/runs/scale-$(SCALE).duckdb)
load-test: venv browser
	$(PY) -m benchmarks.load_test --warehouse $(LOAD_WAREHOUSE) --sessions 1,5,20

# The database peer at a scale, on `make bench`'s files and warehouse (imported when missing):
# PostgreSQL's headline indicators, raw and with materialized views, against our report, in
# benchmarks/results/postgres-$(SCALE).md.
bench-postgres: venv postgres
	$(PY) -m benchmarks.postgres_peer --scale $(SCALE)

# One-token changes to queries/ and oncedone/, each on a throw-away copy with the tests meant to
# catch it: killed or survived (minutes; kept out of `make test`). Run it before resolving an issue
# that changes a query.
mutate: venv
	$(PY) -m benchmarks.mutate

# The README's screenshots: every page at fixed settings on the demo warehouse, in docs/screenshots/.
screenshots: venv browser $(WAREHOUSE)
	$(PY) -m oncedone upgrade --warehouse $(WAREHOUSE)
	$(PY) -m docs.tour --warehouse $(WAREHOUSE)

# The demo's brief for a day of the crisis, as mailed (.eml) with its PDF, and the PDF's first page
# as a picture for the README, in docs/brief/.
BRIEF_DAY ?= 2018-01-16
brief: venv pango $(WAREHOUSE)
	@command -v pdftoppm >/dev/null || { SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
		$$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq --no-install-recommends poppler-utils >/dev/null; }
	$(PY) -m oncedone upgrade --warehouse $(WAREHOUSE)
	rm -rf docs/brief
	$(PY) -m oncedone brief --warehouse $(WAREHOUSE) --day $(BRIEF_DAY) --dry-run docs/brief
	pdftoppm -r 80 -png docs/brief/brief-$(BRIEF_DAY).pdf docs/brief/page

clean:
	rm -rf $(VENV) .pytest_cache
