/** Evidence lines about the credentials a request carried and the challenge it got, secrets masked. */
import type { Exchange } from "../exchange.ts";
import type { Evidence } from "../findings.ts";
import { headerValue } from "../headers.ts";
import type { AttachedCredentials } from "./attached.ts";
import { maskSecret } from "../text/mask.ts";

export function credentialEvidence(c: AttachedCredentials): Evidence[] {
  return [
    {
      label: "Authorization",
      value: c.authorization ? `${c.authorization.scheme} ${maskSecret(c.authorization.credentials)}`.trim() : "(not sent)",
    },
    { label: "Cookies", value: c.cookieNames.length > 0 ? c.cookieNames.join(", ") : "(none sent)" },
  ];
}

/** The response's WWW-Authenticate, when it has a non-empty one. */
export function challengeOf(x: Exchange): string | undefined {
  const v = x.response ? headerValue(x.response.headers, "www-authenticate") : undefined;
  return v !== undefined && v.trim() !== "" ? v : undefined;
}
