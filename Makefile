# Two commands do everything on a fresh machine:
#   make demo   set up, start the local replicas, crawl them into SQLite, print what was stored
#   make test   set up, run the linters, then the tests
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install demo lint test bench clean distclean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(PY) -m crawler.replica.demo

# ruff (lint and format) and mypy, configured in pyproject.toml
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# the tests in parallel, one worker per core (pytest-xdist): each worker starts its own PostgreSQL
# cluster, and every test its own replica, Redis and temporary folders on free ports
test: lint
	$(PY) -m pytest -q -p no:cacheprovider -n auto tests

# bench: SQLite and PostgreSQL side by side (a private cluster, or NEWS_BENCH_PG_URL; SQLite only
# when PostgreSQL is not installed)
# Every bench runs even when one fails (bench/sources_eval.py exits 1 below its targets); make bench
# then exits 1 and names the ones that failed.
BENCHES := dedupe store_backends sources_eval warc export distributed extract_speed scale
bench: install
	@failed=; for b in $(BENCHES); do $(PY) bench/$$b.py || failed="$$failed bench/$$b.py"; done; \
	if [ -n "$$failed" ]; then echo "make bench: failed:$$failed"; exit 1; fi

# browse: the archive in Datasette, read-only, on http://127.0.0.1:8001/archive/articles (a snapshot
# of NEWS_DB_URL's archive, taken again when it changed: crawler/readers/browse.py); PORT=… another port
.PHONY: browse
browse: install
	$(PY) -m crawler.readers.browse --port $(or $(PORT),8001)

# clean: the virtualenv and caches only, never the archive (data/) or the logs
clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# distclean: also the archive and the logs; says what it deletes and asks (FORCE=1: no question;
# without a terminal to ask, as in CI or cron, it refuses unless FORCE=1)
distclean:
	@echo "make distclean deletes, besides what make clean deletes (.venv and caches):"
	@echo "  data/       the archive: the SQLite database (articles, raw pages, run history), locks, spool"
	@echo "  logs/*.log  the crawl logs (logs/.gitkeep stays)"
	@if [ "$(FORCE)" != 1 ]; then \
		if [ -t 0 ]; then \
			printf 'Delete them? [y/N] '; read answer; \
			case "$$answer" in y|Y|yes|YES) ;; *) echo "nothing deleted"; exit 1;; esac; \
		else \
			echo "refusing: no terminal to ask; run make distclean FORCE=1 to delete them"; exit 1; \
		fi; \
	fi
	rm -rf data
	find logs -type f ! -name .gitkeep -delete 2>/dev/null || true
	$(MAKE) --no-print-directory clean
