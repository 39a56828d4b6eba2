// Plain browser JS, served as-is by test/lab/server.ts: the lab must run without a build step.

const configElement = document.getElementById("lab-config");
const config = JSON.parse(configElement ? configElement.textContent || "{}" : "{}");
const scenarios = Array.isArray(config.scenarios) ? config.scenarios : [];
const byName = new Map(scenarios.map((s) => [s.name, s]));
const rows = new Map();
const results = {};
// The session cookie is HttpOnly, so the page can only remember that it logged in.
let sessionReady = false;
let running = 0;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function authorizationFor(request) {
  const auth = request.authorization;
  if (!auth) return undefined;
  if (auth.kind === "bearer") return `Bearer ${config.tokens[auth.token]}`;
  return auth.value;
}

function statusKind(status) {
  if (status === null) return "blocked";
  if (status >= 200 && status < 300) return "ok";
  if (status === 401 || status === 403 || status === 407) return "err";
  return "warn";
}

const MAX_BODY_CHARS = 160;

/** Returns [label, text] for the detail line under a scenario. */
function outcomeDetail(status, view) {
  if (status === null) return ["Error", `${view.error} (the browser withheld the response; DevTools shows why)`];
  if (view.challenge) return ["WWW-Authenticate", view.challenge];
  const body = view.bodyText.length > MAX_BODY_CHARS ? `${view.bodyText.slice(0, MAX_BODY_CHARS)}…` : view.bodyText;
  return ["Body", body || "(empty)"];
}

function render(scenario, state) {
  const row = rows.get(scenario.name);
  if (!row) return;
  const { item, badge, detail, check, button } = row;
  button.disabled = state.pending;
  if (state.pending) {
    badge.className = "badge";
    badge.textContent = "…";
    check.className = "check";
    check.textContent = "running";
    return;
  }
  const { status } = state.result;
  const kind = statusKind(status);
  const matches = status === scenario.expect.status;
  item.dataset.kind = kind;
  item.dataset.status = status === null ? "blocked" : String(status);
  item.dataset.matches = String(matches);
  badge.className = `badge ${kind}`;
  badge.textContent = status === null ? "blocked" : String(status);
  check.className = `check ${matches ? "match" : "mismatch"}`;
  check.textContent = matches
    ? "✓ as expected"
    : `✗ expected ${scenario.expect.status === null ? "blocked" : scenario.expect.status}`;
  const [label, text] = outcomeDetail(status, state.view);
  detail.replaceChildren(el("span", "label", `${label}:`), text);
  detail.hidden = false;
}

function updateSummary() {
  const summary = document.getElementById("summary");
  if (!summary) return;
  const done = scenarios.filter((s) => results[s.name]);
  if (done.length === 0) {
    summary.textContent = `${scenarios.length} scenarios. Open DevTools → AuthLens, then run them.`;
    return;
  }
  const matching = done.filter((s) => results[s.name].status === s.expect.status).length;
  summary.textContent = `${done.length} of ${scenarios.length} run · ${matching} behaved as expected`;
}

async function perform(scenario) {
  const headers = { ...(scenario.request.headers || {}) };
  const authorization = authorizationFor(scenario.request);
  if (authorization !== undefined) headers.Authorization = authorization;
  try {
    const response = await fetch(config.apiOrigin + scenario.path, {
      method: scenario.request.method,
      credentials: scenario.request.credentials,
      headers,
    });
    const bodyText = await response.text();
    return {
      result: { status: response.status },
      view: { challenge: response.headers.get("WWW-Authenticate"), bodyText },
    };
  } catch (e) {
    // A CORS failure surfaces only as an opaque TypeError; DevTools has the real reason.
    const error = String(e);
    return { result: { status: null, error }, view: { error } };
  }
}

async function run(name) {
  const scenario = byName.get(name);
  if (!scenario) return { status: null, error: `Unknown scenario: ${name}` };
  running += 1;
  syncRunAll();
  try {
    render(scenario, { pending: true });
    if (scenario.request.needsSession && !sessionReady) await run("login");
    const outcome = await perform(scenario);
    if (scenario.name === "login" && outcome.result.status === 200) sessionReady = true;
    results[name] = outcome.result;
    render(scenario, { pending: false, ...outcome });
    updateSummary();
    return outcome.result;
  } catch (e) {
    return { status: null, error: String(e) };
  } finally {
    running -= 1;
    syncRunAll();
  }
}

async function runAll() {
  for (const scenario of scenarios) {
    await run(scenario.name);
  }
}

function syncRunAll() {
  const button = document.getElementById("run-all");
  if (button) button.disabled = running > 0;
}

function buildList() {
  const list = document.getElementById("scenarios");
  if (!list) return;
  for (const scenario of scenarios) {
    const item = el("li", "scenario");
    item.dataset.name = scenario.name;

    const main = el("div", "main");
    const heading = el("h2", undefined, scenario.title);
    heading.append(el("span", "name", scenario.name));
    if (scenario.helper) heading.append(el("span", "helper-tag", "helper"));
    main.append(heading, el("p", undefined, scenario.description));

    const meta = el("div", "meta");
    meta.append(el("span", "request", `${scenario.request.method} ${scenario.path}`));
    if (scenario.expectedCodes.length === 0) meta.append(el("span", "chip none", "no findings expected"));
    for (const code of scenario.expectedCodes) meta.append(el("span", "chip", code));
    main.append(meta);

    const side = el("div", "side");
    const check = el("span", "check", "not run");
    const badge = el("span", "badge", "—");
    const button = el("button", "secondary", "Run");
    button.type = "button";
    button.setAttribute("aria-label", `Run ${scenario.title}`);
    button.addEventListener("click", () => {
      run(scenario.name);
    });
    side.append(check, badge, button);

    const detail = el("div", "detail");
    detail.hidden = true;

    item.append(main, side, detail);
    list.append(item);
    rows.set(scenario.name, { item, badge, detail, check, button });
  }
}

function init() {
  const pageOrigin = document.getElementById("page-origin");
  const apiOrigin = document.getElementById("api-origin");
  if (pageOrigin) pageOrigin.textContent = config.pageOrigin || location.origin;
  if (apiOrigin) apiOrigin.textContent = config.apiOrigin || "(unknown)";
  buildList();
  updateSummary();
  document.getElementById("run-all")?.addEventListener("click", () => {
    runAll();
  });

  window.authlensLab = { run, runAll, scenarios: scenarios.map((s) => s.name), results };

  const requested = new URLSearchParams(location.search).get("run");
  if (requested) {
    if (requested !== "all" && !byName.has(requested)) {
      const summary = document.getElementById("summary");
      if (summary) summary.textContent = `Unknown scenario in ?run=: ${requested}`;
    }
    const task = requested === "all" ? runAll() : run(requested);
    task.finally(() => {
      document.body.dataset.labDone = "1";
    });
  }
}

init();
