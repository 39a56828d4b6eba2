import { describe, expect, it } from "vitest";
import { isSecretHeader, redactHeaderValue } from "../../src/core/redact.ts";
import { OPAQUE_TOKEN, REAL_JWT } from "./helpers.ts";

describe("redactHeaderValue", () => {
  it("masks Authorization credentials and keeps the scheme", () => {
    const v = redactHeaderValue("Authorization", `Bearer ${REAL_JWT}`);
    expect(v.startsWith("Bearer ")).toBe(true);
    expect(v).not.toContain(REAL_JWT);
    expect(redactHeaderValue("proxy-authorization", `Basic ${OPAQUE_TOKEN}`)).not.toContain(OPAQUE_TOKEN);
  });

  it("masks every cookie value and keeps the names", () => {
    const v = redactHeaderValue("cookie", "session=s3cr3t; csrf=t0k3n");
    expect(v).toContain("session=");
    expect(v).toContain("csrf=");
    expect(v).not.toContain("s3cr3t");
    expect(v).not.toContain("t0k3n");
  });

  it("masks a Set-Cookie value and keeps its attributes", () => {
    const v = redactHeaderValue("Set-Cookie", "sid=abcdef123456; Path=/; Secure; SameSite=None");
    expect(v).not.toContain("abcdef123456");
    expect(v).toContain("sid=");
    expect(v).toContain("; Path=/; Secure; SameSite=None");
  });

  it("leaves other headers alone", () => {
    expect(redactHeaderValue("Accept", "application/json")).toBe("application/json");
    expect(isSecretHeader("AUTHORIZATION")).toBe(true);
    expect(isSecretHeader("Cookie")).toBe(true);
    expect(isSecretHeader("Accept")).toBe(false);
  });

  // Regression test for a fixed bug: redact.ts returns an Authorization value unchanged when parseAuthorization finds no
  // credentials after the scheme, which is exactly the case of a token sent without a scheme
  // (`Authorization: eyJ…`): exports and copies then carry the whole token.
  it("masks a token sent without a scheme", () => {
    expect(redactHeaderValue("Authorization", REAL_JWT)).not.toContain(REAL_JWT);
  });
});
