#!/bin/sh
# Writes ./.env for docker compose with fresh random credentials, unless it already exists.
# The file is git-ignored: credentials never enter the repository.
set -eu
cd "$(dirname "$0")/../.."
if [ -f .env ]; then
  echo ".env exists; keeping it"
  exit 0
fi
random() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
umask 077
cat > .env <<ENV
MINIO_ROOT_USER=deepunlearn-root
MINIO_ROOT_PASSWORD=$(random)
DEEPUNLEARN_S3_ACCESS_KEY=deepunlearn-app
DEEPUNLEARN_S3_SECRET_KEY=$(random)
GRAFANA_ADMIN_PASSWORD=$(random)
ENV
echo "wrote .env (Grafana user: admin, password: see GRAFANA_ADMIN_PASSWORD in .env)"
