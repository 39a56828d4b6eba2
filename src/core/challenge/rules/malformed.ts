/**
 * auth.challenge-malformed: a WWW-Authenticate or Proxy-Authenticate field that does not parse
 * under RFC 9110 §11. Clients then disagree on what the server asked for; the finding shows the
 * problems, the reading a client most likely makes, and that reading written correctly.
 */
import { quote, } from "../../text/describe.ts";
import { statusOf } from "../../exchange.ts";
import { type Finding, finding } from "../../findings.ts";
import type { Rule } from "../../rule.ts";
import { serializeChallenges } from "../serialize.ts";
import type { ChallengeHeader } from "../types.ts";
import { clipped } from "./shared.ts";

const HEADERS: readonly ChallengeHeader[] = ["WWW-Authenticate", "Proxy-Authenticate"];
/** Problems listed as evidence; the detail names the first. */
const SHOWN_PROBLEMS = 5;

export const challengeMalformedRule: Rule = {
  name: "challenge-malformed",
  run(x, ctx) {
    const found: Finding[] = [];
    for (const header of HEADERS) {
      const field = ctx.view(x).challenge(header);
      if (!field || field.parse.ok) continue;
      const errors = field.parse.problems.filter((p) => p.severity === "error");
      const first = errors[0];
      const challenges = field.parse.challenges.map((c) => c.challenge);
      const reading = challenges.length > 0 ? serializeChallenges(challenges) : undefined;
      const more = errors.length > 1 ? ` (${errors.length - 1} more problem${errors.length === 2 ? "" : "s"} below)` : "";
      const cut = field.clipped ? " AuthLens kept only the start of this very long header, so its end is missing." : "";
      found.push(
        finding("auth.challenge-malformed", {
          detail:
            `The ${header} header of the ${statusOf(x)} response to ${ctx.view(x).label} does not follow RFC 9110 §11` +
            (first ? ` at character ${first.offset}: ${first.message}${more}` : ".") +
            (reading
              ? ` Clients read such a header differently; the most likely reading is ${quote(reading, 300)}.`
              : " No client can read a challenge from it.") +
            cut,
          evidence: [
            { label: header, value: clipped(field.value) },
            ...errors.slice(0, SHOWN_PROBLEMS).map((p) => ({ label: `Problem at character ${p.offset}`, value: p.message })),
            { label: "Lenient reading", value: reading ? clipped(reading) : "(no challenge)" },
          ],
          fix: reading
            ? `Make the server send the same challenge written correctly: ${quote(`${header}: ${reading}`, 600)}.`
            : `Make the server send a well-formed challenge naming its scheme, e.g. \`${header}: Bearer realm="api"\` (RFC 9110 §11.6.1).`,
        }),
      );
    }
    return found;
  },
};
