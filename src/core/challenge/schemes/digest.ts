/**
 * Digest (RFC 7616): a hash of the password, a server nonce and the request, so the password
 * never crosses the wire. §3.3 defines the challenge's parameters and how each must be written.
 */
import type { ChallengeProblem } from "../types.ts";
import { answerHeader } from "../context.ts";
import { short } from "./read.ts";
import { type SchemeExplainer, type SchemeInput, param, schemeProblem, sentScheme } from "./types.ts";

/** RFC 7616 §3.3 and the IANA "HTTP Digest Algorithm Values" registry (§6.1). */
const ALGORITHMS: Readonly<Record<string, string>> = {
  md5: "MD5, kept for backward compatibility only; weak (RFC 7616 §3.3, §5.2)",
  "md5-sess": "MD5, with H(A1) computed once per session from the client nonce; weak",
  "sha-256": "SHA-256",
  "sha-256-sess": "SHA-256, with H(A1) computed once per session from the client nonce",
  "sha-512-256": "SHA-512/256",
  "sha-512-256-sess": "SHA-512/256, with H(A1) computed once per session from the client nonce",
};

const QOP: Readonly<Record<string, string>> = {
  auth: "authentication only",
  "auth-int": "authentication with integrity protection of the request body",
};

const BOOLEAN = ["true", "false"];

function algorithmOf(input: SchemeInput): string {
  return param(input.challenge, "algorithm") ?? "MD5";
}

function qopList(value: string | undefined): string[] {
  return (value ?? "").split(",").map((q) => q.trim()).filter((q) => q !== "");
}

const isTrue = (v: string | undefined) => v !== undefined && v.toLowerCase() === "true";

export const digest: SchemeExplainer = {
  family: "Digest",
  spec: "RFC 7616",
  params: {
    realm: { meaning: "The protection space, shown to the user and hashed into the response (RFC 7616 §3.3)." },
    domain: {
      meaning: "The URIs, separated by spaces, that share this protection space; absent means the whole server (RFC 7616 §3.3).",
    },
    nonce: { meaning: "A server-chosen value the client hashes into its response; the server may expire it (RFC 7616 §3.3)." },
    opaque: { meaning: "A value the client must return unchanged in its Authorization header (RFC 7616 §3.3)." },
    stale: {
      meaning: "true when the credentials were right but the nonce had expired: retry with the new nonce without asking the user (RFC 7616 §3.3).",
    },
    algorithm: {
      meaning: "The hash algorithm for the response; MD5 when absent (RFC 7616 §3.3).",
      read: (v) => ALGORITHMS[v.toLowerCase()] ?? "not an algorithm RFC 7616 defines",
    },
    qop: {
      meaning: "The quality-of-protection options the server supports, comma-separated inside the quotes (RFC 7616 §3.3).",
      read: (v) =>
        qopList(v)
          .map((q) => `${q} = ${QOP[q.toLowerCase()] ?? "unknown"}`)
          .join("; "),
    },
    charset: { meaning: "UTF-8 when the server accepts UTF-8 user names and passwords; the only allowed value (RFC 7616 §3.3)." },
    userhash: { meaning: "true when the server accepts the user name hashed, hiding it on the wire (RFC 7616 §3.4.4)." },
  },
  required: ["realm", "nonce"],
  mustQuote: ["realm", "domain", "nonce", "opaque", "qop"],
  mustNotQuote: ["stale", "algorithm"],
  token68: "unexpected",
  summary(input) {
    const c = input.challenge;
    const realm = param(c, "realm");
    const qop = qopList(param(c, "qop"));
    const verdict = isTrue(param(c, "stale"))
      ? "; your credentials were right but the nonce expired (stale=true)"
      : sentScheme(input, "digest")
        ? "; the credentials you sent were refused"
        : "";
    return `The server wants HTTP Digest authentication (RFC 7616)${realm !== undefined ? ` for realm "${short(realm, 80)}"` : ""} with ${algorithmOf(input)}${param(c, "algorithm") === undefined ? " (the default)" : ""}${qop.length > 0 ? `, qop ${qop.join(" or ")}` : ""}${verdict}.`;
  },
  next(input) {
    const c = input.challenge;
    if (isTrue(param(c, "stale"))) return ["Retry at once with the new nonce, reusing the same user name and password; do not ask the user again (RFC 7616 §3.3)."];
    const realm = param(c, "realm") ?? "…";
    const nonce = param(c, "nonce") ?? "…";
    const opaque = param(c, "opaque");
    const qop = qopList(param(c, "qop"));
    const chosen = qop.find((q) => q.toLowerCase() === "auth") ?? qop[0];
    const fields = [
      'username="…"',
      `realm="${short(realm, 60)}"`,
      'uri="…"',
      `algorithm=${algorithmOf(input)}`,
      `nonce="${short(nonce, 60)}"`,
      ...(chosen ? [`qop=${chosen}`, "nc=00000001", 'cnonce="…"'] : []),
      'response="…"',
      ...(opaque !== undefined ? [`opaque="${short(opaque, 60)}"`] : []),
      ...(isTrue(param(c, "userhash")) ? ["userhash=true"] : []),
    ];
    const steps = [`Compute the response with ${algorithmOf(input)} (RFC 7616 §3.4.1) and send \`${answerHeader(input.ctx)}: Digest ${fields.join(", ")}\`.`];
    if (sentScheme(input, "digest")) steps.push("The credentials were refused with a fresh nonce: the user name or password is wrong, or the response was computed over a different uri or method.");
    return steps;
  },
  check(input) {
    const c = input.challenge;
    const problems: ChallengeProblem[] = [];
    const algorithm = param(c, "algorithm");
    if (algorithm !== undefined && !Object.hasOwn(ALGORITHMS, algorithm.toLowerCase())) {
      problems.push(schemeProblem("invalid-parameter-value", "warning", `algorithm=${short(algorithm, 40)} is not one RFC 7616 defines (MD5, SHA-256, SHA-512-256, each with -sess).`));
    }
    if (algorithm === undefined || algorithm.toLowerCase().startsWith("md5")) {
      problems.push(schemeProblem("weak-algorithm", "info", "MD5 (the default when algorithm is absent) is kept only for backward compatibility; RFC 7616 §3.3 prefers SHA-256."));
    }
    if (param(c, "qop") === undefined) {
      problems.push(schemeProblem("missing-parameter", "warning", "No qop parameter: that is RFC 2069's old form, which RFC 7616 §3.3 no longer allows; send qop=\"auth\"."));
    }
    for (const name of ["stale", "userhash"]) {
      const v = param(c, name);
      if (v !== undefined && !BOOLEAN.includes(v.toLowerCase())) {
        problems.push(schemeProblem("invalid-parameter-value", "warning", `${name}=${short(v, 40)} is neither true nor false (RFC 7616 §3.3).`));
      }
    }
    const charset = param(c, "charset");
    if (charset !== undefined && charset.toLowerCase() !== "utf-8") {
      problems.push(schemeProblem("invalid-parameter-value", "warning", `charset=${short(charset, 40)}: the only value RFC 7616 §3.3 allows is UTF-8.`));
    }
    return problems;
  },
};
