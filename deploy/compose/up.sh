#!/bin/sh
# One command for the local stack: credentials (.env), the services' fast-jars, then docker compose.
# Extra arguments go to `docker compose up`, e.g. `deploy/compose/up.sh --wait`.
set -eu
cd "$(dirname "$0")/../.."
deploy/compose/init-env.sh
./mvnw -B -q package -DskipTests -pl trainer-service,unlearner-service,auditor-service -am
if docker compose version >/dev/null 2>&1; then
  exec docker compose up -d --build "$@"
fi
exec docker-compose up -d --build "$@"
