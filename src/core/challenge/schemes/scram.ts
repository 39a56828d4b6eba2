/**
 * SCRAM-SHA-1 and SCRAM-SHA-256 over HTTP (RFC 7804, experimental): a salted challenge/response
 * (RFC 5802) in which the password never crosses the wire. The server's SCRAM messages travel
 * base64-encoded in `data`, the exchange is tied together by `sid`.
 */
import { decodeBase64 } from "../../base64.ts";
import { isomorphicDecode } from "../isomorphic.ts";
import { secondsReading, short } from "./read.ts";
import { type SchemeExplainer, type SchemeInput, param } from "./types.ts";

/** RFC 5802 §5.1 server-first-message: `r=<nonce>,s=<salt>,i=<iterations>`. */
function serverFirst(data: string): Record<string, string> | undefined {
  const bytes = decodeBase64(data, 8_192);
  if (!bytes) return undefined;
  const fields: Record<string, string> = {};
  for (const part of isomorphicDecode(bytes).split(",")) {
    const eq = part.indexOf("=");
    if (eq === 1) fields[part[0]!] = part.slice(2);
  }
  return Object.hasOwn(fields, "r") ? fields : undefined;
}

function variant(input: SchemeInput): string {
  return input.challenge.scheme.toUpperCase();
}

export const scram: SchemeExplainer = {
  family: "SCRAM",
  spec: "RFC 7804",
  params: {
    realm: { meaning: "The protection space (RFC 7804 §5)." },
    data: {
      meaning: "The server's SCRAM message, base64 (RFC 7804 §5).",
      read: (v) => {
        const f = serverFirst(v);
        if (!f) return "not a SCRAM server-first message";
        return `server-first message: ${f.i !== undefined ? `${f.i} iterations, ` : ""}salt ${short(f.s ?? "(none)", 40)}`;
      },
    },
    sid: { meaning: "Identifies this exchange; the client echoes it in its next message (RFC 7804 §5)." },
    sr: { meaning: "A server nonce for a later one-round-trip reauthentication (RFC 7804 §5.1)." },
    ttl: { meaning: "How long, in seconds, the sr nonce stays valid (RFC 7804 §5.1).", read: secondsReading },
    stale: { meaning: "true when the reauthentication nonce (sr) expired: start a full exchange again (RFC 7804 §5.1)." },
  },
  token68: "unexpected",
  summary(input) {
    const data = param(input.challenge, "data");
    const realm = param(input.challenge, "realm");
    const step = data !== undefined ? "; this is the server's step of an exchange in progress" : "";
    const sha1 = input.challenge.scheme.toLowerCase() === "scram-sha-1" ? " SCRAM-SHA-1 is registered for compatibility only; RFC 7804 recommends SCRAM-SHA-256." : "";
    return `The server wants ${variant(input)} (RFC 7804, experimental)${realm !== undefined ? ` for realm "${short(realm, 80)}"` : ""}: a salted challenge/response in which the password never crosses the wire${step}.${sha1}`;
  },
  next(input) {
    if (param(input.challenge, "data") !== undefined) {
      return [`Answer with \`Authorization: ${input.challenge.scheme} sid=…, data=<base64 client-final-message>\` computed from the salt and iteration count (RFC 5802 §3).`];
    }
    return [`Start with \`Authorization: ${input.challenge.scheme} data=<base64 client-first-message>\` (RFC 7804 §5); this needs a client that implements RFC 7804, which browsers do not.`];
  },
};
