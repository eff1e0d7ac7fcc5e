#!/usr/bin/env bash
# Start a local PostgreSQL in Docker for development and print the DATABASE_URL to use.
set -euo pipefail

name="${POSTGRES_CONTAINER:-{{ cookiecutter.project_slug }}-postgres}"
port="${POSTGRES_PORT:-5432}"
password="${POSTGRES_PASSWORD:-postgres}"

if docker container inspect "$name" >/dev/null 2>&1; then
  docker start "$name" >/dev/null
else
  docker run --detach --name "$name" --publish "127.0.0.1:${port}:5432" \
    --env POSTGRES_PASSWORD="$password" --env POSTGRES_DB={{ cookiecutter.package_name }} \
    postgres:16-alpine >/dev/null
fi

until docker exec "$name" pg_isready -U postgres >/dev/null 2>&1; do sleep 1; done
echo "DATABASE_URL=postgresql://postgres:${password}@127.0.0.1:${port}/{{ cookiecutter.package_name }}"
