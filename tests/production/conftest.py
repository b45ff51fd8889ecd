"""Tests of the production pieces working together: several worker processes, the web server,
PostgreSQL and Redis restarting. They run in the PostgreSQL + Redis run (tests/services_run.py),
which starts the servers; the default SQLite run leaves them out."""
import os

if not (os.environ.get("STUDIO_TEST_DATABASE_URL") and os.environ.get("STUDIO_TEST_REDIS_URL")):
    collect_ignore_glob = ["test_*.py"]
