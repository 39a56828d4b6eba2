/** Basic (RFC 7617): a user-id and password, base64-encoded, for a realm. */
import type { ChallengeProblem } from "../types.ts";
import { answerHeader } from "../context.ts";
import { short } from "./read.ts";
import { type SchemeExplainer, param, schemeProblem, sentScheme } from "./types.ts";

const isUtf8 = (v: string | undefined) => v !== undefined && v.toLowerCase() === "utf-8";

export const basic: SchemeExplainer = {
  family: "Basic",
  spec: "RFC 7617",
  params: {
    realm: { meaning: "The protection space: the user name and password asked for are the ones for this realm (RFC 7617 §2)." },
    charset: {
      meaning: "The encoding the server expects for user-id and password before base64; UTF-8 is the only allowed value (RFC 7617 §2.1).",
    },
  },
  required: ["realm"],
  token68: "unexpected",
  summary(input) {
    const realm = param(input.challenge, "realm");
    const refused = sentScheme(input, "basic") ? "; the ones you sent were refused" : "";
    return `The server wants a user name and password (HTTP Basic, RFC 7617)${realm !== undefined ? ` for realm "${short(realm, 80)}"` : ""}${refused}.`;
  },
  next(input) {
    const header = answerHeader(input.ctx);
    const encoding = isUtf8(param(input.challenge, "charset"))
      ? ", encoding user-id and password as UTF-8 first (charset=UTF-8)"
      : "; without a charset parameter the encoding is unspecified, so keep both to ASCII";
    const steps = [`Send \`${header}: Basic <base64 of user-id:password>\`${encoding}.`];
    if (sentScheme(input, "basic")) {
      const realm = param(input.challenge, "realm");
      steps.push(
        `The credentials were refused${realm !== undefined ? ` for realm "${short(realm, 80)}"` : ""}: check the user name and password; a user-id cannot contain a colon, and a stray newline or space is part of the password (RFC 7617 §2).`,
      );
    }
    return steps;
  },
  check(input) {
    const charset = param(input.challenge, "charset");
    const problems: ChallengeProblem[] = [];
    if (charset !== undefined && !isUtf8(charset)) {
      problems.push(
        schemeProblem("invalid-parameter-value", "warning", `charset="${short(charset, 40)}": the only value RFC 7617 §2.1 allows is "UTF-8".`),
      );
    }
    return problems;
  },
};
