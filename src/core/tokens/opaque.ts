/**
 * Opaque tokens: references that only their issuer can resolve (RFC 6750 §1.2 lets an access
 * token be any string; RFC 7662 introspection is how a resource server reads one). AuthLens shows
 * length, the issuer's prefix where there is one, and the shape of the rest.
 */
import { guessOpaqueIssuer } from "./issuers.ts";
import type { TokenReading } from "./reading.ts";

interface Shape {
  readonly test: RegExp;
  readonly name: string;
}

/** Shapes worth naming, most specific first. */
const SHAPES: readonly Shape[] = [
  { test: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, name: "a UUID (a random reference, usually a server-side session or token id)" },
  { test: /^[0-9a-f]+$/i, name: "hexadecimal" },
  { test: /^[A-Za-z0-9_-]+$/, name: "base64url or alphanumeric" },
  { test: /^[A-Za-z0-9+/]+={0,2}$/, name: "base64" },
  { test: /^[\x21-\x7e]+$/, name: "printable ASCII" },
];

function shapeOf(token: string): string {
  return SHAPES.find((s) => s.test.test(token))?.name ?? "contains spaces or non-ASCII characters";
}

export function readOpaque(token: string): TokenReading {
  const rule = guessOpaqueIssuer(token);
  // Shapes are judged on a bounded prefix: regexes over a megabyte are still linear, but pointless.
  const shape = shapeOf(token.length > 4096 ? token.slice(0, 4096) : token);
  const by = rule ? `, a ${rule.issuer} by its prefix "${rule.prefix}"` : "";
  return {
    kind: "opaque",
    claims: [
      { name: "length", value: `${token.length} characters`, meaning: "opaque tokens carry no readable claims" },
      ...(rule ? [{ name: "prefix", value: rule.prefix, meaning: rule.issuer }] : []),
      { name: "format", value: shape, meaning: "what the characters look like" },
    ],
    ...(rule ? { issuerGuess: rule.issuer } : {}),
    problems: [
      {
        code: "token.opaque",
        severity: "info",
        message: `an opaque token of ${token.length} characters${by}: not a JWT, so what it grants and when it expires are known only to its issuer (token introspection, RFC 7662)`,
      },
    ],
  };
}
