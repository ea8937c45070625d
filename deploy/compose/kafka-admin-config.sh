#!/bin/sh
# Writes the Kafka client settings of the compose broker's admin user (a super user: topics, ACLs, health check)
# to $1 (default /tmp/kafka-admin.properties) and prints the path. The password comes from the container's
# environment (DEEPUNLEARN_KAFKA_ADMIN_PASSWORD, from .env); the file stays inside the container.
set -eu
file="${1:-/tmp/kafka-admin.properties}"
: "${DEEPUNLEARN_KAFKA_ADMIN_PASSWORD:?the admin password is missing (deploy/compose/init-env.sh writes it into .env)}"
umask 077
cat > "$file" <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$DEEPUNLEARN_KAFKA_ADMIN_PASSWORD";
PROPS
echo "$file"
