/**
 * Parameters shared by the two OAuth token schemes, Bearer (RFC 6750 §3) and DPoP (RFC 9449
 * §7.1), with the extensions that ride on them: step-up (RFC 9470), protected resource
 * metadata (RFC 9728), and the parameters Microsoft Entra ID and Docker registries add.
 */
import { decodeBase64 } from "../../base64.ts";
import { parseBoundedJson } from "../../bounded-json.ts";
import { isomorphicDecode } from "../isomorphic.ts";
import { oauthError } from "./oauth-errors.ts";
import { listReading, secondsReading, short } from "./read.ts";
import type { ParamDoc } from "./types.ts";

function decodedJson(value: string): string | undefined {
  const bytes = decodeBase64(value, 8_192);
  if (!bytes) return "not base64";
  const parsed = parseBoundedJson(isomorphicDecode(bytes), "decoded");
  if (!parsed.ok) return parsed.tooDeep ? `base64 of ${parsed.reason}` : "base64, but not JSON";
  return `decoded: ${short(JSON.stringify(parsed.value), 300)}`;
}

export const OAUTH_PARAMS: Readonly<Record<string, ParamDoc>> = {
  realm: { meaning: "The protection space the token is for (RFC 9110 §11.5)." },
  scope: {
    meaning: "The scopes an access token needs here, separated by spaces, case-sensitive (RFC 6750 §3, RFC 6749 §3.3).",
    read: (v) => listReading(v, "scope"),
  },
  error: {
    meaning: "Why the request was refused (RFC 6750 §3).",
    read: (v) => oauthError(v)?.meaning ?? "not an error code AuthLens knows; read error_description",
  },
  error_description: { meaning: "The server's explanation, for developers rather than end users (RFC 6750 §3)." },
  error_uri: { meaning: "A web page that explains the error (RFC 6750 §3)." },
  acr_values: {
    meaning: "The authentication context classes the resource accepts, in order of preference (RFC 9470 §3).",
    read: (v) => listReading(v, "class", "classes"),
  },
  max_age: {
    meaning: "The longest time, in seconds, since the user last actively signed in that the resource accepts (RFC 9470 §3).",
    read: secondsReading,
  },
  resource_metadata: {
    meaning:
      "Where this resource publishes its metadata: which authorization servers issue its tokens and which scopes it knows (RFC 9728 §5.1).",
  },
  authorization_uri: {
    meaning: "Microsoft Entra ID: the authorization endpoint to get a token from (not part of RFC 6750).",
  },
  client_id: { meaning: "Microsoft Entra ID: the application the token must be issued for." },
  resource_id: { meaning: "Microsoft Entra ID: the resource (application ID) the token must be issued for." },
  claims: {
    meaning: "Microsoft Entra ID claims challenge: base64 JSON naming the claims a new token must carry.",
    read: decodedJson,
  },
  service: {
    meaning: "Docker Registry token authentication: the service to ask the realm's token endpoint for (sent as service=).",
  },
};
