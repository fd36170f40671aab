# Production image: gunicorn with gunicorn.conf.py, as `make serve`. Each start collects static files (hashed,
# compressed names) into DJANGO_STATIC_ROOT, which docker compose shares with the proxy, so that an updated
# image brings its files to the proxy too; then it migrates and serves.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_STATIC_ROOT=/app/var/static MEDIA_ROOT=/app/var/media
WORKDIR /app

RUN useradd --create-home --uid 1000 newsroom
COPY pyproject.toml README.md ./
COPY newsroom newsroom
COPY articles articles
COPY membership membership
COPY sourcing sourcing
COPY accounts accounts
RUN pip install --no-cache-dir .
COPY . .
# The folders the site writes to belong to its user; docker compose mounts its volumes on the two below,
# and a new volume takes the ownership of the folder it is mounted on.
RUN mkdir -p /app/var/media /app/var/static && chown -R newsroom /app/var

USER newsroom
EXPOSE 8000
ENV GUNICORN_BIND=0.0.0.0:8000
CMD ["sh", "-c", "python manage.py collectstatic --noinput --verbosity 0 && python manage.py migrate --noinput && exec gunicorn --config gunicorn.conf.py newsroom.wsgi"]
