# Sourced by test.sh (and usable by hand): Kombo's official TypeScript SDK (@kombo-api/sdk from npm), installed into
# tests/Kombo.Sandbox.Tests/sdk-conformance/node_modules from that folder's package-lock.json. SdkConformanceTests runs
# it against the sandbox and is skipped, saying why, when Node.js or this install is missing.

KOMBO_SDK_DIR="$ROOT/tests/Kombo.Sandbox.Tests/sdk-conformance"

kombo_sdk_install() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "warning: Node.js is missing; the Kombo SDK conformance test will be skipped" >&2
    return 1
  fi
  # Installed when the versions in node_modules are not the locked ones (a new lock, or an interrupted install).
  local wanted installed
  wanted=$(cd "$KOMBO_SDK_DIR" && node -p "const l=require('./package-lock.json').packages; ['@kombo-api/sdk','zod'].map(p=>l['node_modules/'+p].version).join(' ')" 2>/dev/null)
  installed=$(cd "$KOMBO_SDK_DIR" && node -p "['@kombo-api/sdk','zod'].map(p=>require('./node_modules/'+p+'/package.json').version).join(' ')" 2>/dev/null)
  [ -n "$wanted" ] && [ "$wanted" = "$installed" ] && return 0
  echo "Installing Kombo's TypeScript SDK ($wanted) into $KOMBO_SDK_DIR/node_modules"
  (cd "$KOMBO_SDK_DIR" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
}
