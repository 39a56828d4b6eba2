/**
 * `authlens analyze --format junit`: the JUnit XML that CI systems show as test results (GitHub,
 * GitLab, Jenkins, Azure): one test case per failing request, named by its method, URL and
 * outcome, failing with its root cause (type = the finding code, message = its title) and the
 * root's detail, fix and supporting codes as the failure's text. A capture where nothing failed
 * is one passing test case, so the CI page shows that the check ran.
 *
 * Text comes from untrusted traffic and is redacted as the Markdown report is
 * (core/share/scrub.ts). XML 1.0 §2.2 forbids most C0 controls even as character references, so
 * they, C1, DEL and bidi controls become visible escapes (terminal-text.ts); then &, <, >, " and
 * ' are escaped (§2.4, §3.3.3).
 */
import type { Diagnosis } from "../core/diagnose.ts";
import { rootParts } from "../core/root-cause.ts";
import { shareable } from "../core/share/redact-exchange.ts";
import { textScrubber } from "../core/share/scrub.ts";
import { statusView } from "../core/status-view.ts";
import { batched, type ReportWriter } from "./report-writer.ts";
import { safeLine, safeProse } from "./terminal-text.ts";

export interface JunitReportInput {
  readonly fileName: string;
  readonly requests: number;
}

const XML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Lone surrogates are not XML characters (§2.2) either. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[\ufffe\uffff]/g;

function xmlText(text: string, multiline: boolean): string {
  const safe = (multiline ? safeProse(text) : safeLine(text)).replace(LONE_SURROGATE, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  return safe.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

interface Case {
  readonly name: string;
  readonly classname: string;
  readonly failure: { readonly type: string; readonly message: string; readonly text: string };
}

/** The test case's class: the request's origin, so that CI groups failures by service. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "authlens";
  }
}

function caseOf(d: Diagnosis): Case | undefined {
  const { root, supporting } = rootParts(d);
  if (!root) return undefined;
  const { exchange: x, secrets } = shareable(d.exchange, false);
  const scrub = textScrubber(secrets);
  const lines = [`${root.severity}: ${root.title} (${root.code})`, "", scrub(root.detail)];
  if (root.fix !== undefined) lines.push("", `Fix: ${scrub(root.fix)}`);
  if (supporting.length > 0) lines.push("", `Supporting: ${supporting.map((f) => f.code).join(", ")}`);
  if (root.docs.length > 0) lines.push("", `Docs: ${root.docs.join(" ")}`);
  return {
    name: `${x.request.method} ${scrub(x.request.url)} → ${statusView(d.exchange, d.findings).text}`,
    classname: originOf(d.exchange.request.url),
    failure: { type: root.code, message: root.title, text: lines.join("\n") },
  };
}

export function junitReportWriter(input: JunitReportInput, write: (text: string) => void): ReportWriter {
  // The suite's counts are attributes of its opening tag: the failing cases wait for the end.
  const cases: Case[] = [];
  return {
    add(d) {
      const c = caseOf(d);
      if (c) cases.push(c);
    },
    end() {
      const out = batched(write);
      const suite = xmlText(`authlens analyze ${input.fileName}`, false);
      const tests = Math.max(1, cases.length);
      out.add('<?xml version="1.0" encoding="UTF-8"?>\n');
      out.add(`<testsuites name="AuthLens" tests="${tests}" failures="${cases.length}">\n`);
      out.add(`  <testsuite name="${suite}" tests="${tests}" failures="${cases.length}" errors="0" skipped="0">\n`);
      if (cases.length === 0) {
        const name = xmlText(`no auth or CORS failure in ${input.requests} ${input.requests === 1 ? "request" : "requests"}`, false);
        out.add(`    <testcase classname="authlens" name="${name}"/>\n`);
      }
      for (const c of cases) {
        out.add(`    <testcase classname="${xmlText(c.classname, false)}" name="${xmlText(c.name, false)}">\n`);
        out.add(`      <failure type="${xmlText(c.failure.type, false)}" message="${xmlText(c.failure.message, false)}">${xmlText(c.failure.text, true)}</failure>\n`);
        out.add("    </testcase>\n");
      }
      out.add("  </testsuite>\n</testsuites>\n");
      out.flush();
    },
  };
}
