/**
 * NTLM (Microsoft [MS-NLMP], over HTTP as in [MS-NTHT]): negotiate (type 1), challenge
 * (type 2), authenticate (type 3), all on one kept-alive connection. The token68 is a base64
 * NTLM message; a challenge normally carries none (the offer) or a type 2.
 */
import { decodeBase64 } from "../../base64.ts";
import type { ChallengeProblem } from "../types.ts";
import { answerHeader } from "../context.ts";
import { readNtlmMessage } from "./ntlm-message.ts";
import { ntlmRows } from "./ntlm-rows.ts";
import { short } from "./read.ts";
import { type SchemeExplainer, schemeProblem } from "./types.ts";

const CONNECTION_NOTE =
  "All three NTLM messages must travel on the same TCP connection: a proxy or load balancer that does not keep the client's connection makes the handshake start over, and HTTP/2 cannot carry NTLM (browsers retry over HTTP/1.1).";

function message(token: string | undefined) {
  if (token === undefined) return undefined;
  const bytes = decodeBase64(token);
  return bytes ? readNtlmMessage(bytes) : undefined;
}

export const ntlm: SchemeExplainer = {
  family: "NTLM",
  spec: "[MS-NLMP]",
  params: {},
  token68: "payload",
  decodeToken68(token) {
    const m = message(token);
    return m ? ntlmRows(m) : [];
  },
  summary(input) {
    const m = message(input.challenge.token68);
    if (m?.type === 2) {
      return `The server sent its NTLM challenge (type 2)${m.targetName ? ` for "${short(m.targetName, 80)}"` : ""}: the client must answer with a type 3 message on the same connection.`;
    }
    return "The server offers NTLM, Microsoft's challenge/response sign-in (not Kerberos): the client sends a type 1 message, gets a type 2 challenge and answers with type 3, all on one kept-alive connection.";
  },
  next(input) {
    const m = message(input.challenge.token68);
    const header = answerHeader(input.ctx);
    if (m?.type === 2) return [`Answer with \`${header}: NTLM <type 3 message>\` on the same connection.`, CONNECTION_NOTE];
    return [
      `Start with \`${header}: NTLM <type 1 message>\`. Browsers do this themselves for hosts they trust for integrated authentication (Chrome, Edge: AuthServerAllowlist; Firefox: network.automatic-ntlm-auth.trusted-uris); page scripts cannot.`,
      CONNECTION_NOTE,
    ];
  },
  check(input) {
    const token = input.challenge.token68;
    const problems: ChallengeProblem[] = [];
    if (token === undefined) return problems;
    const m = message(token);
    if (!m) problems.push(schemeProblem("undecodable-token", "warning", "The NTLM token is not a base64 NTLM message (it should start with TlRMTVNTUA, \"NTLMSSP\")."));
    else if (m.type !== 2) problems.push(schemeProblem("unexpected-message", "warning", `A challenge should carry an NTLM type 2 message; this one is type ${m.type}, which clients send.`));
    return problems;
  },
};
