#!/bin/sh
# The compose broker's ACLs (idempotent), created as the admin user by kafka-init after the topics. One principal
# per service, the same grants as io.deepunlearn.pipeline.security.KafkaAcls and the KafkaUsers of deploy/k8s
# (deploy-validation's ComposeKafkaSecurityTest checks that these lines are exactly that plan): a service writes
# only the topics it owns (and the dead-letter topics of what it consumes), reads only what it consumes, in its
# own consumer group. With allow.everyone.if.no.acl.found=false, anything not granted here is refused.
# Each line: acl PRINCIPAL, then kafka-acls.sh resource and operation flags (literal names unless prefixed).
set -eu
BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-kafka:9092}"
KAFKA_ACLS=/opt/kafka/bin/kafka-acls.sh
CONFIG=$(/bin/sh "$(dirname "$0")/kafka-admin-config.sh" /tmp/kafka-admin.properties)

acl() {
  principal="$1"; shift
  "$KAFKA_ACLS" --bootstrap-server "$BOOTSTRAP" --command-config "$CONFIG" --add --allow-principal "User:$principal" \
    --allow-host '*' "$@" >/dev/null
}

# trainer-service: the REST intake of training jobs and the trainer's consumers
acl trainer-service --operation Write --operation Read --operation Describe --topic deepunlearn.training.requested
acl trainer-service --operation Read --operation Describe --topic deepunlearn.retrain.requested
acl trainer-service --operation Write --operation Describe --topic deepunlearn.checkpoint.published
acl trainer-service --operation Write --operation Describe --topic deepunlearn.request.status
acl trainer-service --operation Write --operation Describe --topic deepunlearn.training.requested.dlq
acl trainer-service --operation Write --operation Describe --topic deepunlearn.retrain.requested.dlq
acl trainer-service --operation Read --group trainer-service

# unlearner-service: the REST intake of erasure requests and the unlearner workers
acl unlearner-service --operation Write --operation Read --operation Describe --topic deepunlearn.forget.requested
acl unlearner-service --operation Write --operation Describe --topic deepunlearn.unlearning.completed
acl unlearner-service --operation Write --operation Describe --topic deepunlearn.request.status
acl unlearner-service --operation Write --operation Describe --topic deepunlearn.forget.requested.dlq
acl unlearner-service --operation Read --group unlearner-workers

# auditor-service: verdicts, retrains, the U-LiRA shadow-model jobs it asks the trainer for
acl auditor-service --operation Read --operation Describe --topic deepunlearn.unlearning.completed
acl auditor-service --operation Read --operation Describe --topic deepunlearn.checkpoint.published
acl auditor-service --operation Write --operation Describe --topic deepunlearn.audit.completed
acl auditor-service --operation Write --operation Describe --topic deepunlearn.retrain.requested
acl auditor-service --operation Write --operation Describe --topic deepunlearn.training.requested
acl auditor-service --operation Write --operation Describe --topic deepunlearn.request.status
acl auditor-service --operation Write --operation Describe --topic deepunlearn.unlearning.completed.dlq
acl auditor-service --operation Write --operation Describe --topic deepunlearn.checkpoint.published.dlq
acl auditor-service --operation Read --group auditor-service

# kafka-exporter (consumer lag and offsets for Prometheus): describe only, as KEDA's lag reader in Kubernetes
acl kafka-exporter --operation Describe --topic deepunlearn. --resource-pattern-type prefixed
acl kafka-exporter --operation Describe --group trainer-service
acl kafka-exporter --operation Describe --group unlearner-workers
acl kafka-exporter --operation Describe --group auditor-service

"$KAFKA_ACLS" --bootstrap-server "$BOOTSTRAP" --command-config "$CONFIG" --list
