#!/usr/bin/env bash
# Starts everything on this machine: PostgreSQL, the schema, one silo, the gateway, the Kombo sandbox when no
# Kombo API key is configured, and maildev when no SMTP server is. Ctrl-C stops all of it; the next run reuses the data.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")" && pwd)
cd "$ROOT"
source scripts/postgres.sh
source scripts/dotnet.sh
source scripts/maildev.sh

# The gateway listens where ASPNETCORE_URLS says (CONTRACT.md §1), else at GATEWAY_URL (default http://127.0.0.1:5080).
# Everything here that calls the gateway (health, the sandbox's webhooks) uses the first of those addresses, with a
# wildcard host (*, +, 0.0.0.0, [::]) read as loopback.
if [ -n "${ASPNETCORE_URLS:-}" ]; then
  GATEWAY_URL=$(printf '%s' "${ASPNETCORE_URLS%%;*}" | sed -E 's#^(https?://)(\*|\+|0\.0\.0\.0|\[::\])(:|/|$)#\1127.0.0.1\3#')
  GATEWAY_URLS_ARGS=()
else
  GATEWAY_URL="${GATEWAY_URL:-http://127.0.0.1:5080}"
  GATEWAY_URLS_ARGS=(--urls "$GATEWAY_URL")
fi
DATABASE=orleanskombo
pids=()
demo_pid=""   # the demo's packages/rule/results loop: stopped with the rest, but its end does not stop them
links_pid=""  # the demo's job links: the same

# Ctrl-C is the normal way to stop (status 0); anything else keeps the status of what failed.
stop_all() {
  local status=${1:-$?}
  trap - INT TERM EXIT
  echo
  echo "Stopping..."
  [ -z "$demo_pid" ] || kill -TERM "$demo_pid" 2>/dev/null || true
  [ -z "$links_pid" ] || kill -TERM "$links_pid" 2>/dev/null || true
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  maildev_stop
  pg_stop
  exit "$status"
}
trap 'stop_all 0' INT TERM
trap stop_all EXIT

mkdir -p .data
pg_start
pg_database "$DATABASE"
dotnet_build

secret() { # a random value kept in .data so restarts keep the same one
  local file=".data/$1"
  [ -s "$file" ] || head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$file"
  cat "$file"
}

export ConnectionStrings__Postgres="$(pg_connection_string "$DATABASE")"
export Gateway__ApiKeys__0="${Gateway__ApiKeys__0:-dev-$(secret dev-api-key)}"
export Kombo__WebhookSecret="${Kombo__WebhookSecret:-$(secret dev-webhook-secret)}"
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"
# The silo's ports (and the gateway's HTTP port) stay on loopback: nothing here is reachable from another machine.
export Orleans__AdvertisedIP="${Orleans__AdvertisedIP:-127.0.0.1}" Orleans__ListenOnAnyAddress="${Orleans__ListenOnAnyAddress:-false}"
export ASPNETCORE_ENVIRONMENT="$DOTNET_ENVIRONMENT"

# Without a Kombo key, the bundled sandbox (tests/Kombo.Sandbox) stands in for Kombo: one demo integration that
# finishes its first sync, then changes a little and syncs every minute, with webhooks to the gateway.
SANDBOX_URL="${SANDBOX_URL:-http://127.0.0.1:5090}"
# The demo's trigger rule starts an assessment when an application enters this stage; the sandbox moves some there.
DEMO_STAGE="Online Assessment"
KOMBO_INFO="${Kombo__BaseUrl:-https://api.kombo.dev/v1}"
if [ -z "${Kombo__ApiKey:-}" ]; then
  KOMBO_INFO="$SANDBOX_URL/v1   (the Kombo sandbox; its control API: $SANDBOX_URL/sandbox)"
  export Kombo__ApiKey="sandbox-$(secret sandbox-api-key)"
  export Kombo__BaseUrl="$SANDBOX_URL/v1"
  (cd "$ROOT/tests/Kombo.Sandbox/bin/Release/net10.0" && exec dotnet Kombo.Sandbox.dll --urls "$SANDBOX_URL" \
    --api-key "$Kombo__ApiKey" --webhook-url "$GATEWAY_URL/webhooks/kombo" --webhook-secret "$Kombo__WebhookSecret" \
    --webhook-attempts 6 --demo --demo-trigger-stage "$DEMO_STAGE") & pids+=($!)   # 6 attempts span ~30 s, while the gateway starts
