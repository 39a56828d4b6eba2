/**
 * Negotiate (RFC 4559): SPNEGO over HTTP, which picks Kerberos when the client can get a ticket
 * for HTTP/<host>, and NTLM otherwise. An empty challenge is the offer; a token68 continues the
 * exchange or, on a 2xx, completes mutual authentication.
 */
import { decodeBase64 } from "../../base64.ts";
import type { ChallengeProblem, ExplainedParam } from "../types.ts";
import { ntlmRows } from "./ntlm-rows.ts";
import { readSpnego, type SpnegoReading } from "./spnego.ts";
import { type SchemeExplainer, schemeProblem } from "./types.ts";

function reading(token: string | undefined): SpnegoReading | undefined {
  if (token === undefined) return undefined;
  const bytes = decodeBase64(token);
  return bytes && bytes.length > 0 ? readSpnego(bytes) : undefined;
}

const MECHANISM: Readonly<Record<SpnegoReading["mechanism"], string>> = {
  Kerberos: "Kerberos",
  NTLM: "NTLM (the fallback when no Kerberos ticket can be had)",
  unknown: "not recognised",
};

export const negotiate: SchemeExplainer = {
  family: "Negotiate",
  spec: "RFC 4559",
  params: {},
  token68: "payload",
  decodeToken68(token) {
    const r = reading(token);
    if (!r) return [];
    const rows: ExplainedParam[] = [
      { name: "Mechanism", value: r.mechanism, meaning: MECHANISM[r.mechanism] },
      { name: "Token", value: r.wrapper, meaning: "How the token is wrapped (RFC 4178 SPNEGO, or NTLM sent bare)." },
    ];
    if (r.state !== undefined) rows.push({ name: "SPNEGO state", value: r.state.split(":")[0]!, meaning: r.state });
    if (r.ntlm) rows.push(...ntlmRows(r.ntlm));
    return rows;
  },
  summary(input) {
    const r = reading(input.challenge.token68);
    if (!r) {
      return "The server offers Windows integrated authentication (Negotiate/SPNEGO, RFC 4559): Kerberos when the client can get a ticket for this host, NTLM otherwise.";
    }
    const state = r.state ? `, ${r.state}` : "";
    return `The server continues a Negotiate exchange with a ${r.mechanism === "unknown" ? "" : `${r.mechanism} `}token (${r.wrapper}${state}).`;
  },
  next(input) {
    const r = reading(input.challenge.token68);
    if (r?.state?.startsWith("accept-completed")) return ["This is the server's final message (mutual authentication): nothing more to send."];
    if (r) return ["Answer with the next Negotiate token on the same connection."];
    return [
      "Browsers answer with the signed-in Windows or Kerberos identity, but only for hosts they trust for integrated authentication (Chrome, Edge: AuthServerAllowlist; Firefox: network.negotiate-auth.trusted-uris); page scripts cannot supply it.",
      "From a command line: `kinit` for a ticket, then `curl --negotiate -u : <url>`. Kerberos needs the host name the ticket is for (an SPN of HTTP/<host>), not an IP address.",
    ];
  },
  check(input) {
    const problems: ChallengeProblem[] = [];
    if (input.challenge.token68 !== undefined && !reading(input.challenge.token68)) {
      problems.push(schemeProblem("undecodable-token", "warning", "The Negotiate token is not base64 (RFC 4559 §4 sends base64 GSS-API tokens)."));
    }
    return problems;
  },
};
