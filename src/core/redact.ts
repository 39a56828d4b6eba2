/**
 * What leaves AuthLens's own view (screens shared, exports, copies) is redacted by default:
 * credential values are masked, names and structure stay so the diagnosis still reads.
 */
import { parseAuthorization } from "./credentials/authorization.ts";
import { maskSecret } from "./credentials/mask.ts";

function maskCookiePairs(value: string, separator: string): string {
  return value
    .split(separator)
    .map((pair) => {
      const eq = pair.indexOf("=");
      return eq === -1 ? pair : `${pair.slice(0, eq)}=•••`;
    })
    .join(separator);
}

/** Header name (lower case) → how its value is redacted. */
const REDACTORS: Record<string, (value: string) => string> = {
  authorization: (v) => {
    const a = parseAuthorization(v);
    return a.credentials === "" ? v : `${a.scheme} ${maskSecret(a.credentials)}`;
  },
  "proxy-authorization": (v) => REDACTORS.authorization!(v),
  cookie: (v) => maskCookiePairs(v, ";"),
  // Only the first pair of a Set-Cookie is the cookie; attributes (Path, SameSite…) are not secret.
  "set-cookie": (v) => {
    const semi = v.indexOf(";");
    const first = semi === -1 ? v : v.slice(0, semi);
    return maskCookiePairs(first, ";") + (semi === -1 ? "" : v.slice(semi));
  },
};

export function isSecretHeader(name: string): boolean {
  return Object.hasOwn(REDACTORS, name.toLowerCase());
}

export function redactHeaderValue(name: string, value: string): string {
  const r = REDACTORS[name.toLowerCase()];
  return r ? r(value) : value;
}
