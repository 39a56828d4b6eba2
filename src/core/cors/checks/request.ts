/**
 * Checks on the request itself, made before anything is sent: the URL's scheme (Fetch §4.1
 * main fetch: only http(s) goes through "HTTP fetch"; Chromium CorsDisabledScheme) and the
 * address space of the target (Local Network Access; see address-space.ts).
 */
import { hostOf } from "../../text/describe.ts";
import { mayBeLocalUrl, urlAddressSpace } from "../address-space.ts";
import { isUnsupportedScheme } from "../request-kind.ts";
import { originEvidence } from "../words.ts";
import { type CorsCheckSpec, failed, passed, skipped } from "./check.ts";

export const schemeCheck: CorsCheckSpec = {
  code: "cors.scheme-not-supported",
  name: "The URL's scheme is http or https",
  phase: "actual",
  chromium: "CorsDisabledScheme",
  test(s) {
    if (!isUnsupportedScheme(s.scheme)) return passed(`${s.scheme ?? "The scheme"} is fine.`);
    const scheme = s.scheme ?? "";
    const local = scheme === "file:";
    return failed(
      `The page${s.origin ? ` at ${s.origin.value}` : ""} requested ${s.x.request.url} with fetch or XMLHttpRequest; browsers make cross-origin requests only to http: and https: URLs, so the ${scheme} URL was refused.`,
      [...originEvidence(s), { label: "URL", value: s.x.request.url }, { label: "Scheme", value: scheme }],
      local
        ? "Serve the files from a local web server and load both the page and the resource over http://localhost instead of file:."
        : `Serve the resource over https: and request it by its https URL; a page cannot fetch ${scheme} URLs.`,
    );
  },
};

export const localNetworkCheck: CorsCheckSpec = {
  code: "cors.local-network",
  name: "A public page does not call a local or loopback address",
  phase: "actual",
  chromium: "LocalNetworkAccessPermissionDenied",
  test(s) {
    const url = s.x.request.url;
    if (!mayBeLocalUrl(url)) return passed("The target is a public host name.");
    const target = urlAddressSpace(url);
    const page = s.origin && s.origin.value !== "null" ? urlAddressSpace(s.origin.value) : undefined;
    if (target === undefined || target === "public") return passed("The target is public.");
    if (page === undefined) return skipped("The page's address is not known.");
    if (page !== "public") return passed(`The page itself is on a ${page} address.`);
    const insecure = s.origin!.value.startsWith("http:");
    const where = target === "loopback" ? "a loopback address (the user's own computer)" : "a local-network address";
    return failed(
      `The page at ${s.origin!.value} (a public address) called ${hostOf(url)}, ${where}. Chromium's Local Network Access asks the user for permission before such a request and blocks it when permission is denied` +
        (insecure ? "; from a page that is not a secure context (http:) it refuses the request outright." : "."),
      [...originEvidence(s), { label: "Target", value: hostOf(url) }, { label: "Target address space", value: target }],
      `Serve the page over https and expect a permission prompt for ${hostOf(url)}, or reach the service through a public address instead of a ${target} one.`,
      insecure ? "InsecureLocalNetwork" : "LocalNetworkAccessPermissionDenied",
    );
  },
};
