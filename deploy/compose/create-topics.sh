#!/bin/sh
# Creates the pipeline topics on the compose broker (idempotent). Kubernetes declares the same topics as
# KafkaTopic resources (deploy/k8s/base/kafka/topics.yaml); deploy-validation checks that both lists agree.
# Each line: topic, partitions, extra --config flags. Partition counts cap consumer parallelism: the unlearner
# workers scale up to 8 (KEDA maxReplicaCount), so forget.requested has 8.
# Runs as the broker's admin user (kafka-admin-config.sh): no service principal may create topics.
set -eu
BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
KAFKA_TOPICS=/opt/kafka/bin/kafka-topics.sh
DAY_MS=86400000
CONFIG=$(/bin/sh "$(dirname "$0")/kafka-admin-config.sh" /tmp/kafka-admin.properties)

create() {
  topic="$1"; partitions="$2"; shift 2
  "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --command-config "$CONFIG" --create --if-not-exists \
    --topic "$topic" --partitions "$partitions" --replication-factor 1 "$@"
}

# Forget requests outlive the one-month GDPR response window, so a pending request is never lost to retention.
create deepunlearn.forget.requested      8 --config retention.ms=$((35 * DAY_MS))
create deepunlearn.training.requested    4 --config retention.ms=$((7 * DAY_MS))
create deepunlearn.checkpoint.published  4 --config retention.ms=$((7 * DAY_MS))
create deepunlearn.unlearning.completed  4 --config retention.ms=$((7 * DAY_MS))
create deepunlearn.audit.completed       4 --config retention.ms=$((7 * DAY_MS))
create deepunlearn.retrain.requested     4 --config retention.ms=$((7 * DAY_MS))
# Latest status per requestId (key): compacted, never deleted by time.
create deepunlearn.request.status        4 --config cleanup.policy=compact
# Dead letters (reason in a header) of every consumed topic.
create deepunlearn.forget.requested.dlq      1 --config retention.ms=$((30 * DAY_MS))
create deepunlearn.training.requested.dlq    1 --config retention.ms=$((30 * DAY_MS))
create deepunlearn.checkpoint.published.dlq  1 --config retention.ms=$((30 * DAY_MS))
create deepunlearn.unlearning.completed.dlq  1 --config retention.ms=$((30 * DAY_MS))
create deepunlearn.audit.completed.dlq       1 --config retention.ms=$((30 * DAY_MS))
create deepunlearn.retrain.requested.dlq     1 --config retention.ms=$((30 * DAY_MS))
"$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --command-config "$CONFIG" --list
