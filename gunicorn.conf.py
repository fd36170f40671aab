"""gunicorn settings for `make serve` and the Docker image; each can be overridden by the environment."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so that a slow leak can never take the server down.
max_requests = 5000
max_requests_jitter = 500
# Requests are logged by newsroom.middleware.RequestLogMiddleware as JSON without IP addresses or query
# strings (personal data); gunicorn's own access log would record both, so it is off unless asked for.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
