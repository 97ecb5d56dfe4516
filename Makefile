# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# One test process per core (pytest-xdist): on 2 cores the SQLite suite takes 6 minutes, not 10.
# `make test PYTEST_ARGS=` runs it in one process.
PYTEST_ARGS ?= -n auto

.PHONY: run test install migrate content lock messages clean backup restore benchmark

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

content: migrate
	$(PY) manage.py load_content

run: content
	SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py ensure_dev_admin
	SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py load_demo_reviews
	SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Database and uploaded files into var/backups/<date>-<time>/ (README: Backups), with the site's own
# settings: export the production environment first. Restore only into an empty database and empty folders.
backup: install
	$(PY) scripts/backup.py backup --to $(or $(BACKUP_DIR),var/backups)

restore: install
	@test -n "$(FROM)" || { echo "usage: make restore FROM=var/backups/<date>-<time>"; exit 2; }
	$(PY) scripts/backup.py restore $(FROM)

# The pages' speed in one run (README: Benchmark): production settings, SQLite in a temporary folder,
# 1,000 showcases, gunicorn, a bare WSGI app and nginx on loopback; about five minutes. By hand, not in CI.
# BENCHMARK_ARGS="--database-url postgres://postgres@127.0.0.1:5432/lc_bench" for an empty PostgreSQL database.
benchmark: install
	$(PY) scripts/benchmark.py run $(BENCHMARK_ARGS)

# Regenerate the exact pins after changing requirements.in.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -r requirements.in
	{ echo "# Exact pins of everything the project installs (direct and transitive): 'make lock' regenerates it."; \
	  echo "# Direct dependencies are listed in requirements.in."; \
	  .venv-lock/bin/pip freeze --exclude-editable | grep -v '^pip=='; } > requirements.txt
	rm -rf .venv-lock

messages: install
	$(PY) manage.py makemessages -l zh_Hans --ignore='.venv/*' --ignore='var/*'
	$(PY) manage.py compilemessages -l zh_Hans --ignore='.venv/*'

clean:
	rm -rf $(VENV) var .pytest_cache