fi

# Without an SMTP server configured, invitations go to a local maildev (from npm), whose web UI shows them.
MAIL_INFO="${Invitations__SmtpHost:-}:${Invitations__SmtpPort:-25}"
if [ -z "${Invitations__SmtpHost:-}" ] && [ "${Invitations__Channel:-Smtp}" = Smtp ]; then
  maildev_start
  pids+=("$MAILDEV_PID")
  export Invitations__SmtpHost=127.0.0.1 Invitations__SmtpPort="$MAILDEV_SMTP_PORT" Invitations__SmtpSecurity=None
  MAIL_INFO="maildev, SMTP 127.0.0.1:$MAILDEV_SMTP_PORT, inbox $MAILDEV_API_URL"
fi

SILO_DIR="$ROOT/Silo/bin/Release/net10.0"
GATEWAY_DIR="$ROOT/Gateway/bin/Release/net10.0"

(cd "$SILO_DIR" && exec dotnet OrleansKombo.Silo.dll migrate)

(cd "$SILO_DIR" && exec dotnet OrleansKombo.Silo.dll) & pids+=($!)
(cd "$GATEWAY_DIR" && exec dotnet OrleansKombo.Gateway.dll "${GATEWAY_URLS_ARGS[@]}") & pids+=($!)

deadline=$((SECONDS + 120))
until curl -fsS "$GATEWAY_URL/health/ready" >/dev/null 2>&1; do
  [ $SECONDS -lt $deadline ] || { echo "error: the gateway was not ready within 120 s" >&2; exit 1; }
  for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "error: a process exited during start-up" >&2; exit 1; }; done
  sleep 1
done

