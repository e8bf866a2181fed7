// Reads every model the Kombo sandbox serves through Kombo's official TypeScript SDK (@kombo-api/sdk), which checks
// every response with its zod schemas: a body the real Kombo could not have sent fails here with the SDK's own
// validation error. Prints one line per model with its count and exits 0 only when every read parsed.
//
//   node conformance.mjs <baseUrl> <apiKey> <integrationId> [webhooks.json]
//
// baseUrl is the sandbox's /v1 URL. webhooks.json, when given, is a JSON array of webhook bodies (strings, exactly as
// sent); each is parsed with the SDK's schema for its type.
import { Kombo } from "@kombo-api/sdk";
import * as models from "@kombo-api/sdk/models";
import { readFileSync } from "node:fs";

const [baseUrl, apiKey, integrationId, webhooksFile] = process.argv.slice(2);
if (!baseUrl || !apiKey || !integrationId) {
  console.error("usage: node conformance.mjs <baseUrl> <apiKey> <integrationId> [webhooks.json]");
  process.exit(2);
}

// Small pages, so the SDK follows many cursors; a bound on pages, so a cursor that never ends cannot hang the run.
const PAGE_SIZE = 50;
const MAX_PAGES = 10_000;

const kombo = new Kombo({
  api_key: apiKey,
  integration_id: integrationId,
  server_url: baseUrl,
  retry_config: { strategy: "none" },
  timeout_ms: 30_000,
});

let failed = false;

function report(what, error) {
  failed = true;
  const detail = typeof error?.pretty === "function" ? error.pretty() : error?.stack ?? String(error);
  console.log(`${what}: FAILED ${error?.constructor?.name ?? "error"}`);
  console.log(detail.split("\n").slice(0, 60).join("\n"));
}

// Every page of one list endpoint through the SDK's own pagination; returns the number of records.
async function readAll(what, call) {
  let records = 0;
  let pages = 0;
  for await (const page of await call()) {
    records += page.result.data.results.length;
    if (++pages > MAX_PAGES) {
      throw new Error(`${what}: more than ${MAX_PAGES} pages`);
    }
  }
  return { records, pages };
}

const atsModels = [
  ["jobs", (p) => kombo.ats.getJobs(p)],
  ["candidates", (p) => kombo.ats.getCandidates(p)],
  ["applications", (p) => kombo.ats.getApplications(p)],
  ["users", (p) => kombo.ats.getUsers(p)],
  ["tags", (p) => kombo.ats.getTags(p)],
  ["application-stages", (p) => kombo.ats.getApplicationStages(p)],
];

for (const [name, get] of atsModels) {
  try {
    const all = await readAll(name, () => get({ page_size: PAGE_SIZE, include_deleted: true }));
    const live = await readAll(name, () => get({ page_size: PAGE_SIZE }));
    console.log(`${name}: ${all.records} with deleted in ${all.pages} pages, ${live.records} live`);
  } catch (error) {
    report(name, error);
  }
}

try {
  const orders = await readAll("orders", () => kombo.assessment.getAssessmentOrders({ page_size: 2 }));
  const open = await readAll("orders", () => kombo.assessment.getAssessmentOrders({ page_size: 2, statuses: ["OPEN"] }));
  console.log(`orders: ${orders.records} in ${orders.pages} pages, ${open.records} open`);
} catch (error) {
  report("orders", error);
}

try {
  const packages = (await kombo.assessment.getPackages()).data.packages;
  console.log(`packages: ${packages.length}`);
  // Setting the same set again changes nothing and checks the write's answer too.
  const set = await kombo.assessment.setPackages({
    packages: packages.map(({ id, type, name, description }) => ({ id, type, name, description })),
  });
  console.log(`packages set again: ${set.warnings.length} warnings`);
} catch (error) {
  report("packages", error);
}

try {
  const details = (await kombo.general.getIntegrationDetails({ integration_id: integrationId })).data;
  console.log(`integration: ${details.id} ${details.status} ${details.setup_status} ${details.read_models.length} read models`);
} catch (error) {
  report("integration", error);
}

try {
  const key = (await kombo.general.checkApiKey()).data;
  const sync = (await kombo.general.triggerSync({ type: "DELTA" })).data;
  console.log(`check-api-key: ${key.environment_id}; force-sync: ${sync.type}`);
} catch (error) {
  report("platform", error);
}

if (webhooksFile) {
  // The SDK's schemas of the webhook bodies (its "Request" wrappers add the signature header around them).
  const parsers = {
    "data-changed": models.dataChangedWebhookPayloadFromJSON,
    "connection-flow-failed": models.connectionFlowFailedWebhookPayloadFromJSON,
    "integration-created": models.integrationCreatedWebhookPayloadFromJSON,
    "integration-deleted": models.integrationDeletedWebhookPayloadFromJSON,
    "integration-state-changed": models.integrationStateChangedWebhookPayloadFromJSON,
    "sync-finished": models.syncFinishedWebhookPayloadFromJSON,
    "assessment:order-received": models.assessmentOrderReceivedWebhookPayloadFromJSON,
    "inline-assessment:order-received": models.inlineAssessmentOrderReceivedWebhookPayloadFromJSON,
  };
  const bodies = JSON.parse(readFileSync(webhooksFile, "utf8"));
  const counts = {};
  for (const body of bodies) {
    const type = JSON.parse(body).type;
    const parse = parsers[type];
    const result = parse ? parse(body) : { ok: false, error: new Error(`the SDK has no schema for "${type}"`) };
    if (!result.ok) {
      report(`webhook ${type}`, result.error);
    }
    counts[type] = (counts[type] ?? 0) + 1;
  }
  const summary = Object.entries(counts).sort().map(([type, n]) => `${type} ${n}`).join(", ");
  console.log(`webhooks: ${bodies.length} (${summary})`);
}

process.exit(failed ? 1 : 0);
