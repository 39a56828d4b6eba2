/**
 * The vendor table (src/core/vendors/): every entry is matched by at least one real refusal in
 * the vendor's own words (samples.ts), each sample names the entry and code it must, nothing
 * matches the same words on a healthy answer, and every entry carries its source, meaning, fix
 * and docs page.
 */
import { describe, expect, it } from "vitest";
import { analysisContext, diagnose } from "../../../src/core/diagnose.ts";
import { isFindingCode } from "../../../src/core/findings.ts";
import { SERVER_REASONS } from "../../../src/core/tokens/server-reasons.ts";
import { NO_TOKEN_MESSAGES, VENDOR_TABLE, type VendorEntry } from "../../../src/core/vendors/index.ts";
import { findVendorReason } from "../../../src/core/vendors/match.ts";
import { codes } from "../helpers.ts";
import { exchangeFor, SAMPLES } from "./samples.ts";

function matchOf(x: ReturnType<typeof exchangeFor>) {
  const { linked, ctx } = analysisContext([x]);
  const linkedX = linked[0]!;
  return findVendorReason(linkedX, VENDOR_TABLE, ctx.view(linkedX));
}

describe("the vendor table", () => {
  it("holds at least 60 entries", () => {
    expect(VENDOR_TABLE.length).toBeGreaterThanOrEqual(60);
  });

  it("gives every entry a vendor, a catalogue code, a source, its meaning, a fix and an https docs page", () => {
    for (const e of VENDOR_TABLE) {
      const name = `${e.vendor}: ${String(e.pattern)}`;
      expect(isFindingCode(e.code), name).toBe(true);
      expect(e.vendor.length, name).toBeGreaterThan(0);
      expect(e.source.length, name).toBeGreaterThan(0);
      expect(e.meaning.length, name).toBeGreaterThan(20);
      expect(e.fix.length, name).toBeGreaterThan(20);
      expect(e.docs, name).toMatch(/^https:\/\/[^\s]+$/);
      // A global or sticky pattern keeps state between exchanges.
      expect(e.pattern.flags, name).not.toMatch(/[gy]/);
    }
  });

  it("covers the families the issue names", () => {
    const vendors = new Set(VENDOR_TABLE.map((e) => e.vendor));
    for (const v of [
      "express-oauth2-jwt-bearer / jose",
      "express-jwt / jsonwebtoken",
      "@fastify/jwt (fast-jwt)",
      "Hono",
      "Spring Security resource server",
      "ASP.NET Core JwtBearer",
      "Envoy / Istio",
      "Kong Gateway",
      "AWS API Gateway",
      "AWS Application Load Balancer (Cognito / OIDC)",
      "Azure API Management",
      "Microsoft Entra ID",
      "Okta",
      "Auth0",
      "Keycloak",
      "Google APIs",
      "Firebase",
      "Supabase",
      "Cloudflare Access",
      "GitHub REST API",
      "nginx / Apache httpd",
    ])
      expect(vendors, v).toContain(v);
    expect(VENDOR_TABLE.filter((e) => e.vendor === "Microsoft Entra ID" && /AADSTS/.test(e.source)).length).toBeGreaterThanOrEqual(25);
  });

  it("is the one table the token identity reasons and the no-token messages are read from", () => {
    const table = new Set<VendorEntry>(VENDOR_TABLE);
    for (const r of SERVER_REASONS) expect(table.has(r), r.source).toBe(true);
    for (const m of NO_TOKEN_MESSAGES) expect(table.has(m as VendorEntry), m.source).toBe(true);
  });
});

describe("real refusals", () => {
  it.each(SAMPLES.map((s) => [s.name, s] as const))("%s", (_name, s) => {
    const m = matchOf(exchangeFor(s));
    expect(m, "a match").toBeDefined();
    expect(m!.entry.source).toBe(s.source);
    expect(m!.entry.code).toBe(s.code);
  });

  it("match every entry of the table at least once", () => {
    const matched = new Set<VendorEntry>();
    for (const s of SAMPLES) {
      const m = matchOf(exchangeFor(s));
      if (m) matched.add(m.entry);
    }
    const unmatched = VENDOR_TABLE.filter((e) => !matched.has(e)).map((e) => `${e.source}: ${String(e.pattern)}`);
    expect(unmatched).toEqual([]);
  });

  it.each(SAMPLES.map((s) => [s.name, s] as const))("%s: the same words on a healthy answer match nothing", (_name, s) => {
    const x = exchangeFor(s, true);
    expect(matchOf(x)).toBeUndefined();
    const d = diagnose([x])[0]!;
    expect(codes(d.findings)).not.toContain("auth.vendor-reason");
    expect(d.rootCause).toBeNull();
  });
});
