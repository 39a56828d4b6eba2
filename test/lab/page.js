// Plain browser JS, served as-is by test/lab/server.ts: the lab must run without a build step.

const configElement = document.getElementById("lab-config");
const config = JSON.parse(configElement ? configElement.textContent || "{}" : "{}");
const scenarios = Array.isArray(config.scenarios) ? config.scenarios : [];
const groups = Array.isArray(config.groups) ? config.groups : [];
const byName = new Map(scenarios.map((s) => [s.name, s]));
const rows = new Map();
const results = {};
// The helpers' cookies are mostly HttpOnly, so the page can only remember which helpers ran.
const readyHelpers = new Set();
let running = 0;
/** Pause between the attempts of a `repeat` scenario: a client retrying on a timer. */
const REPEAT_DELAY_MS = 200;

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The Authorization header and, for DPoP, the proof that goes with it. */
function authHeadersFor(scenario) {
  const auth = scenario.request.authorization;
  if (!auth) return {};
  switch (auth.kind) {
    case "bearer":
      return { Authorization: `Bearer ${config.tokens[auth.token]}` };
    case "dpop":
      return { Authorization: `DPoP ${config.tokens[auth.token]}`, DPoP: config.dpopProofs?.[scenario.name] ?? "" };
    case "basic":
      return { Authorization: `Basic ${btoa(`${auth.user}:${auth.password}`)}` };
    case "stack":
      // A token one of the real stacks minted when the lab started.
      return { Authorization: `${auth.scheme} ${config.stackTokens?.[auth.token] ?? ""}` };
    default:
      return { Authorization: auth.value };
  }
}

/** `{ token }` query values stand for a lab token; `display` shows an ellipsis instead. */
function urlFor(scenario, display) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(scenario.request.query || {})) {
    params.set(name, typeof value === "string" ? value : display ? "…" : config.tokens[value.token]);
  }
  const query = params.toString();
  return `${scenario.path}${query ? `?${display ? decodeURIComponent(query) : query}` : ""}`;
}

