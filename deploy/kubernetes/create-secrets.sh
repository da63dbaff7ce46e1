#!/usr/bin/env bash
# Creates (or replaces) every Secret the manifests read, with random values, in one namespace.
# No secret value is in the repository: this script is the only place they are made.
#
#   deploy/kubernetes/create-secrets.sh NAMESPACE [--keep]
#
# --keep leaves a Secret that already exists as it is (rotate one by deleting it and running the
# script again; the migrations Job then sets the new database passwords, and the RabbitMQ
# Messaging Topology Operator the new broker passwords). Passwords are hex, so that they can be
# put in URLs as they are. With an external PostgreSQL, replace aswan-db-superuser with a role of
# that server that may create databases and roles:
#   kubectl -n NS create secret generic aswan-db-superuser --type=kubernetes.io/basic-auth \
#     --from-literal=username=ADMIN --from-literal=password=PASSWORD
# notify's SMTP account, when the mail server needs one (optional):
#   kubectl -n NS create secret generic aswan-notify-smtp \
#     --from-literal=SMTP_USERNAME=USER --from-literal=SMTP_PASSWORD=PASSWORD
set -euo pipefail
namespace=${1:?usage: create-secrets.sh NAMESPACE [--keep]}
keep=${2:-}
services=(registry assessment monitoring notify portal telegram-bot moss-register)

random() { python3 -c 'import secrets; print(secrets.token_hex(32))'; }

secret() {  # secret NAME TYPE KEY=VALUE...
  local name=$1 type=$2
  shift 2
  if [[ $keep == --keep ]] && kubectl -n "$namespace" get secret "$name" >/dev/null 2>&1; then
    echo "secret/$name kept"
    return
  fi
  local args=()
  for pair in "$@"; do args+=("--from-literal=$pair"); done
  kubectl -n "$namespace" create secret generic "$name" --type="$type" "${args[@]}" \
    --dry-run=client -o yaml | kubectl -n "$namespace" apply -f -
}

secret aswan-jwt Opaque "JWT_SECRET=$(random)"
secret aswan-notify-keys Opaque "UNSUBSCRIBE_SIGNING_KEY=$(random)" "WEBHOOK_SECRETS_KEY=$(random)"
secret aswan-db-superuser kubernetes.io/basic-auth username=postgres "password=$(random)"
for service in "${services[@]}"; do
  secret "aswan-$service-db" kubernetes.io/basic-auth "username=aswan_${service//-/_}" "password=$(random)"
  secret "aswan-$service-amqp" Opaque "username=aswan-$service" "password=$(random)"
done
keda_password=$(random)
secret aswan-keda-amqp Opaque username=aswan-keda "password=$keda_password" \
  "host=amqp://aswan-keda:$keda_password@aswan-rabbitmq.$namespace.svc:5672/aswan"
# Secrets that come from elsewhere: the bot's token (BotFather) and the ministry's signing
# secret (agreed with the ministry), from the environment of whoever runs this script.
if [[ -n ${TELEGRAM_BOT_TOKEN:-} ]]; then
  secret aswan-telegram-bot Opaque "TELEGRAM_BOT_TOKEN=$TELEGRAM_BOT_TOKEN" \
    "TELEGRAM_WEBHOOK_SECRET=$(random)" "GATEWAY_TOKEN=$(random)"
else
  echo "TELEGRAM_BOT_TOKEN is not set: secret/aswan-telegram-bot not made (the bot will not start)"
fi
if [[ -n ${MINISTRY_SIGNING_SECRET:-} ]]; then
  secret aswan-moss-register Opaque "MINISTRY_SIGNING_SECRET=$MINISTRY_SIGNING_SECRET"
else
  echo "MINISTRY_SIGNING_SECRET is not set: secret/aswan-moss-register not made"
fi
