# Sourced by test.sh (and usable by hand): a real SMTP server for the invitation tests, maildev from npm, installed
# into .data/tools and started on free loopback ports. Tests find it through MAILDEV_SMTP_PORT and MAILDEV_API_URL
# and count what it received through its REST API.

MAILDEV_VERSION=3.0.0
MAILDEV_DIR="$ROOT/.data/tools"
MAILDEV_PID=""

maildev_install() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "Node.js is missing (maildev needs it); installing it with apt-get"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm >/dev/null || return 1
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    echo "error: maildev $MAILDEV_VERSION needs Node.js 20 or later; this machine has $(node --version). Install a newer Node.js (e.g. from NodeSource) and run again." >&2
    return 1
  fi
  # The installed version, not just a binary: a changed MAILDEV_VERSION or an interrupted install is installed again.
  [ "$(node -p "require('$MAILDEV_DIR/node_modules/maildev/package.json').version" 2>/dev/null)" = "$MAILDEV_VERSION" ] \
    && [ -x "$MAILDEV_DIR/node_modules/.bin/maildev" ] && return 0
  echo "Installing maildev $MAILDEV_VERSION into $MAILDEV_DIR"
  mkdir -p "$MAILDEV_DIR"
  npm install --prefix "$MAILDEV_DIR" --no-audit --no-fund --loglevel=error "maildev@$MAILDEV_VERSION" >/dev/null
}

maildev_free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

maildev_start() {
  maildev_install || { echo "error: could not install maildev" >&2; return 1; }
  local smtp web
  smtp=$(maildev_free_port) && web=$(maildev_free_port) || return 1
  "$MAILDEV_DIR/node_modules/.bin/maildev" --smtp "$smtp" --ip 127.0.0.1 --web "$web" --web-ip 127.0.0.1 --silent \
    > "$ROOT/.data/maildev.log" 2>&1 &
  MAILDEV_PID=$!
  export MAILDEV_SMTP_PORT=$smtp
  export MAILDEV_API_URL="http://127.0.0.1:$web"
  local deadline=$((SECONDS + 30))
  until curl -fsS "$MAILDEV_API_URL/api/healthz" >/dev/null 2>&1; do
    kill -0 "$MAILDEV_PID" 2>/dev/null && [ $SECONDS -lt $deadline ] || {
      echo "error: maildev did not start; see .data/maildev.log" >&2; tail -n 20 "$ROOT/.data/maildev.log" >&2; return 1; }
    sleep 0.2
  done
  echo "maildev: SMTP on 127.0.0.1:$smtp, API on $MAILDEV_API_URL"
}

maildev_stop() {
  [ -n "$MAILDEV_PID" ] || return 0
  kill "$MAILDEV_PID" 2>/dev/null && wait "$MAILDEV_PID" 2>/dev/null
  MAILDEV_PID=""
  echo "maildev: stopped"
}
