"""Gunicorn settings for the studio's web servers.

    gunicorn -c deploy/gunicorn.conf.py pictory_studio.wsgi

Options given on the command line win over these (`make prod` passes --bind and --workers).
From the environment:
  GUNICORN_BIND        where to listen (default 127.0.0.1:8000); behind a proxy on another
                       machine, the web host's private address, e.g. 10.0.0.11:8000
  WEB_CONCURRENCY      worker processes (default 3; about 2 per core)
  GUNICORN_THREADS     threads per worker (default 4): a request that waits on Pictory holds a
                       thread, not a whole process
  FORWARDED_ALLOW_IPS  the proxies' addresses (gunicorn's own variable, default 127.0.0.1);
                       only they may say a request came over HTTPS
"""
import os

wsgi_app = "pictory_studio.wsgi:application"
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A worker silent this long is restarted; a request may wait on Pictory (5 s connect + 30 s read).
timeout = 60
# On SIGTERM (a deploy, Ctrl-C in make prod) requests in flight get this long to finish.
graceful_timeout = 30
# The proxy keeps connections to the web hosts open between requests.
keepalive = 5
# No access log: the studio logs the requests it serves itself, and the proxy logs the rest.
accesslog = None
errorlog = "-"
loglevel = "info"