/** The origin that answers a scenario: the real stack named by `server`, or the lab API. */
function originFor(scenario) {
  return scenario.server ? (config.servers?.[scenario.server] ?? "") : config.apiOrigin;
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
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
  const { status, attempts } = state.result;
  const kind = statusKind(status);
  const matches = status === scenario.expect.status;
  item.dataset.kind = kind;
  item.dataset.status = status === null ? "blocked" : String(status);
  item.dataset.matches = String(matches);
  badge.className = `badge ${kind}`;
  badge.textContent = `${status === null ? "blocked" : status}${attempts > 1 ? ` ×${attempts}` : ""}`;
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

function randomUrlSafe(bytes) {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return btoa(String.fromCharCode(...data)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** RFC 7636 §4.2: BASE64URL(SHA-256(ASCII(code_verifier))). */
async function s256(verifier) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  return btoa(String.fromCharCode(...digest)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** How long a sign-in may take before the page gives up on it (it never should). */
const SIGN_IN_LIMIT_MS = 15_000;

/**
 * The code flow's front channel in a hidden iframe: the authorization request, the provider's
 * sign-in, its redirect to the page's callback. Resolves with the callback's query.
 */
function frontChannel(url, callbackPath) {
  return new Promise((resolve, reject) => {
    const frame = document.createElement("iframe");
    frame.hidden = true;
    const limit = setTimeout(() => {
      frame.remove();
      reject(new Error("the sign-in did not come back"));
    }, SIGN_IN_LIMIT_MS);
    frame.addEventListener("load", () => {
      let here;
      try {
        here = new URL(frame.contentWindow.location.href);
      } catch {
        return; // Still on the provider's origin.
      }
      if (here.pathname !== callbackPath) return;
      clearTimeout(limit);
      frame.remove();
      resolve(here.searchParams);
    });
    frame.src = url;
    document.body.append(frame);
  });
}

/**
 * Signs in (ScenarioSignIn): resolves with the form body of the code exchange, or, when the
 * scenario's own path is the authorization endpoint, with the callback's query.
 */
async function signIn(scenario) {
  const s = scenario.request.signIn;
  const verifier = randomUrlSafe(32);
  const redirectUri = `${location.origin}${s.callbackPath}`;
  const query = new URLSearchParams({
    response_type: "code",
    client_id: s.clientId,
    redirect_uri: redirectUri,
    scope: s.scope,
    state: randomUrlSafe(16),
    nonce: randomUrlSafe(16),
  });
  if (s.pkce) {
    query.set("code_challenge", await s256(verifier));
    query.set("code_challenge_method", "S256");
  }
  const back = await frontChannel(`${originFor(scenario)}${s.authorizePath ?? scenario.path}?${query}`, s.callbackPath);
  if (s.authorizePath === undefined) return { callback: back };
  // Another attempt's verifier: a second tab's sign-in overwrote the one stored for this one.
  const sent = s.verifier === "own" ? verifier : randomUrlSafe(32);
  const body = new URLSearchParams({
    grant_type: "authorization_code",
    code: back.get("code") || "",
    redirect_uri: redirectUri,
    client_id: s.clientId,
    code_verifier: sent,
  }).toString();
  return { body };
}

async function perform(scenario) {
  const { request } = scenario;
  const signedIn = request.signIn ? await signIn(scenario) : undefined;
  if (signedIn?.callback) {
    // The request was the authorization request itself: the provider answered with a redirect
    // (303, oidc-provider's), which the frame followed to the callback shown here.
    return { result: { status: 303 }, view: { challenge: null, bodyText: `Redirected back with ${signedIn.callback}` } };
  }
  // A request its real stack set up for this page load (a stored refresh token) comes whole.
  const prepared = request.prepared
    ? config.preparedRequests?.[scenario.name]
    : signedIn
      ? { headers: request.headers || {}, body: signedIn.body }
      : undefined;
  const headers = prepared ? prepared.headers : { ...(request.headers || {}), ...authHeadersFor(scenario) };
  try {
    const response = await fetch(originFor(scenario) + urlFor(scenario, false), {
      method: request.method,
      credentials: request.credentials,
      headers,
      body: prepared ? prepared.body : request.body,
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

/** Reads the issuer's discovery document and then its JWK Set (jwks_uri), as an OIDC client does. */
async function discover(scenario) {
  try {
    const metadata = await (await fetch(`${originFor(scenario)}/.well-known/openid-configuration`)).json();
    if (typeof metadata.jwks_uri === "string") await (await fetch(metadata.jwks_uri)).text();
  } catch {
    // The scenario's own request still runs; its row shows what the API answered.
  }
}

async function run(name) {
  const scenario = byName.get(name);
  if (!scenario) return { status: null, error: `Unknown scenario: ${name}` };
  running += 1;
  syncRunAll();
  try {
    render(scenario, { pending: true });
    const before = scenario.request.before;
    if (before && !readyHelpers.has(before)) await run(before);
    if (scenario.request.discover) await discover(scenario);
    const attempts = scenario.request.repeat || 1;
    let outcome = await perform(scenario);
    for (let i = 1; i < attempts; i++) {
      await sleep(REPEAT_DELAY_MS);
      outcome = await perform(scenario);
    }
    outcome.result.attempts = attempts;
    const ok = outcome.result.status !== null && outcome.result.status >= 200 && outcome.result.status < 300;
    if (scenario.helper && ok) {
      // A helper that drops the lab's cookies undoes every other helper, and itself stays
      // unremembered: what it cleared may be set again by the next helper.
      if (scenario.answer?.clearsCookies) readyHelpers.clear();
      else readyHelpers.add(name);
    }
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

/** Runs every problem scenario in table order; helpers run when a scenario needs them. */
async function runAll() {
  for (const scenario of scenarios) {
    if (!scenario.helper) await run(scenario.name);
  }
}

function syncRunAll() {
  const button = document.getElementById("run-all");
  if (button) button.disabled = running > 0;
}

function buildRow(scenario) {
  const item = el("li", "scenario");
  item.dataset.name = scenario.name;

  const main = el("div", "main");
  const heading = el("h3", undefined, scenario.title);
  heading.append(el("span", "name", scenario.name));
  if (scenario.helper) heading.append(el("span", "helper-tag", "helper"));
  main.append(heading, el("p", undefined, scenario.description));

  const meta = el("div", "meta");
  const { request } = scenario;
  if (scenario.server) meta.append(el("span", "server", scenario.server));
  meta.append(el("span", "request", `${request.method} ${urlFor(scenario, true)}`));
  if (request.repeat > 1) meta.append(el("span", "request-note", `×${request.repeat}`));
  if (scenario.expectedCodes.length === 0 && !scenario.helper) meta.append(el("span", "chip none", "no findings expected"));
  for (const code of scenario.expectedCodes) meta.append(el("span", "chip", code));
  if (scenario.expectedRoot) meta.append(el("span", "chip root", `root: ${scenario.expectedRoot}`));
  if (scenario.chromiumCorsError) {
    const cors = el("span", "cors-error", "Chromium corsError: ");
    cors.append(el("code", undefined, scenario.chromiumCorsError));
    meta.append(cors);
  }
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
  rows.set(scenario.name, { item, badge, detail, check, button });
  return item;
}

function buildList() {
  const container = document.getElementById("groups");
  if (!container) return;
  // Groups the table does not name (there should be none) still get a section, at the end.
  const order = [...groups, ...scenarios.map((s) => s.group).filter((g) => !groups.includes(g))];
  for (const group of new Set(order)) {
    const members = scenarios.filter((s) => s.group === group);
    if (members.length === 0) continue;
    const section = el("section", "group");
    section.dataset.group = group;
    const id = `group-${group.toLowerCase().replace(/[^a-z]+/g, "-")}`;
    section.setAttribute("aria-labelledby", id);
    const head = el("div", "group-head");
    const title = el("h2", undefined, group);
    title.id = id;
    const problems = members.filter((s) => !s.helper).length;
    const helpers = members.length - problems;
    head.append(title, el("span", "group-count", `${problems} scenario${problems === 1 ? "" : "s"}${helpers ? ` · ${helpers} helper${helpers === 1 ? "" : "s"}` : ""}`));
    const list = el("ol", "scenarios");
    for (const scenario of members) list.append(buildRow(scenario));
    section.append(head, list);
    container.append(section);
  }
}

/**
 * A busy page (`/?busy=N`): N requests in waves of 100, as a single-page app with polling and
 * many assets would send them. Most are healthy; one in ten is a 401 without credentials and
 * one in ten is blocked by CORS, so the list has problems to find among the noise.
 */
async function busy(total) {
  const WAVE = 100;
  const api = config.apiOrigin || location.origin;
  const target = (i) =>
    i % 10 === 3 ? `${api}/api/no-challenge-401?i=${i}` : i % 10 === 7 ? `${api}/api/cors-missing-acao?i=${i}` : `/favicon.ico?i=${i}`;
  const summary = document.getElementById("summary");
  for (let i = 0; i < total; i += WAVE) {
    // Bodies are read, as an app does: Chromium's log finishes a request only once its body is consumed.
    const wave = Array.from({ length: Math.min(WAVE, total - i) }, (_, k) =>
      fetch(target(i + k), { credentials: "omit" })
        .then((r) => r.text())
        .catch(() => undefined),
    );
    await Promise.all(wave);
    if (summary) summary.textContent = `Busy page: ${Math.min(total, i + WAVE)} of ${total} requests sent`;
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

  const busyCount = Number(new URLSearchParams(location.search).get("busy"));
  if (Number.isInteger(busyCount) && busyCount > 0) {
    busy(Math.min(busyCount, 50_000)).finally(() => {
      document.body.dataset.labDone = "1";
    });
    return;
  }
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
