# Sourced by test.sh: Debian's Chromium for the console's browser tests (tests/OrleansKombo.Tests/OperatorConsole),
# which Playwright drives through its ExecutablePath; never Playwright's own browser download. Idempotent.
CHROMIUM=/usr/bin/chromium

chromium_install() {
  [ -x "$CHROMIUM" ] && return 0
  echo "Chromium is missing; installing Debian's chromium with apt-get"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
  [ -x "$CHROMIUM" ]
}
