"""gunicorn settings for a stateless web node (DJANGO_SETTINGS_MODULE=config.settings.production)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Sync workers: a request at a time per worker, its connection closed after the answer (nginx in front
# buffers slow clients and keeps the visitors' own connections alive). A kept-alive connection stays with
# the worker that accepted it, so a few busy ones (nginx's upstream pool, a load generator) could put every
# request on one worker while the others idle — measured: one worker at 90% of a core and the other at 0%
# for a whole benchmark row, a third of the rate. A new connection per request goes to a free worker. Sync
# workers take new connections faster than threaded ones without keep-alive (bare WSGI 2,200–2,300 against
# 2,400–2,570 req/s, the site's cached page 1,261 against 1,216: README, Performance).
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then so a slow leak never takes a node down. Counted in requests, and pages
# from the page cache come thousands a second: at 2,000 a worker was replaced every second or so. At
# 50,000 that is minutes apart under full load and days at ordinary traffic; the jitter keeps the
# workers from restarting together.
max_requests = 50_000
max_requests_jitter = 5_000
# The site (Django, Wagtail) and the segmentation dictionary load once, in the master (when_ready): a new
# worker, at start or when one is recycled or killed, is a fork that serves at once, where loading them
# took it one to two seconds while its share of the requests waited. Nothing opens a database or cache
# connection before the fork (Django connects on a worker's first request); a deploy restarts the master.
preload_app = True
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
raw_env = ["DJANGO_SETTINGS_MODULE=" + os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.production")]


def when_ready(server):
    # Load the Chinese dictionary before the workers fork, not during a visitor's first search.
    from search.segmentation import warm_up

    warm_up()


def worker_exit(server, worker):
    # Hand over the search terms counted since the last flush.
    import sys

    from django.db import connections

    from search.query_log import flush_now

    flush_now()
    # Then leave at once: tearing down the interpreter (the site and the dictionary, hundreds of MB) took
    # a worker 3–5 s after its last request, and a restart waited for the slowest worker.
    connections.close_all()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
