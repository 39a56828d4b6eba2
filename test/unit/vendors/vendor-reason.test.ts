/**
 * auth.vendor-reason and the vendor table's other codes through `diagnose`: the finding names the
 * vendor, its meaning, the fix and the docs page and quotes the server's words (clipped, without
 * markup); the vendor's or identity code is the root cause, not the generic credential verdict;
 * an entry that maps to another code gives that code with the vendor's source and page.
 */
import { describe, expect, it } from "vitest";
import { diagnose } from "../../../src/core/diagnose.ts";
import type { Finding } from "../../../src/core/findings.ts";
import { vendorReasonRule } from "../../../src/core/vendors/rule.ts";
import { codes, entry, evidenceValue, exchangeOf, one, PAGE_ORIGIN, ruleOn } from "../helpers.ts";
import { exchangeFor, SAMPLES, type Sample } from "./samples.ts";

function sample(name: string): Sample {
  const s = SAMPLES.find((x) => x.name === name);
  if (!s) throw new Error(`no sample ${name}`);
  return s;
}

function diagnosed(s: Sample) {
  return diagnose([exchangeFor(s)])[0]!;
}

function supporting(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.role === "supporting").map((f) => f.code);
}

describe("auth.vendor-reason, the finding", () => {
  it("AWS API Gateway's Missing Authentication Token: no such route, with the vendor, the fix and the page", () => {
    const d = diagnosed(sample("API Gateway, no such route"));
    expect(d.rootCause).toBe("auth.vendor-reason");
    const f = one(d.findings, "auth.vendor-reason");
    expect(f.detail).toContain("AWS API Gateway");
    expect(f.detail).toContain("`Missing Authentication Token`");
    expect(f.detail).toContain("no such route");
    expect(f.fix).toContain("stage");
    expect(f.docs[0]).toBe("https://repost.aws/knowledge-center/api-gateway-authentication-token-errors");
    expect(evidenceValue(f, "Vendor")).toBe("AWS API Gateway");
    expect(evidenceValue(f, "Message source")).toBe("AWS API Gateway (MISSING_AUTHENTICATION_TOKEN)");
    expect(evidenceValue(f, "Authorization (sent)")).toMatch(/^Bearer gho_/);
    // A 403 to a request with credentials: "signed in but not allowed" would mislead; it supports the root.
    expect(supporting(d.findings)).toContain("auth.forbidden-not-unauthenticated");
  });

  it("names the vendor even where its source does not (PostgREST behind Supabase)", () => {
    const f = one(diagnosed(sample("PostgREST, grants")).findings, "auth.vendor-reason");
    expect(f.detail).toContain("Supabase, PostgREST (42501: insufficient privilege): this means");
    expect(f.detail).toContain("`permission denied for table orders`");
  });

  it("a header alone names it (x-amzn-ErrorType), quoted as the header's value", () => {
    const f = one(diagnosed(sample("API Gateway, no such route (header only, custom body)")).findings, "auth.vendor-reason");
    expect(f.detail).toContain("header value `MissingAuthenticationTokenException`");
    expect(evidenceValue(f, "x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
  });

  it("Kong key-auth, the page sent no key: the vendor's reason leads, the generic verdict supports it", () => {
    const d = diagnose([exchangeFor({ ...sample("Kong key-auth, no key"), authorization: "" })])[0]!;
    expect(d.rootCause).toBe("auth.vendor-reason");
    expect(d.findings[0]!.code).toBe("auth.vendor-reason");
    expect(supporting(d.findings)).toContain("auth.no-credentials-sent");
    expect(one(d.findings, "auth.vendor-reason").fix).toContain("apikey");
  });

  it("Kong key-auth, the page sent a Bearer token: the Key challenge names the scheme, Kong's words stay beside it", () => {
    const d = diagnosed(sample("Kong key-auth, no key"));
    expect(d.rootCause).toBe("auth.scheme-mismatch");
    expect(codes(d.findings)).toContain("auth.vendor-reason");
  });

  it("Azure API Management without a subscription key: Ocp-Apim-Subscription-Key in the fix", () => {
    const d = diagnosed(sample("APIM, no subscription key"));
    expect(d.rootCause).toBe("auth.vendor-reason");
    const f = one(d.findings, "auth.vendor-reason");
    expect(f.fix).toContain("Ocp-Apim-Subscription-Key");
    expect(f.detail).toContain("Access denied due to missing subscription key.");
  });

  it("an AADSTS code in the redirect back to the app: Entra's meaning, on the redirect, under the authorization error it is", () => {
    const d = diagnosed(sample("AADSTS50011 on the redirect"));
    // The standard code leads (RFC 6749 §4.1.2.1); Entra's own words support it.
    expect(d.rootCause).toBe("oauth.authorization-error");
    const f = one(d.findings, "auth.vendor-reason");
    expect(f.role).toBe("supporting");
    expect(f.detail).toContain("redirected back with the error");
    expect(f.detail).toContain("AADSTS50011");
    expect(f.detail).toContain("redirect URI");
    expect(f.docs[0]).toBe("https://learn.microsoft.com/entra/identity-platform/reference-error-codes#aadsts-error-codes");
  });

  it("one failure, one place: the authorization server's redirect holds it, not the page it led to", () => {
    const location = sample("AADSTS50011 on the redirect").location!;
    const hopEntry = entry({ url: "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize?client_id=a1b2&response_type=code", status: 302, responseHeaders: { Location: location }, resourceType: "document" }) as {
      response: Record<string, unknown>;
    };
    hopEntry.response.redirectURL = location;
    const hop = exchangeOf("hop", hopEntry);
    const page = exchangeOf("page", entry({ url: location, at: 50, status: 200, resourceType: "document" }));
    const [onHop, onPage] = diagnose([hop, page]);
    expect(codes(onHop!.findings)).toContain("auth.vendor-reason");
    expect(codes(onPage!.findings)).not.toContain("auth.vendor-reason");
    // Without the hop in the capture, the page that arrived with the error holds it.
    expect(codes(diagnose([page])[0]!.findings)).toContain("auth.vendor-reason");
  });

  it("an AADSTS code at the token endpoint explains the OAuth error", () => {
    const d = diagnosed(sample("AADSTS7000215"));
    expect(d.rootCause).toBe("auth.vendor-reason");
    expect(one(d.findings, "auth.vendor-reason").fix).toContain("Value");
    // AADSTS50012's "invalid signature" is about the client's credential, not a token's signature.
    const c = diagnosed(sample("AADSTS50012"));
    expect(codes(c.findings)).not.toContain("auth.token-signature-invalid");
    expect(c.rootCause).toBe("auth.vendor-reason");
  });

  it("an error page is quoted without its markup", () => {
    const f = one(diagnosed(sample("nginx 403")).findings, "auth.vendor-reason");
    expect(f.detail).toContain("`403 Forbidden`");
    expect(f.detail).not.toMatch(/<\/?(?:html|title|center|h1)/);
    for (const e of f.evidence) expect(e.value, e.label).not.toMatch(/<\/?(?:html|title|center|h1)>/);
  });

  it("a long message is clipped", () => {
    const s = sample("AADSTS700016");
    const long = { ...s, body: JSON.stringify({ error: "unauthorized_client", error_description: `AADSTS700016: ${"Application was not found. ".repeat(400)}` }) };
    const f = one(diagnosed(long).findings, "auth.vendor-reason");
    expect(evidenceValue(f, "Server message")!.length).toBeLessThanOrEqual(600);
    expect(f.detail.length).toBeLessThan(2_000);
  });

  it("nginx's auth_basic page: its reason when no password was sent, the plain refusal of a wrong Basic password", () => {
    const none = diagnose([exchangeFor({ ...sample("nginx auth_basic"), authorization: "" })])[0]!;
    expect(none.rootCause).toBe("auth.vendor-reason");
    expect(supporting(none.findings)).toContain("auth.no-credentials-sent");
    const wrong = diagnose([exchangeFor({ ...sample("nginx auth_basic"), authorization: `Basic ${Buffer.from("lab-user:Lab-Password").toString("base64")}` })])[0]!;
    expect(wrong.rootCause).toBe("auth.credentials-rejected");
    expect(codes(wrong.findings)).not.toContain("auth.vendor-reason");
  });

  it("a fetch() sent to Cloudflare Access's sign-in page", () => {
    const d = diagnosed(sample("Cloudflare Access sends fetch() to sign-in"));
    expect(d.rootCause).toBe("auth.vendor-reason");
    expect(one(d.findings, "auth.vendor-reason").fix).toContain("credentials: 'include'");
  });

  it("the same redirect of a page load is how sign-in works: nothing", () => {
    const s = { ...sample("Cloudflare Access sends fetch() to sign-in"), resourceType: "document" };
    expect(codes(diagnosed(s).findings)).not.toContain("auth.vendor-reason");
  });

  it("a page's own ?error= parameter is not a vendor's", () => {
    const s: Sample = { name: "page", source: "", code: "", status: 200, url: `${PAGE_ORIGIN}/search?error=jwt+malformed&q=orders`, resourceType: "document" };
    expect(codes(diagnosed(s).findings)).not.toContain("auth.vendor-reason");
  });

  it("never on a preflight", () => {
    const x = exchangeFor({ ...sample("Kong key-auth, no key"), resourceType: "preflight" });
    const preflight = { ...x, request: { ...x.request, method: "OPTIONS", headers: [...x.request.headers, { name: "Access-Control-Request-Method", value: "GET" }] } };
    expect(ruleOn(vendorReasonRule, preflight)).toEqual([]);
  });

  it("never throws on hostile input", () => {
    const hostile = ["%E0%A4%A", "\u0000".repeat(10_000), "AADSTS".repeat(5_000), "<".repeat(20_000), '{"errorCode":"E0000011"'.repeat(500)];
    for (const body of hostile) {
      for (const status of [302, 400, 401, 403]) {
        const s: Sample = { name: "hostile", source: "", code: "", status, body, location: `${"https://x.example/?error="}${body}`, headers: { "x-amzn-ErrorType": body.slice(0, 1000) } };
        expect(() => diagnose([exchangeFor(s)])).not.toThrow();
      }
    }
  });
});

describe("entries that map to another code give that code, with the vendor's source and page", () => {
  it("Envoy's audience refusal is auth.token-audience-mismatch, rooted, with Envoy's page", () => {
    const d = diagnosed(sample("Envoy, audience not allowed"));
    expect(d.rootCause).toBe("auth.token-audience-mismatch");
    const f = one(d.findings, "auth.token-audience-mismatch");
    expect(evidenceValue(f, "Message source")).toBe("Envoy's jwt_authn filter (JwtAudienceNotAllowed; Istio jwtRules audiences)");
    expect(f.docs[0]).toBe("https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/jwt_authn_filter");
    expect(codes(d.findings)).not.toContain("auth.vendor-reason");
    expect(supporting(d.findings)).toContain("auth.credentials-rejected");
  });

  it("Istio's unknown issuer is auth.token-issuer-mismatch", () => {
    const d = diagnosed(sample("Istio, unknown issuer"));
    expect(d.rootCause).toBe("auth.token-issuer-mismatch");
    expect(one(d.findings, "auth.token-issuer-mismatch").docs[0]).toBe("https://istio.io/latest/docs/reference/config/security/request_authentication/");
  });

  it("Kong's Invalid signature is Kong's, not jsonwebtoken's", () => {
    const f = one(diagnosed(sample("Kong jwt, bad signature")).findings, "auth.token-signature-invalid");
    expect(evidenceValue(f, "Message source")).toBe("Kong jwt plugin");
  });

  it("an expiry message is left to the exp rule and never a vendor reason", () => {
    for (const name of ["Envoy, expired", "API Gateway Cognito authorizer, expired", "Kong jwt, expired", "PostgREST, expired"]) {
      const d = diagnosed(sample(name));
      expect(codes(d.findings), name).not.toContain("auth.vendor-reason");
    }
  });

  it("a scope refusal is left to auth.bearer-insufficient-scope", () => {
    const d = diagnosed(sample("Spring, insufficient scope"));
    expect(d.rootCause).toBe("auth.bearer-insufficient-scope");
    expect(codes(d.findings)).not.toContain("auth.vendor-reason");
  });

  it("a no-token message on a request that sent Authorization is auth.authorization-not-received", () => {
    const d = diagnosed(sample("Envoy, no JWT"));
    expect(d.rootCause).toBe("auth.authorization-not-received");
    expect(codes(d.findings)).not.toContain("auth.vendor-reason");
  });
});
