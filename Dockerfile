# One image for the four services and for the one-shot set-up and migration steps
# (docker-compose.yml picks the command). Dependencies come only from the hash-pinned lock file.
FROM python:3.11.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# The lock first, so that the dependency layer is rebuilt only when the lock changes.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY pyproject.toml ./
COPY shared ./shared
COPY services ./services
COPY adapters ./adapters
# Editable, as bin/platform does: migrations are read from services/<name>/migrations in place.
RUN pip install --no-deps -e . \
    && useradd --system --uid 10001 --home-dir /app aswan

USER aswan
# Inside a container the HTTP server listens on every interface (the settings default is 127.0.0.1).
ENV HTTP_HOST=0.0.0.0
EXPOSE 8001 8002 8003 8004

# docker-compose.yml sets the command: python -m services.<name>, or aswan db setup|migrate.
CMD ["aswan", "--help"]
