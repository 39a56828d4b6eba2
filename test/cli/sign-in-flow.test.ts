/**
 * `authlens analyze` on a HAR of a whole OAuth 2.0 / OpenID Connect sign-in: the text report
 * shows the flow as steps with their status, every secret masked unless --show-secrets, and the
 * JSON report names each root cause on the exchange it belongs to.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/core/report.ts";
import { harOf } from "../unit/helpers.ts";
import { ACCESS_1, CODE, REFRESH_1, REFRESH_2, signInEntries, type SignInOptions, VERIFIER } from "../unit/oauth/sign-in-captures.ts";
import { buildCli, runCli } from "./run-cli.ts";

let tmp: string;

beforeAll(async () => {
  buildCli();
  tmp = await mkdtemp(join(tmpdir(), "authlens-sign-in-"));
}, 60_000);

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function harFile(name: string, o: SignInOptions): Promise<string> {
  const path = join(tmp, name);
  await writeFile(path, JSON.stringify(harOf(signInEntries(o))));
  return path;
}

const SECRETS = [CODE, VERIFIER, ACCESS_1, REFRESH_1, REFRESH_2];

describe("a whole sign-in in the text report", () => {
  it("lists its steps with their status, secrets masked", async () => {
    const r = await runCli(["analyze", await harFile("healthy.har", { refreshReused: true })]);
    expect(r.code).toBe(0);
    const flow = r.stdout.slice(r.stdout.indexOf("Sign-in flow: "));
    expect(flow.replace(/\s+/g, " ")).toContain("Sign-in flow: client_id spa-orders, redirect_uri https://app.example.com/callback at https://id.example.com/oauth2/authorize");
    const steps = flow
      .split("\n")
      .map((line) => /^ {4}(ok|WARN|FAIL) +(e\d+) +([^:]+):/.exec(line))
      .filter((m) => m !== null)
      .map((m) => `${m[1]} ${m[2]} ${m[3]}`);
    expect(steps).toEqual([
      "ok e1 Authorization request",
      "ok e2 Redirect back to the app",
      "ok e3 Redirect URI loaded",
      "ok e4 Code exchanged for tokens",
      "ok e5 API call with the access token",
      "ok e6 Refresh",
      "ok e7 API call with the refreshed access token",
      "FAIL e8 Refresh with a refresh token already used",
    ]);
    expect(flow.replace(/\s+/g, " ")).toContain(`code_verifier: ${VERIFIER.slice(0, 4)}… (${VERIFIER.length} chars)`);
    expect(flow.replace(/\s+/g, " ")).toContain("PKCE: the code_verifier answers the code_challenge (S256)");
    for (const s of SECRETS) expect(r.stdout).not.toContain(s);
    expect(r.stdout).toContain("--show-secrets prints them");
  });

  it("prints the secrets with --show-secrets", async () => {
    const r = await runCli(["analyze", await harFile("shown.har", {}), "--show-secrets"]);
    expect(r.code).toBe(0);
    const flow = r.stdout.slice(r.stdout.indexOf("Sign-in flow: ")).replace(/\s+/g, " ");
    expect(flow).toContain(`code_verifier: ${VERIFIER}`);
    expect(flow).toContain(`code: ${CODE}`);
  });
});

describe("each root cause on its exchange", () => {
  async function report(name: string, o: SignInOptions): Promise<Report> {
    const r = await runCli(["analyze", await harFile(name, o), "--json"]);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as Report;
  }

  it("a verifier from another attempt: oauth.pkce-mismatch on the code exchange", async () => {
    const rep = await report("pkce.har", { verifier: "z".repeat(43), tokenAnswer: { status: 400, body: { error: "invalid_grant", error_description: "PKCE verification failed" } } });
    expect(rep.exchanges.find((x) => x.id === "e4")?.rootCause).toBe("oauth.pkce-mismatch");
    const text = await runCli(["analyze", join(tmp, "pkce.har")]);
    expect(text.stdout).toMatch(/FAIL +e4 +Code exchanged for tokens/);
  });

  it("another tab's state: oauth.state-mismatch on the provider's redirect", async () => {
    const rep = await report("state.har", { returnedState: "state-of-another-tab" });
    expect(rep.exchanges.find((x) => x.id === "e2")?.findings.map((f) => f.code)).toContain("oauth.state-mismatch");
  });

  it("an AADSTS error in the redirect: oauth.authorization-error", async () => {
    const description = "AADSTS65001: The user or administrator has not consented to use the application with ID 'spa-orders'.";
    const rep = await report("aadsts.har", { error: { error: "consent_required", description } });
    const e2 = rep.exchanges.find((x) => x.id === "e2")!;
    expect(e2.rootCause).toBe("oauth.authorization-error");
    expect(e2.findings[0]!.detail).toContain("AADSTS65001 means the user or an administrator has not consented");
  });
});
