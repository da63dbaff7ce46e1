# shellcheck shell=bash
# Shared by bin/platform and bin/test: a virtualenv from the lock file, and the local PostgreSQL
# and RabbitMQ servers up. Sourced, not run.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3}"

log() { printf '\033[1m[aswan]\033[0m %s\n' "$*" >&2; }

ensure_venv() {
  local stamp="$VENV/.lock-sha256" want
  want="$(sha256sum "$ROOT/requirements.lock" "$ROOT/pyproject.toml" | sha256sum | cut -d' ' -f1)"
  if [[ -x "$VENV/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  log "installing dependencies from requirements.lock into .venv"
  [[ -x "$VENV/bin/python" ]] || "$PY" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q --require-hashes -r "$ROOT/requirements.lock"
  "$VENV/bin/python" -m pip install -q --no-deps -e "$ROOT"
  echo "$want" > "$stamp"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_port() {
  local host=$1 port=$2 what=$3 i
  for i in $(seq 1 120); do
    port_open "$host" "$port" && return 0
    sleep 0.5
  done
  log "$what did not come up on $host:$port"; return 1
}

ensure_postgres() {
  port_open 127.0.0.1 5432 && return 0
  if command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]]; then
    log "starting the local PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    wait_port 127.0.0.1 5432 PostgreSQL
  else
    return 1
  fi
}

ensure_rabbitmq() {
  if port_open 127.0.0.1 5672; then return 0; fi
  if command -v rabbitmq-server >/dev/null; then
    log "starting the local RabbitMQ"
    rabbitmq-server -detached || true
    wait_port 127.0.0.1 5672 RabbitMQ
    command -v rabbitmqctl >/dev/null && rabbitmqctl -q await_startup >/dev/null 2>&1 || true
  else
    return 1
  fi
}
