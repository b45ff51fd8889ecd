"""Running the studio's production pieces: local PostgreSQL and Redis for `make prod`, the
tests and the benches, and example configuration for a real deployment."""
