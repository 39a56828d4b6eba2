/**
 * Any scheme AuthLens has no explainer for: shown with its parameters as sent, never dropped.
 * A few unregistered names are common enough to say what they usually are.
 */
import { short } from "./read.ts";
import type { SchemeExplainer } from "./types.ts";

/** Unregistered scheme names seen in the wild, keyed in lower case. */
const HINTS: Readonly<Record<string, string>> = {
  kerberos: "Kerberos over HTTP is the Negotiate scheme (RFC 4559); browsers do not answer a `Kerberos` challenge.",
  token: "`Token` is an API-specific scheme (Django REST framework, some API gateways): send `Authorization: Token <key>` as the API documents.",
  apikey: "`ApiKey` is an API-specific scheme: send the key the way the API documents.",
  oauth: "`OAuth` is OAuth 1.0 (RFC 5849 §3.5.1): requests are signed with the consumer and token secrets.",
};

/** Servers rename Basic (xBasic, Basic-x…) so that browsers do not show their sign-in dialog. */
const RENAMED_BASIC = /basic/i;

export const unknownScheme: SchemeExplainer = {
  family: "Unknown",
  spec: "",
  params: {},
  token68: "payload",
  summary(input) {
    const scheme = input.challenge.scheme;
    const key = scheme.toLowerCase();
    const hint = Object.hasOwn(HINTS, key)
      ? ` ${HINTS[key]}`
      : RENAMED_BASIC.test(scheme)
        ? " It looks like a renamed Basic challenge, a common way to keep browsers from showing their sign-in dialog for API calls."
        : "";
    return `The server uses the \`${short(scheme, 60)}\` scheme, which AuthLens does not explain; its parameters are shown as sent.${hint}`;
  },
  next: (input) => [`Send the credentials this API documents for the \`${short(input.challenge.scheme, 60)}\` scheme, in \`Authorization: ${short(input.challenge.scheme, 60)} …\`.`],
};
