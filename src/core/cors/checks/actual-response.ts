/**
 * What the request's own response shows beyond the CORS check: a response that echoes the
 * requesting origin must say `Vary: Origin` (Fetch §3.2.5 "CORS protocol and HTTP caches"), and
 * an error status the browser hid behind a CORS failure is worth naming — the server's real
 * answer is what the developer needs to see.
 */
import { quote } from "../../text/describe.ts";
import { corsCheckPasses } from "../cors-check.ts";
import { getCombined } from "../grammar.ts";
import { readAllowOrigin } from "../origin.ts";
import { variesOnOrigin } from "../request-kind.ts";
import { answerName, cap, headerEvidence, host, originEvidence, requestName, statusLine } from "../words.ts";
import { type CorsCheckSpec, failed, passed } from "./check.ts";
import { readable } from "./readable.ts";

export const varyOriginCheck: CorsCheckSpec = {
  code: "cors.vary-origin-missing",
  name: "A response that names the origin varies on Origin",
  phase: "actual",
  chromium: null,
  test(s) {
    const r = readable(s, "actual");
    if ("skip" in r) return r.skip;
    const acao = readAllowOrigin(r.response.headers);
    if (acao.kind !== "origin" || !s.origin || acao.raw !== s.origin.value) {
      return passed("Access-Control-Allow-Origin does not echo the request's origin.");
    }
    const vary = getCombined(r.response.headers, "vary");
    if (variesOnOrigin(vary)) return passed(`\`Vary: ${vary}\`.`);
    return failed(
      `${cap(answerName(s, "actual"))} allows the specific origin ${acao.raw} without \`Vary: Origin\`${vary !== undefined ? ` (Vary is ${quote(vary)})` : ""}. If ${host(s)} picks this value per request, a browser or shared cache can hand this response — with this origin in it — to a page on another allowed origin, whose request then fails CORS.`,
      [...originEvidence(s), headerEvidence("Access-Control-Allow-Origin", acao.raw), headerEvidence("Vary", vary)],
      `On ${host(s)}, add \`Vary: Origin\` to every response whose Access-Control-Allow-Origin depends on the request's Origin.`,
    );
  },
};

export const errorHiddenCheck: CorsCheckSpec = {
  code: "cors.error-hidden-by-cors",
  name: "An error status reaches the page",
  phase: "actual",
  chromium: null,
  test(s, h) {
    const r = readable(s, "actual");
    if ("skip" in r) return r.skip;
    const status = r.response.status;
    if (status < 400) return passed(`${statusLine(r.response)} is no error.`);
    if ((!s.failed && !s.deliveryUnknown) || corsCheckPasses(r.response.headers, s.origin?.value, h.credentialed)) {
      return passed(`The page could read the ${status}.`);
    }
    const challenge = getCombined(r.response.headers, "www-authenticate");
    const body = s.actual?.response?.body?.text.trim();
    return failed(
      `The server really answered ${requestName(s)} with ${statusLine(r.response)}${challenge !== undefined ? ` and the challenge ${quote(challenge)}` : ""}${body ? ` (body ${quote(body, 120)})` : ""}, but without CORS headers the page may read, so the browser hid it: the page's script saw a CORS error ("TypeError: Failed to fetch") instead of the ${status}. Error responses often skip the CORS handling — an authentication layer or error handler answers first, or nginx \`add_header\` without \`always\`.`,
      [
        ...originEvidence(s),
        { label: "Status", value: statusLine(r.response) },
        headerEvidence("Access-Control-Allow-Origin", getCombined(r.response.headers, "access-control-allow-origin")),
        ...(challenge !== undefined ? [{ label: "WWW-Authenticate", value: challenge }] : []),
      ],
      `On ${host(s)}, send the CORS headers on error responses too (register the CORS middleware before authentication and error handlers; nginx: \`add_header … always\`), so the page can read the ${status}${status === 401 ? " and its challenge (`Access-Control-Expose-Headers: WWW-Authenticate`)" : ""}.`,
    );
  },
};
