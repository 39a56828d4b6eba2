/**
 * Entries of the DevTools network log as the panel's capture handles them
 * (src/capture/devtools-log-entry.ts): which answers get their body asked for (token endpoints'
 * small JSON), and the key that recognises an entry seen both in getHAR() and live.
 */
import { describe, expect, it } from "vitest";
import { entryKey, wantsBody, withBody } from "../../../src/capture/devtools-log-entry.ts";
import { API_ORIGIN, chromeEntry } from "../helpers.ts";

const TOKEN_URL = `${API_ORIGIN}/oauth/token`;
const TOKEN_BODY = '{"access_token":"eyJ.x.y","token_type":"Bearer","expires_in":3600}';

/** A finished entry as onRequestFinished hands it over: HAR fields plus getContent(). */
function finished(spec: { url?: string; mimeType?: string; size?: number; text?: string; content?: [string, string] | "throws" }) {
  const e = chromeEntry({ url: spec.url ?? TOKEN_URL, method: "POST" }) as { request: { url: string }; response: { content: Record<string, unknown> } };
  e.response.content = {
    size: spec.size ?? TOKEN_BODY.length,
    mimeType: spec.mimeType ?? "application/json; charset=utf-8",
    ...(spec.text !== undefined ? { text: spec.text } : {}),
  };
  const asked: number[] = [];
  const getContent = (cb: (content: string, encoding: string) => void) => {
    asked.push(1);
    if (spec.content === "throws") throw new Error("Extension context invalidated.");
    const [content, encoding] = spec.content ?? [TOKEN_BODY, ""];
    cb(content, encoding);
  };
  return { entry: { ...e, getContent }, asked };
}

describe("which answers get their body", () => {
  it("a small JSON answer of a token-like URL", () => {
    for (const url of [
      TOKEN_URL,
      `${API_ORIGIN}/connect/authorize`,
      `${API_ORIGIN}/api/session`,
      `${API_ORIGIN}/.well-known/openid-configuration`,
      `${API_ORIGIN}/.well-known/oauth-protected-resource`,
      "https://tenant.example.com/.well-known/jwks.json",
      "https://sso.example.com/realms/app/protocol/openid-connect/certs",
      "https://tenant.okta.com/oauth2/default/v1/keys",
    ]) {
      expect(wantsBody(finished({ url }).entry)).toBe(true);
    }
  });

  it("not an ordinary API call, a non-JSON answer, a large one, one that has its text, or an entry without getContent", () => {
    expect(wantsBody(finished({ url: `${API_ORIGIN}/v1/orders` }).entry)).toBe(false);
    expect(wantsBody(finished({ mimeType: "text/html" }).entry)).toBe(false);
    expect(wantsBody(finished({ size: 65_537 }).entry)).toBe(false);
    expect(wantsBody(finished({ text: TOKEN_BODY }).entry)).toBe(false);
    expect(wantsBody(chromeEntry({ url: TOKEN_URL }))).toBe(false);
  });
});

describe("an entry with its body", () => {
  it("has the body filled in, the rest of the entry unchanged", async () => {
    const { entry, asked } = finished({});
    const e = (await withBody(entry)) as typeof entry;
    expect(asked).toHaveLength(1);
    expect(e.response.content).toEqual({ size: TOKEN_BODY.length, mimeType: "application/json; charset=utf-8", text: TOKEN_BODY });
    expect(e.request).toBe(entry.request);
    // The entry handed over by DevTools is not changed.
    expect(entry.response.content.text).toBeUndefined();
  });

  it("stays as it was when the body is not asked for, comes base64, or cannot be had", async () => {
    const ordinary = finished({ url: `${API_ORIGIN}/v1/orders` });
    expect(await withBody(ordinary.entry)).toBe(ordinary.entry);
    expect(ordinary.asked).toEqual([]);
    const binary = finished({ content: ["eyJhIjoxfQ==", "base64"] });
    expect(await withBody(binary.entry)).toBe(binary.entry);
    const gone = finished({ content: "throws" });
    expect(await withBody(gone.entry)).toBe(gone.entry);
  });
});

describe("an entry's key", () => {
  it("is its start, method and URL: the same request from getHAR() and live has one key", () => {
    const a = chromeEntry({ url: TOKEN_URL, method: "POST", at: 5 });
    const live = { ...chromeEntry({ url: TOKEN_URL, method: "POST", at: 5, status: 401 }), getContent: () => undefined };
    expect(entryKey(live)).toBe(entryKey(a));
    expect(entryKey(chromeEntry({ url: TOKEN_URL, method: "POST", at: 6 }))).not.toBe(entryKey(a));
    expect(entryKey(chromeEntry({ url: TOKEN_URL, method: "GET", at: 5 }))).not.toBe(entryKey(a));
  });

  it("does not throw on an entry without a request", () => {
    expect(entryKey({})).toBe("undefined undefined undefined");
  });
});
