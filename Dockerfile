# Production image: the same steps as `make serve` (collectstatic with hashed, compressed names; migrate on
# start; gunicorn with gunicorn.conf.py).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_STATIC_ROOT=/app/var/static MEDIA_ROOT=/app/var/media
WORKDIR /app

RUN useradd --create-home --uid 1000 newsroom
COPY pyproject.toml README.md ./
COPY newsroom newsroom
COPY articles articles
COPY membership membership
COPY sourcing sourcing
RUN pip install --no-cache-dir .
COPY . .
# Static files are collected at build time with a throwaway key; the real one comes from the env file.
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=build-only-build-only-build-only-build-only-build-only \
    DJANGO_ALLOWED_HOSTS=build python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p /app/var/media && chown -R newsroom /app/var

USER newsroom
EXPOSE 8000
ENV GUNICORN_BIND=0.0.0.0:8000
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn --config gunicorn.conf.py newsroom.wsgi"]
