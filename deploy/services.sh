#!/usr/bin/env bash
# Make sure PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379) run, for the
# tests and for a local multi-worker crawl: start them when stopped, install
# them with apt-get when missing. Idempotent; quiet when both already run.
set -euo pipefail

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

postgres_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }

install() {
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

if ! postgres_up; then
  command -v pg_ctlcluster >/dev/null || install postgresql
  version="$(ls /etc/postgresql | sort -n | tail -1)"
  $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 30); do postgres_up && break; sleep 1; done
  postgres_up || { echo "PostgreSQL did not start" >&2; exit 1; }
  echo "PostgreSQL $version started on 127.0.0.1:5432"
fi

if ! redis_up; then
  command -v redis-server >/dev/null || install redis-server
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 30); do redis_up && break; sleep 1; done
  redis_up || { echo "Redis did not start" >&2; exit 1; }
  echo "Redis started on 127.0.0.1:6379"
fi
