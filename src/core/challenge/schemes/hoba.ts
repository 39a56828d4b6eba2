/** HOBA, HTTP Origin-Bound Authentication (RFC 7486): the client signs a challenge with a key pair it registered for this origin. */
import { secondsReading, short } from "./read.ts";
import { type SchemeExplainer, param } from "./types.ts";

export const hoba: SchemeExplainer = {
  family: "HOBA",
  spec: "RFC 7486",
  params: {
    challenge: { meaning: "The base64url value the client must sign with its origin-bound private key (RFC 7486 §3)." },
    "max-age": { meaning: "For how many seconds the challenge stays valid (RFC 7486 §3).", read: secondsReading },
    realm: { meaning: "The protection space; one key pair is kept per origin and realm (RFC 7486 §3)." },
  },
  required: ["challenge", "max-age"],
  token68: "unexpected",
  summary(input) {
    const realm = param(input.challenge, "realm");
    return `The server wants HTTP Origin-Bound Authentication (HOBA, RFC 7486, experimental)${realm !== undefined ? ` for realm "${short(realm, 80)}"` : ""}: proof that the client holds the private key it registered for this origin.`;
  },
  next(input) {
    const maxAge = param(input.challenge, "max-age");
    return [
      `Sign the challenge with the key pair registered for this origin and send the signature in \`Authorization: HOBA result="…"\`${maxAge !== undefined ? ` within ${maxAge} seconds` : ""} (RFC 7486 §3); a client without a key pair must first register one (§6).`,
    ];
  },
};
