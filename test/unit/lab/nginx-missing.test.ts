/**
 * Without nginx installed the lab still starts: the nginx stack and its scenarios are left out,
 * with one printed line saying why, and a test that asks for an nginx scenario's origin fails.
 * nginx's path is pointed somewhere empty; every other stack runs as usual.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SCENARIOS } from "../../lab/scenarios.ts";
import { type Lab, startLab } from "../../lab/server.ts";

vi.mock("../../lab/real/nginx.ts", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lab/real/nginx.ts")>()),
  NGINX_BINARY: "/nonexistent/authlens-lab/nginx",
}));

const NGINX_SCENARIOS = SCENARIOS.filter((s) => s.server === "nginx");
let lab: Lab;
const warnings: string[] = [];

beforeAll(async () => {
  const warn = vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => {
    warnings.push(args.map(String).join(" "));
  });
  try {
    lab = await startLab({ pagePort: 0, apiPort: 0 });
  } finally {
    warn.mockRestore();
  }
});
afterAll(async () => {
  await lab?.close();
});

describe("the lab without nginx", () => {
  it("starts every other stack and says once, in one line, that nginx's scenarios are left out", () => {
    expect(NGINX_SCENARIOS.length).toBeGreaterThan(0);
    expect(lab.real.origins.nginx).toBeUndefined();
    expect(lab.real.origins["oidc-provider"]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lab.real.skipped.nginx).toBe("nginx is not installed: apt-get install nginx-light");
    expect(warnings).toEqual([
      `Real servers: nginx is not running (nginx is not installed: apt-get install nginx-light); its ${NGINX_SCENARIOS.length} scenarios are left out.`,
    ]);
  });

  it("leaves nginx's scenarios off the page", async () => {
    const html = await (await fetch(`${lab.pageOrigin}/`)).text();
    for (const s of NGINX_SCENARIOS) expect(html).not.toContain(`"name":"${s.name}"`);
    expect(html).toContain('"name":"oidc-token-refresh-ok"');
  });

  it("fails a test that asks for an nginx scenario's origin", () => {
    expect(() => lab.originFor({ server: "nginx" })).toThrow(/nginx stack is not running: nginx is not installed/);
  });
});
