# Sourced by run.sh and test.sh: a project-local PostgreSQL on loopback, started (or reused) idempotently.
# As root the server runs as a dedicated system user, because postgres refuses to run as root.

PG_PORT="${PG_PORT:-55432}"
PG_ROLE=orleanskombo
PG_PASSWORD=orleanskombo
PG_SYSTEM_USER=orleanskombo-pg
PG_STARTED_HERE=0

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && [ -x "$dir/postgres" ] && echo "$dir"
}

pg_install() {
  [ -n "$(pg_bin)" ] && return 0
  echo "PostgreSQL server binaries are missing; installing them with apt-get"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  [ -n "$(pg_bin)" ] || { echo "error: apt-get did not provide /usr/lib/postgresql/*/bin/postgres" >&2; return 1; }
}

# Runs a command as the user that owns the data directory.
pg_as_owner() {
  # From /, because the system user may not be allowed into the current directory.
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u "$PG_SYSTEM_USER" -- "$@"); else "$@"; fi
}

pg_data_root() {
  local preferred="$ROOT/.data/postgres"
  if [ "$(id -u)" -ne 0 ]; then echo "$preferred"; return; fi
  id -u "$PG_SYSTEM_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$PG_SYSTEM_USER"
  mkdir -p "$preferred" && chown "$PG_SYSTEM_USER" "$preferred"
  if runuser -u "$PG_SYSTEM_USER" -- test -w "$preferred"; then echo "$preferred"; return; fi
  # The checkout sits where the system user cannot enter (e.g. under /root): keep the data beside the system's.
  local fallback="/var/lib/orleanskombo/$(printf %s "$ROOT" | sha1sum | cut -c1-12)"
  mkdir -p "$fallback" && chown "$PG_SYSTEM_USER" "$fallback"
  echo "$fallback"
}

pg_ready() { "$(pg_bin)/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }

pg_psql() { PGPASSWORD="$PG_PASSWORD" "$(pg_bin)/psql" -v ON_ERROR_STOP=1 -qAt -h 127.0.0.1 -p "$PG_PORT" -U "$PG_ROLE" "$@"; }

pg_start() {
  pg_install || return 1
  local root data bin
  bin=$(pg_bin)
  root=$(pg_data_root)
  data="$root/data"
  if pg_ready; then
    pg_psql -d postgres -c 'SELECT 1' >/dev/null 2>&1 || {
      echo "error: port $PG_PORT answers but not as our PostgreSQL (role $PG_ROLE); set PG_PORT to a free port" >&2; return 1; }
    echo "PostgreSQL: reusing the server on 127.0.0.1:$PG_PORT"
    return 0
  fi
  if [ ! -s "$data/PG_VERSION" ]; then
    echo "PostgreSQL: creating a cluster in $data"
    local pwfile="$root/.pw"
    printf '%s\n' "$PG_PASSWORD" > "$pwfile"
    [ "$(id -u)" -eq 0 ] && chown "$PG_SYSTEM_USER" "$pwfile"
    pg_as_owner "$bin/initdb" -D "$data" -U "$PG_ROLE" --pwfile="$pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
  fi
  mkdir -p "$root/run" && { [ "$(id -u)" -ne 0 ] || chown "$PG_SYSTEM_USER" "$root/run"; }
  pg_as_owner "$bin/pg_ctl" -D "$data" -l "$root/postgres.log" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$root/run -c max_connections=400 -c shared_buffers=512MB -c fsync=${PG_FSYNC:-on} -c synchronous_commit=${PG_SYNCHRONOUS_COMMIT:-on}" >/dev/null \
    || { echo "error: PostgreSQL did not start; see $root/postgres.log" >&2; tail -n 20 "$root/postgres.log" >&2; return 1; }
  PG_STARTED_HERE=1
  PG_DATA="$data"
  echo "PostgreSQL: started on 127.0.0.1:$PG_PORT (data in $data)"
}

pg_stop() {
  [ "$PG_STARTED_HERE" = 1 ] || return 0
  pg_as_owner "$(pg_bin)/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null && echo "PostgreSQL: stopped"
}

# Creates the database when missing; with "fresh", drops it first.
pg_database() {
  local name=$1 mode=${2:-keep}
  if [ "$mode" = fresh ]; then pg_psql -d postgres -c "DROP DATABASE IF EXISTS \"$name\" WITH (FORCE)"; fi
  [ "$(pg_psql -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$name'")" = 1 ] \
    || pg_psql -d postgres -c "CREATE DATABASE \"$name\""
}

pg_connection_string() {
  echo "Host=127.0.0.1;Port=$PG_PORT;Database=$1;Username=$PG_ROLE;Password=$PG_PASSWORD"
}
