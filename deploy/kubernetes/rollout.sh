#!/usr/bin/env bash
# Rolls out an overlay with the migrations first: everything but the service Deployments (and
# their autoscalers and budgets), then the migrations Job to completion, then the services.
#
#   deploy/kubernetes/rollout.sh overlays/production
#
# Needs the operators installed (RabbitMQ Cluster Operator, Messaging Topology Operator, KEDA,
# and CloudNativePG unless the overlay uses components/external-postgres) and the Secrets
# (create-secrets.sh). Argo CD does the same by itself: the Job is a PreSync hook.
set -euo pipefail
cd "$(dirname "$0")"
overlay=${1:?usage: rollout.sh overlays/NAME}
namespace=$(sed -n 's/^namespace: *//p' "$overlay/kustomization.yaml")
services='app.kubernetes.io/component in (api,consumers,relay)'

kubectl -n "$namespace" delete job aswan-db-migrate --ignore-not-found --wait
kubectl apply -k "$overlay" -l "app.kubernetes.io/component notin (api,consumers,relay)"
kubectl -n "$namespace" wait --for=condition=complete job/aswan-db-migrate --timeout=20m
kubectl apply -k "$overlay" -l "$services"
kubectl -n "$namespace" rollout status deployment -l "$services" --timeout=10m
