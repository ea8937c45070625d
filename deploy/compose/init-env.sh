#!/bin/sh
# Writes ./.env for docker compose with fresh random credentials and keys, unless it already exists: MinIO root,
# per-service S3 users and Grafana passwords, one Kafka SASL password per principal (broker, admin, each service, the
# exporter), the pseudonym pepper, one Ed25519 signing key per service with the trusted public keys, and
# an RSA key pair standing in for the OIDC provider (docs/security.md). The OIDC private key is used once, here, to
# mint one bearer token per role (30 days) into .deepunlearn/compose-credentials/, then thrown away: delete .env and
# run this again for new tokens. Both are git-ignored: credentials never enter the repository. Needs openssl.
set -eu
cd "$(dirname "$0")/../.."
random() { head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
# Kafka SASL/PLAIN passwords: the broker's static users (docker-compose.yml) and each client's own login
kafka_passwords() {
  for p in BROKER ADMIN TRAINER UNLEARNER AUDITOR EXPORTER; do
    echo "DEEPUNLEARN_KAFKA_${p}_PASSWORD=$(random)"
  done
}
creds=.deepunlearn/compose-credentials
# the admin user's client settings for Kafka tools and `deepunlearn dlq --kafka-config` from the host (port 29092)
kafka_admin_properties() {
  (umask 077; mkdir -p "$creds"
  admin=$(sed -n 's/^DEEPUNLEARN_KAFKA_ADMIN_PASSWORD=//p' .env)
  cat > "$creds/kafka-admin.properties" <<PROPS
bootstrap.servers=localhost:29092
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="$admin";
PROPS
  echo "Kafka admin client settings: $creds/kafka-admin.properties")
}
# one MinIO user per service and one for the campaign workers (deploy/minio/policies; docs/security.md)
s3_users() {
  for s in trainer unlearner auditor campaign; do
    S=$(echo "$s" | tr 'a-z' 'A-Z')
    echo "${S}_S3_ACCESS_KEY=deepunlearn-$s"
    echo "${S}_S3_SECRET_KEY=$(random)"
  done
}
if [ -f .env ]; then
  # an .env of an earlier version: add what it lacks (Kafka passwords, per-service S3 users), keep everything else
  if ! grep -q '^DEEPUNLEARN_KAFKA_ADMIN_PASSWORD=' .env; then
    (umask 077; kafka_passwords >> .env)
    echo "added the Kafka SASL passwords to .env"
    kafka_admin_properties
  fi
  if ! grep -q '^TRAINER_S3_SECRET_KEY=' .env; then
    (umask 077; s3_users >> .env)
    echo "added the per-service S3 users to .env (minio-init creates them on the next docker compose up)"
  fi
  echo ".env exists; keeping it"
  exit 0
fi
b64() { openssl base64 -A; }
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
umask 077
keys=$(mktemp -d)
trap 'rm -rf "$keys"' EXIT
for s in trainer unlearner auditor; do
  openssl genpkey -algorithm ed25519 -outform DER -out "$keys/$s.der"
done
pub() { openssl pkey -inform DER -in "$keys/$1.der" -pubout -outform DER | b64; }
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$keys/oidc.pem" 2>/dev/null
ISSUER=https://deepunlearn.local/oidc

cat > .env <<ENV
MINIO_ROOT_USER=deepunlearn-root
MINIO_ROOT_PASSWORD=$(random)
$(s3_users)
GRAFANA_ADMIN_PASSWORD=$(random)
DEEPUNLEARN_PSEUDONYM_KEY=$(head -c 32 /dev/urandom | b64)
DEEPUNLEARN_SIGNING_CHECKPOINT_KEYS=trainer-1=$(pub trainer),unlearner-1=$(pub unlearner)
DEEPUNLEARN_SIGNING_RECEIPT_KEYS=auditor-1=$(pub auditor)
TRAINER_SIGNING_PRIVATE_KEY=$(b64 < "$keys/trainer.der")
UNLEARNER_SIGNING_PRIVATE_KEY=$(b64 < "$keys/unlearner.der")
AUDITOR_SIGNING_PRIVATE_KEY=$(b64 < "$keys/auditor.der")
QUARKUS_OIDC_PUBLIC_KEY=$(openssl pkey -in "$keys/oidc.pem" -pubout -outform DER | b64)
QUARKUS_OIDC_TOKEN_ISSUER=$ISSUER
ENV
kafka_passwords >> .env

# one RS256 token per role, as the OIDC provider would issue them
mkdir -p "$creds"
now=$(date +%s)
for role in trainer-operator erasure-requester receipt-reader; do
  header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"iss":"%s","sub":"compose-%s","upn":"compose-%s","groups":["%s"],"iat":%s,"exp":%s,"jti":"%s"}' \
    "$ISSUER" "$role" "$role" "$role" "$now" "$((now + 30 * 24 * 3600))" "$(random)" | b64url)
  signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$keys/oidc.pem" -binary | b64url)
  printf '%s.%s.%s' "$header" "$payload" "$signature" > "$creds/$role.jwt"
done
openssl pkey -inform DER -in "$keys/auditor.der" -pubout > "$creds/receipt-public-key.pem"
echo "wrote .env (Grafana user: admin, password: see GRAFANA_ADMIN_PASSWORD in .env)"
echo "bearer tokens: $creds/{trainer-operator,erasure-requester,receipt-reader}.jwt; receipt key: $creds/receipt-public-key.pem"
kafka_admin_properties
