/**
 * Entries of the DevTools network log (devtools.network.onRequestFinished, getHAR()) as the
 * panel's capture handles them: which ones get their response body asked for, and the key under
 * which an entry seen both in getHAR() and live is recognised. Touches no browser API itself;
 * capture/devtools-network.ts listens to the log.
 */

/**
 * Token endpoints answer with the token in a JSON body, which the log gives only on request
 * (getContent). Ask for it for small JSON answers of token-like URLs only: busy pages make
 * thousands of JSON calls, and AuthLens needs these few. Also the documents that say who a token
 * is for: metadata under /.well-known/ (OpenID Connect Discovery, RFC 8414, RFC 9728) and the
 * issuers' key sets (`jwks.json`, Keycloak's and Google's `certs`, Okta's and Entra's `keys`).
 */
const TOKEN_LIKE_URL = /token|oauth|openid|authorize|login|session|auth\b|\.well-known\/|jwks|\/certs\b|\/keys\b/i;
const MAX_BODY_BYTES = 65_536;

export interface FinishedEntry {
  request?: { url?: string };
  response?: { content?: { mimeType?: string; size?: number; text?: string } };
  getContent?: (cb: (content: string, encoding: string) => void) => void;
}

export function wantsBody(e: FinishedEntry): boolean {
  const content = e.response?.content;
  return (
    typeof e.getContent === "function" &&
    content !== undefined &&
    content.text === undefined &&
    /json/i.test(content.mimeType ?? "") &&
    (content.size ?? 0) <= MAX_BODY_BYTES &&
    TOKEN_LIKE_URL.test(e.request?.url ?? "")
  );
}

/** The entry with its JSON body filled in, when it is worth asking for (see above). */
export function withBody(raw: unknown): Promise<unknown> {
  const e = raw as FinishedEntry;
  if (!wantsBody(e)) return Promise.resolve(raw);
  return new Promise((resolve) => {
    try {
      e.getContent!((text, encoding) => {
        if (typeof text !== "string" || encoding === "base64") return resolve(raw);
        const response = { ...e.response, content: { ...e.response!.content, text } };
        resolve({ ...(raw as object), response });
      });
    } catch {
      resolve(raw);
    }
  });
}

export function entryKey(raw: unknown): string {
  const e = raw as { startedDateTime?: unknown; request?: { url?: unknown; method?: unknown } };
  return `${String(e.startedDateTime)} ${String(e.request?.method)} ${String(e.request?.url)}`;
}