# The demo's Kombo places orders once the vendor offers packages: offer two for the sandbox's integration as soon as
# it is known, so the orders, invitations and write-back pages fill too. Gives up after 120 s.
# Then the vendor's own flow (README "Triggered assessments"): a trigger rule on $DEMO_STAGE, into which the sandbox
# moves applications; each triggered order that is INVITED gets a demo result, which is written into the application
# (a result link with the score and Role Fit, and a note) and shows in the sandbox's record of writes. The loop ends
# when the gateway has stopped answering for a minute.
if [[ "$Kombo__BaseUrl" == "$SANDBOX_URL/v1" ]]; then
  (
    auth="Authorization: Bearer $Gateway__ApiKeys__0"
    packages='{"packages":[{"id":"demo-skills","type":"SKILLS_TEST","name":"Skills test","description":"<p>A demo skills test</p>"},{"id":"demo-video","type":"VIDEO_INTERVIEW","name":"Video interview","description":"<p>A demo video interview</p>"}]}'
    rules='{"rules":[{"id":"demo-on-stage","package_id":"demo-skills","when":{"stage_name":"'"$DEMO_STAGE"'"},"jobs":"ALL","on_result":{"result_link":true,"note":true,"custom_field_name_prefix":"Demo:"}}]}'
    id=""
    for _ in $(seq 120); do
      id=$(curl -fsS -H "$auth" "$GATEWAY_URL/api/integrations" 2>/dev/null | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4 || true)
      if [ -n "$id" ] && curl -fsS -o /dev/null -X PUT -H "$auth" -H 'Content-Type: application/json' -d "$packages" \
          "$GATEWAY_URL/api/integrations/$id/packages"; then
        echo "demo: packages offered for $id; the sandbox places an order every third change"
        break
      fi
      id=""
      sleep 1
    done
    [ -n "$id" ] || { echo "demo: no integration was known within 120 s; no packages offered" >&2; exit 0; }
    curl -fsS -o /dev/null -X PUT -H "$auth" -H 'Content-Type: application/json' -d "$rules" "$GATEWAY_URL/api/integrations/$id/triggers" \
      && echo "demo: trigger rule 'demo-on-stage': an application entering '$DEMO_STAGE' gets the skills test; results go back as a link and a note"
    silent=0
    while [ $silent -lt 4 ]; do
      sleep 15
      invited=$(curl -fsS -H "$auth" "$GATEWAY_URL/api/integrations/$id/orders?status=INVITED&page_size=100" 2>/dev/null) || { silent=$((silent + 1)); continue; }
      silent=0
      for order in $(printf '%s' "$invited" | grep -o '"id":"trg_[0-9a-f]*"' | cut -d'"' -f4 | sort -u); do
        result='{"status":"COMPLETED","result_url":"https://assessments.example.com/results/'"$order"'","completed_at":"'"$(date -u +%Y-%m-%dT%H:%M:%S.000Z)"'","score":'"$((60 + RANDOM % 40))"',"max_score":100,"attributes":[{"type":"SUB_RESULT","id":"role-fit","label":"Role Fit","score":{"value":'"$((5 + RANDOM % 5))"',"max":10},"status":"COMPLETED"}]}'
        curl -fsS -o /dev/null -X POST -H "$auth" -H 'Content-Type: application/json' -d "$result" "$GATEWAY_URL/api/orders/$order/result" \
          && echo "demo: result posted for triggered order $order; the link: $SANDBOX_URL/sandbox/integrations/$id/writes?kind=result-link"
      done
    done
  ) &
  demo_pid=$!
  # The console's jobs page links the vendor's jobs: post three by title only once the integration's jobs are synced, so
  # the matcher offers candidates from the real data to confirm there (and finds none for the third). Gives up after 180 s.
  (
    auth="Authorization: Bearer $Gateway__ApiKeys__0"
    links='{"jobs":[{"vendor_job_id":"demo-vendor-1","title":"Senior Backend Engineer"},{"vendor_job_id":"demo-vendor-2","title":"Data Analyst (m/w/d)"},{"vendor_job_id":"demo-vendor-3","title":"Pilot A320"}]}'
    for _ in $(seq 180); do
      id=$(curl -fsS -H "$auth" "$GATEWAY_URL/api/integrations" 2>/dev/null | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4 || true)
      if [ -n "$id" ] && curl -fsS -H "$auth" "$GATEWAY_URL/api/integrations/$id/jobs?page_size=1" 2>/dev/null | grep -q '"results":\[{' \
          && curl -fsS -o /dev/null -X POST -H "$auth" -H 'Content-Type: application/json' -d "$links" "$GATEWAY_URL/api/integrations/$id/job-links"; then
        echo "demo: three vendor jobs posted to the job links of $id; confirm or unlink them on its jobs page"
        exit 0
      fi
      sleep 1
    done
    echo "demo: the integration's jobs were not synced within 180 s; no vendor jobs linked" >&2
  ) &
  links_pid=$!
fi

cat <<INFO

OrleansKombo is running.
  gateway      ${ASPNETCORE_URLS:-$GATEWAY_URL}   (health: /health/ready, metrics: /metrics, API description: /openapi/v1.json)
  silo         $Orleans__AdvertisedIP:${Orleans__SiloPort:-11111} (silo), $Orleans__AdvertisedIP:${Orleans__GatewayPort:-30000} (Orleans gateway), cluster ${Orleans__ClusterId:-kombo-dev}
  postgres     127.0.0.1:$PG_PORT, database $DATABASE (role $PG_ROLE)
  Kombo        $KOMBO_INFO
  invitations  $MAIL_INFO
  console      $GATEWAY_URL/console   (sign in with the API key)
  API key      $Gateway__ApiKeys__0
  try          curl -H "Authorization: Bearer $Gateway__ApiKeys__0" $GATEWAY_URL/api/integrations

Press Ctrl-C to stop.
INFO

wait -n "${pids[@]}" || true
echo "A process exited; stopping the rest." >&2
exit 1
