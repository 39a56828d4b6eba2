/**
 * *Show secrets* on: the texts AuthLens wrote about an exchange (finding details, evidence, the
 * row summary, token readings) were masked where they were built (text/mask.ts, and the
 * TEXT_MASK of describe.ts for URLs), since a finding does not know who will read it. When the
 * user asks to see the secrets, those masks are put back to the values they stand for, so that
 * the Summary cards say what the Headers tab says. The secrets are exactly those the one
 * redaction policy (rules.ts) removes from this exchange: what is hidden with the option off is
 * what is shown with it on.
 *
 * A mask is put back only where it stands for one value: two 12-character secrets both read
 * "•••••••• (12 chars)", and neither is guessed.
 */
import { splitBasic } from "../basic-credentials.ts";
import type { Exchange } from "../exchange.ts";
import { maskSecret, maskBasic } from "../text/mask.ts";
import { maskUrl, pathOf } from "../text/describe.ts";
import { redactExchange } from "./redact-exchange.ts";
import { type Mask, SCREEN_MASK } from "./rules.ts";

/** A URL longer than this stays as its masked, cut form: the Headers tab shows it whole. */
const MAX_REVEALED_URL = 4_096;

/** Masked form → value, for the forms finding texts use. */
function pairsOf(x: Exchange): Map<string, string> {
  const byMask = new Map<string, string | null>();
  const add = (masked: string, value: string) => {
    if (masked === value || masked === "") return;
    const seen = byMask.get(masked);
    // The same mask for two different values: neither is put back.
    byMask.set(masked, seen === undefined || seen === value ? value : null);
  };
  // Every value the policy masks, as the mask receives it: whole JWTs included (their shared
  // form keeps the claims, so the redaction's own list names only what it removed).
  const masked: string[] = [];
  const recording: Mask = {
    whole: (secret) => {
      masked.push(secret);
      return SCREEN_MASK.whole(secret);
    },
    jose: (token, shared) => {
      masked.push(token);
      return SCREEN_MASK.jose(token, shared);
    },
  };
  const { secrets } = redactExchange(x, recording);
  for (const secret of [...masked, ...secrets]) {
    add(maskSecret(secret), secret);
    const basic = splitBasic(secret);
    if (basic.ok) add(maskBasic(secret), `${basic.parts.user}:${basic.parts.password}`);
  }
  const url = x.request.url;
  if (url.length <= MAX_REVEALED_URL) {
    add(maskUrl(url), url);
    try {
      const u = new URL(url);
      add(pathOf(url), u.pathname + u.search);
    } catch {
      // Not a URL: its masked form was put back whole above.
    }
  }
  const out = new Map<string, string>();
  for (const [masked, value] of byMask) if (value !== null) out.set(masked, value);
  return out;
}

/** Puts the exchange's masked secrets in `text` back to their values (longest masks first). */
export function revealer(x: Exchange): (text: string) => string {
  const pairs = [...pairsOf(x)].sort((a, b) => b[0].length - a[0].length);
  if (pairs.length === 0) return (text) => text;
  return (text) => {
    let t = text;
    for (const [masked, value] of pairs) if (t.includes(masked)) t = t.split(masked).join(value);
    return t;
  };
}
