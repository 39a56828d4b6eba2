/**
 * `cors.local-network`: a public page calling a private or loopback address (Local Network
 * Access), decided from URL hosts: literal IPs by range, localhost and *.localhost as loopback.
 */
import { describe, expect, it } from "vitest";
import { hostAddressSpace, mayBeLocalUrl, urlAddressSpace } from "../../../src/core/cors/address-space.ts";
import { corsReport } from "../../../src/core/cors/index.ts";
import { build, contextOf, corsProblems, findingsById } from "./captures.ts";

describe("address spaces", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["[::1]", "loopback"],
    ["localhost", "loopback"],
    ["api.localhost", "loopback"],
    ["0.0.0.0", "loopback"],
    ["[::ffff:7f00:1]", "loopback"],
    ["10.1.2.3", "local"],
    ["172.16.0.1", "local"],
    ["172.31.255.255", "local"],
    ["192.168.1.20", "local"],
    ["169.254.169.254", "local"],
    ["100.64.0.1", "local"],
    ["[fd12:3456::1]", "local"],
    ["[fe80::1]", "local"],
    ["printer.local", "local"],
    ["172.32.0.1", "public"],
    ["8.8.8.8", "public"],
    ["[2001:db8::1]", "public"],
    ["api.example.com", "public"],
    ["localhost.example.com", "public"],
  ])("%s is %s", (host, space) => {
    expect(hostAddressSpace(host)).toBe(space);
  });

  it("reads canonical hosts through the URL parser (0x7f.1 is 127.0.0.1)", () => {
    expect(urlAddressSpace("http://0x7f.1:8080/")).toBe("loopback");
    expect(urlAddressSpace("not a url")).toBeUndefined();
  });

  it("skips the parse for named public hosts", () => {
    expect(mayBeLocalUrl("https://api.example.com/x")).toBe(false);
    expect(mayBeLocalUrl("http://192.168.0.1/")).toBe(true);
    expect(mayBeLocalUrl("http://[::1]:3000/")).toBe(true);
    expect(mayBeLocalUrl("http://localhost:3000/")).toBe(true);
    expect(mayBeLocalUrl("http://nas.local/")).toBe(true);
    expect(mayBeLocalUrl("http://0x7f.1/")).toBe(true);
  });
});

function run(origin: string, url: string, blocked = false) {
  const b = build({ blocked, request: { method: "GET", url, origin }, preflight: null, response: blocked ? null : { status: 200, headers: [["Access-Control-Allow-Origin", "*"]] } }, "chromium");
  const { ctx, byId } = contextOf(b.exchanges);
  return { found: findingsById(b.exchanges).get("req") ?? [], report: corsReport(byId.get("req")!, ctx) };
}

describe("cors.local-network", () => {
  it("warns on a public https page calling a local address, even when it worked", () => {
    const { found } = run("https://shop.example.com", "http://192.168.1.20:8080/status");
    expect(corsProblems(found)).toEqual([["cors.local-network", "actual"]]);
    const f = found.find((x) => x.code === "cors.local-network")!;
    expect(f.severity).toBe("warning");
    expect(f.detail).toContain("https://shop.example.com");
    expect(f.detail).toContain("192.168.1.20:8080");
    expect(f.detail).toContain("permission");
  });

  it("warns on a public page calling loopback; an http page is refused outright (InsecureLocalNetwork)", () => {
    const { found, report } = run("http://shop.example.com", "http://localhost:5000/api", true);
    const f = found.find((x) => x.code === "cors.local-network")!;
    expect(f.detail).toContain("not a secure context");
    expect(report.failed).toBe("cors.local-network");
    expect(report.chromiumEquivalent).toBe("InsecureLocalNetwork");
    expect(found.map((x) => x.code)).toContain("cors.blocked");
  });

  it.each([
    ["http://localhost:3000", "http://127.0.0.1:8080/api"],
    ["http://127.0.0.1:3000", "http://localhost:8080/api"],
    ["http://192.168.1.5:3000", "http://localhost:8080/api"],
    ["http://10.0.0.2", "http://192.168.1.20/api"],
    ["https://shop.example.com", "https://api.example.com/api"],
    ["https://shop.example.com", "https://8.8.8.8/api"],
  ])("stays quiet for a page on %s calling %s", (origin, url) => {
    expect(corsProblems(run(origin, url).found)).toEqual([]);
  });
});
