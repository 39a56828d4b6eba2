/**
 * Is the challenge parser linear? Each input is built at 10 KB and at 1 MB and parsed with
 * parseChallenges; if time is linear in the input, 1 MB takes about 100 times as long as 10 KB,
 * so the printed ratio (time at 1 MB ÷ (100 × time at 10 KB)) stays near 1. A quadratic parser
 * shows a ratio near 100. Inputs: realistic challenges from real servers, and adversarial ones
 * aimed at backtracking and rescanning (bare `a=`, unterminated quotes, runs of commas and
 * backslashes, missing commas before parameters and before schemes, scheme names inside an
 * unquoted value, repeated parameters).
 *
 *   npx tsx bench/challenge.bench.ts      (also run by `npm run bench`)
 *
 * It prints and never fails: timings depend on the machine.
 */
import { parseChallenges } from "../src/core/challenge/parse.ts";

const SMALL = 10 * 1024;
const LARGE = 1024 * 1024;
const WARMUP_RUNS = 2;
const MEASURED_RUNS = 7;

/** Real challenges (see test/fixtures/challenge/real-servers.json for their sources). */
const REALISTIC = [
  'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"',
  'Bearer authorization_uri="https://login.microsoftonline.com/contoso.com/oauth2/authorize",  error="invalid_token",  error_description="The access token is missing."',
  'Bearer realm="https://accounts.google.com/", error="invalid_token"',
  'Basic realm="GitHub"',
  "Negotiate",
  "NTLM",
  'Bearer realm="master", error="invalid_token", error_description="Token verification failed"',
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
  'DPoP error="use_dpop_nonce", error_description="Resource server requires nonce in DPoP proof"',
  'Bearer resource_metadata="https://resource.example.com/.well-known/oauth-protected-resource"',
  'Bearer error="insufficient_user_authentication", error_description="A different authentication level is required", acr_values="myACR"',
];

/** Each builds a field value of about `size` characters. */
const INPUTS: readonly (readonly [string, (size: number) => string])[] = [
  ["realistic challenges", (size) => fill(size, (i) => REALISTIC[i % REALISTIC.length]!, ", ")],
  ['"a=" repeated', (size) => "a=".repeat(size / 2)],
  ["many bare schemes", (size) => fill(size, () => "A", ", ")],
  ["schemes and spaces", (size) => fill(size, () => "Basic   ", ",")],
  ['"Basic a=" repeated', (size) => fill(size, () => "Basic a=", "")],
  ["unterminated quote", (size) => `Basic realm="${"x".repeat(size)}`],
  ["backslashes in a quote", (size) => `Basic realm="${"\\".repeat(size)}`],
  ['runs of "\\" and quotes', (size) => '\\"'.repeat(size / 2)],
  ["commas only", (size) => ",".repeat(size)],
  ["missing commas", (size) => `Bearer ${fill(size, (i) => `p${i}="v"`, " ")}`],
  ["repeated parameter", (size) => `Basic ${fill(size, () => 'realm="x"', ", ")}`],
  ['token68 then "=" run', (size) => `Negotiate YII${"=".repeat(size)}`],
  ["spaces and tabs", (size) => `Basic${" \t".repeat(size / 2)}realm="x"`],
  ["folded lines", (size) => `Basic realm="x",${"  \r\n ".repeat(size / 6)}Newauth`],
  ["bare line breaks", (size) => "\r\n\n\u0000".repeat(size / 4)],
  ["unquoted words", (size) => `Basic realm=${"word ".repeat(size / 5)}`],
  ["schemes in an unquoted value", (size) => `Basic realm=${"Digest ".repeat(size / 7)}`],
  ["schemes after missing commas", (size) => fill(size, () => 'Basic realm="x"', " ")],
];

function fill(size: number, item: (i: number) => string, separator: string): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < size; i++) {
    const next = item(i);
    parts.push(next);
    length += next.length + separator.length;
  }
  return parts.join(separator);
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

let sink = 0;

/** Median time of one parse, in ms; small inputs repeat so the clock can see them. */
function time(value: string): number {
  const repeat = Math.max(1, Math.round(200_000 / value.length));
  const runs: number[] = [];
  for (let r = 0; r < WARMUP_RUNS + MEASURED_RUNS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < repeat; i++) sink += parseChallenges([value]).problems.length;
    const t1 = performance.now();
    if (r >= WARMUP_RUNS) runs.push((t1 - t0) / repeat);
  }
  return median(runs);
}

const ms = (v: number) => `${v.toFixed(v < 1 ? 3 : 1)} ms`.padStart(12);

function main(): void {
  console.log("AuthLens challenge parser benchmark");
  console.log(`Node ${process.version}; median of ${MEASURED_RUNS} runs after ${WARMUP_RUNS} warm-up runs`);
  console.log("ratio = time at 1 MB / (100 × time at 10 KB): about 1 when linear, about 100 when quadratic");
  console.log("");
  console.log(`${"input".padEnd(26)}${"10 KB".padStart(12)}${"1 MB".padStart(12)}${"ratio".padStart(8)}  challenges / problems at 1 MB`);
  for (const [name, build] of INPUTS) {
    const small = build(SMALL);
    const large = build(LARGE);
    const tSmall = time(small);
    const tLarge = time(large);
    const ratio = tLarge / ((tSmall * large.length) / small.length);
    const parsed = parseChallenges([large]);
    console.log(
      `${name.padEnd(26)}${ms(tSmall)}${ms(tLarge)}${ratio.toFixed(2).padStart(8)}  ${parsed.lenient.length} / ${parsed.problems.length}${parsed.ok ? "" : " (not well-formed)"}`,
    );
  }
  if (sink < 0) console.log(sink);
}

main();
