/**
 * The sign-in flow reads URLs, Location headers and bodies the page and the provider chose:
 * mutated sign-ins (values swapped for hostile ones at the places the flow reads) never make
 * diagnose, the detail or the whole-capture flows throw, and no rule fails on them.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeExchange } from "../../../src/core/detail.ts";
import { diagnose } from "../../../src/core/diagnose.ts";
import { signInFlowsOf } from "../../../src/core/oauth/flow-steps.ts";
import { importEntries } from "../helpers.ts";
import { authorizeUrl, CALLBACK, signInEntries } from "./sign-in-captures.ts";

const HOSTILE = fc.oneof(
  fc.string(),
  fc.constantFrom("", "%", "%ZZ", "#", "?", "&&&", "=", "code=", "error=", "state=", "\u0000", "\u202e", "javascript:alert(1)", "com.example.app:/cb?code=1&state=2"),
  fc.string({ minLength: 1, maxLength: 4 }).map((s) => s.repeat(5_000)),
);

type Entry = Record<string, unknown>;

/** The places a sign-in's parts are read from. */
const PLACES: readonly ((e: Entry[], v: string) => void)[] = [
  (e, v) => ((e[0]!.request as Entry).url = authorizeUrl({ redirect_uri: v })),
  (e, v) => ((e[0]!.request as Entry).url = authorizeUrl({ state: v, code_challenge: v, code_challenge_method: v })),
  (e, v) => ((e[1]!.response as Entry).redirectURL = `${CALLBACK}?code=${encodeURIComponent(v)}&state=${v}`),
  (e, v) => ((e[1]!.response as Entry).redirectURL = v),
  (e, v) => ((e[1]!.response as Entry).redirectURL = `${CALLBACK}#error=${v}&error_description=${encodeURIComponent(v)}`),
  (e, v) => ((e[2]!.request as Entry).url = `${CALLBACK}?error=${encodeURIComponent(v)}&state=${v}`),
  (e, v) => (((e[3]?.request as Entry | undefined) ?? {}).postData = { mimeType: "application/x-www-form-urlencoded", text: `grant_type=authorization_code&code=${v}&redirect_uri=${v}&code_verifier=${v}` }),
  (e, v) => (((e[3]?.response as Entry | undefined) ?? {}).content = { mimeType: "application/json", text: v, size: v.length }),
  (e, v) => ((e[0]!.response as Entry).content = { mimeType: "text/html", text: `AADSTS50011 ${v} Invalid parameter: redirect_uri`, size: 1 }),
];

describe("a sign-in with hostile values where the flow reads them", () => {
  it("never throws and no rule fails", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: PLACES.length - 1 }), HOSTILE, fc.boolean(), (place, value, reused) => {
        const entries = signInEntries({ refreshReused: reused });
        PLACES[place]!(entries, value);
        const xs = importEntries(entries);
        const ds = diagnose(xs);
        expect(ds.flatMap((d) => d.findings).filter((f) => f.code === "capture.partial")).toEqual([]);
        expect(Array.isArray(signInFlowsOf(xs))).toBe(true);
        for (const x of xs) expect(describeExchange(x.id, xs)?.unavailable).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
