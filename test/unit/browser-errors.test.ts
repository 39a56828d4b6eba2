/** Browsers' error names in words (core/text/browser-errors.ts): Firefox's NS_ERROR_* and Chromium's net::ERR_*. */
import { describe, expect, it } from "vitest";
import { browserError, browserErrorWords } from "../../src/core/text/browser-errors.ts";

describe("browser error names", () => {
  it.each([
    ["NS_ERROR_DOM_BAD_URI", /CORS failure/],
    ["NS_ERROR_DOM_CORP_FAILED", /Cross-Origin-Resource-Policy/],
    ["NS_ERROR_CONNECTION_REFUSED", /refused the connection/],
    ["NS_ERROR_UNKNOWN_HOST", /not found \(DNS\)/],
    ["NS_BINDING_ABORTED", /cancelled/],
    ["ns_error_net_timeout", /timed out/],
    ["net::ERR_NAME_NOT_RESOLVED", /not found \(DNS\)/],
    ["net::ERR_BLOCKED_BY_CLIENT", /extension/],
  ])("%s reads in words", (name, words) => {
    expect(browserErrorWords(name)).toMatch(words);
    expect(browserError(name)).toMatch(new RegExp(`\\(${name.trim()}\\)$`));
  });

  it("an unknown name, or hostile text, stays as it is", () => {
    expect(browserError("NS_ERROR_SOMETHING_NEW")).toBe("NS_ERROR_SOMETHING_NEW");
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty", ""]) {
      expect(browserErrorWords(name)).toBeUndefined();
      expect(browserError(name)).toBe(name);
    }
  });
});
