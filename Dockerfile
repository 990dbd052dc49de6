# The one image behind web, worker and beat in docker-compose.yml.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    PATH="/opt/venv/bin:$PATH"

# git reads the index's history bundle (fixtures/osai-index-history) at the first start.
RUN apt-get update && apt-get install -y --no-install-recommends git \
    && rm -rf /var/lib/apt/lists/*
RUN pip install --no-cache-dir "uv==0.13.9" \
    && useradd --create-home --uid 1000 openness

WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-dev --no-install-project
COPY . .
# collectstatic runs under production settings (hashed, compressed names) but needs no servers:
# the values below exist only for this build step and never reach a running container.
RUN OPENNESS_ENV=production ALLOWED_HOSTS=build \
    SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    DATABASE_URL=postgres://build@127.0.0.1:1/build REDIS_URL=redis://127.0.0.1:1/0 \
    python manage.py collectstatic --noinput

# Writable state for the unprivileged user: the open data dumps (written by the worker, served
# by web, the `dumps` volume) and beat's schedule (the `beat` volume).
RUN mkdir -p /var/lib/openness/dumps /var/lib/openness/beat && chown -R openness /var/lib/openness

USER openness
EXPOSE 8000
CMD ["gunicorn", "openness.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
