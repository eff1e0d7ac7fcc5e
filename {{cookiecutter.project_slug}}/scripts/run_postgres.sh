#!/usr/bin/env bash
# Start a local PostgreSQL in Docker for development (or start again the one made earlier) and
# print the DATABASE_URL to use. Settings: POSTGRES_PORT (default 15432, beside a local
# PostgreSQL on 5432), POSTGRES_PASSWORD (default postgres), POSTGRES_CONTAINER (its name) and
# POSTGRES_WAIT (seconds to wait until it accepts connections, default 60).
set -euo pipefail

name="${POSTGRES_CONTAINER:-{{ cookiecutter.project_slug }}-postgres}"
port="${POSTGRES_PORT:-15432}"
password="${POSTGRES_PASSWORD:-postgres}"
wait_seconds="${POSTGRES_WAIT:-60}"
database={{ cookiecutter.package_name }}

fail() {
  echo "run_postgres.sh: $*" >&2
  exit 1
}

if docker container inspect "$name" >/dev/null 2>&1; then
  docker start "$name" >/dev/null ||
    fail "container $name exists but does not start; remove it with: docker rm -f $name"
  # Reused as it was made: a URL with another port or password would not work.
  published=$(docker port "$name" 5432/tcp | head -n 1)
  if [ "${published##*:}" != "$port" ]; then
    fail "container $name listens on ${published:-no port}, not on port $port; run with" \
      "POSTGRES_PORT=${published##*:}, or remove it with: docker rm -f $name"
  fi
  if ! docker exec --env "EXPECTED=$password" "$name" sh -c '[ "$POSTGRES_PASSWORD" = "$EXPECTED" ]'; then
    fail "container $name was made with another POSTGRES_PASSWORD; run with that one, or" \
      "remove it with: docker rm -f $name"
  fi
else
  # A port already taken would leave a container that never starts.
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port on 127.0.0.1 is taken (by a local PostgreSQL?); choose another, for example:" \
      "POSTGRES_PORT=$((port + 1)) $0"
  fi
  if ! docker run --detach --name "$name" --publish "127.0.0.1:${port}:5432" \
    --env POSTGRES_PASSWORD="$password" --env POSTGRES_DB="$database" \
    postgres:16-alpine >/dev/null; then
    docker rm --force "$name" >/dev/null 2>&1 || true
    fail "could not start PostgreSQL on port $port (see the error above)"
  fi
fi

# Over TCP: during its first start PostgreSQL initialises on a Unix socket only.
deadline=$((SECONDS + wait_seconds))
until docker exec "$name" pg_isready --quiet --host 127.0.0.1 --username postgres --dbname "$database"; do
  if ((SECONDS >= deadline)); then
    docker logs --tail 20 "$name" >&2
    fail "PostgreSQL in $name did not accept connections within $wait_seconds s (its log is above)"
  fi
  sleep 0.5
done
echo "DATABASE_URL=postgresql://postgres:${password}@127.0.0.1:${port}/${database}"
