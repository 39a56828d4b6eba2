/**
 * An exchange as it may leave AuthLens: the same shape, with every secret (rules.ts) replaced,
 * and a list of what was removed for the export preview. Every share format (HAR, cURL, fetch,
 * Markdown) starts from this one redaction, so they cannot disagree.
 */
import type { CookiePair, Exchange, ExchangeResponse } from "../exchange.ts";
import type { Header, HeaderList } from "../headers.ts";
import { type Mask, type RedactionItem, SHARE_MASK, headerTreatment, looksLikeRandomSecret, shortName, valueRuleApplies } from "./rules.ts";
import {
  type Note,
  redactAuthorization,
  redactBody,
  redactCookieHeader,
  redactCookieValue,
  redactSetCookie,
  redactUrl,
  redactWhole,
  scanText,
} from "./values.ts";

export interface RedactedExchange {
  readonly exchange: Exchange;
  readonly removed: readonly RedactionItem[];
  /**
   * The removed texts themselves, so that texts built from the exchange (finding details) can be
   * scrubbed of them too. Never shown; dropped with the result.
   */
  readonly secrets: readonly string[];
}

/** URLs in descriptions: long enough to tell requests apart, short enough for a preview row. */
const URL_IN_WHERE = 160;

function clipped(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function redactHeader(h: Header, side: "request" | "response", note: Note, mask: Mask): Header {
  const name = shortName(h.name);
  let value: string;
  switch (headerTreatment(h.name)) {
    case "authorization":
      value = redactAuthorization(h.value, note, mask);
      break;
    case "cookie":
      value = redactCookieHeader(h.value, note, mask);
      break;
    case "set-cookie":
      value = redactSetCookie(h.value, note, mask);
      break;
    case "whole":
      value = redactWhole(h.value, `${side} header ${name}`, note, mask);
      break;
    case "url":
      value = redactUrl(h.value, note, mask);
      break;
    case "scan":
      // Secret by value: a custom header holding nothing but a long random token is a credential.
      value =
        valueRuleApplies(h.name) && looksLikeRandomSecret(h.value.trim())
          ? redactWhole(h.value, `${side} header ${name}`, note, mask)
          : scanText(h.value, `${side} header ${name}`, note, mask);
      break;
  }
  return value === h.value ? h : { name: h.name, value };
}

/**
 * Redacts one exchange; descriptions name it by its method and redacted URL. `mask` says what
 * stands in for a secret: [REDACTED] in shared text (the default), a 4-character mask on screen.
 */
export function redactExchange(x: Exchange, mask: Mask = SHARE_MASK): RedactedExchange {
  const removed: RedactionItem[] = [];
  const secrets: string[] = [];
  let place = "";
  const note: Note = (what, secret) => {
    removed.push({ where: place, what });
    if (secret !== "") secrets.push(secret);
  };
  // The URL is redacted first: every other description names the request by its redacted URL.
  const method = shortName(x.request.method, 32);
  const urlItems: RedactionItem[] = [];
  const url = redactUrl(
    x.request.url,
    (what, secret) => {
      urlItems.push({ where: "", what });
      if (secret !== "") secrets.push(secret);
    },
    mask,
  );
  const label = `${method} ${clipped(shortName(url, Number.MAX_SAFE_INTEGER), URL_IN_WHERE)}`;
  for (const item of urlItems) removed.push({ where: `URL of ${label}`, what: item.what });

  const headers = (list: HeaderList, side: "request" | "response"): Header[] =>
    list.map((h) => {
      place = `${side} header ${shortName(h.name)} of ${label}`;
      return redactHeader(h, side, note, mask);
    });

  const requestHeaders = headers(x.request.headers, "request");
  const hasCookieHeader = x.request.headers.some((h) => h.name.toLowerCase() === "cookie");
  // The capture's cookie list repeats the Cookie header; only say it again when there is no header.
  place = `cookie list of ${label}`;
  const cookies: CookiePair[] = x.request.cookies.map((c) => {
    const value = redactCookieValue(c.value, `cookie ${shortName(c.name)}`, hasCookieHeader ? (_what, secret) => void secrets.push(secret) : note, mask);
    return value === c.value ? c : { name: c.name, value };
  });

  place = `request body of ${label}`;
  const requestBody = x.request.body
    ? { text: redactBody(x.request.body.text, x.request.body.mimeType, "the request body", note, mask), mimeType: x.request.body.mimeType }
    : undefined;

  let response: ExchangeResponse | undefined;
  if (x.response) {
    const r = x.response;
    const responseHeaders = headers(r.headers, "response");
    place = `redirect URL of ${label}`;
    const redirectURL = r.redirectURL !== undefined ? redactUrl(r.redirectURL, note, mask) : undefined;
    place = `response body of ${label}`;
    const body = r.body ? { text: redactBody(r.body.text, r.body.mimeType, "the body", note, mask), mimeType: r.body.mimeType } : undefined;
    response = {
      ...r,
      headers: responseHeaders,
      ...(redirectURL !== undefined ? { redirectURL } : {}),
      ...(body ? { body } : {}),
    };
  }
  place = `page URL of ${label}`;
  const pageUrl = x.pageUrl !== undefined ? redactUrl(x.pageUrl, note, mask) : undefined;

  const exchange: Exchange = {
    ...x,
    request: { ...x.request, url, headers: requestHeaders, cookies, ...(requestBody ? { body: requestBody } : {}) },
    ...(response ? { response } : {}),
    ...(pageUrl !== undefined ? { pageUrl } : {}),
  };
  return { exchange, removed, secrets };
}

/** What leaves: the exchange redacted unless the user asked for secrets, with what was removed. */
export function shareable(x: Exchange, includeSecrets: boolean): RedactedExchange {
  return includeSecrets ? { exchange: x, removed: [], secrets: [] } : redactExchange(x);
}
