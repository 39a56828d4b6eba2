// The failed tests of a run, each named with the first line of its message, read from the
// runners' JSON reports: `npm test` closes with them, so a log cut to its tail still says what failed.
// Colour codes are cut by splitting on ESC rather than matching it (a control character in a pattern).
const uncoloured = (text) => String(text ?? "").split("\u001b").map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;]*m/, ""))).join("");
const firstLine = (text) => uncoloured(text).split("\n").find((l) => l.trim() !== "")?.trim().slice(0, 300) ?? "";

export function vitestFailures(report) {
  const names = [];
  for (const file of report.testResults ?? []) {
    const where = file.name?.replace(`${process.cwd()}/`, "") ?? "";
    const failedOnes = (file.assertionResults ?? []).filter((a) => a.status === "failed");
    for (const a of failedOnes) names.push(`${where} › ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`);
    // A file that failed to load has no test results, only its message.
    if (failedOnes.length === 0 && file.status === "failed") names.push(`${where}: ${firstLine(file.message)}`);
  }
  return names;
}

export function playwrightFailures(report) {
  const names = [];
  const walk = (suite, path) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status === "expected" || t.status === "skipped") continue;
        const error = t.results?.find((r) => r.error)?.error?.message;
        names.push(`${spec.file}:${spec.line} › ${[...path, spec.title].join(" › ")} (${t.status}): ${firstLine(error)}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, suite.file === child.file ? [...path, child.title] : path);
  };
  for (const suite of report.suites ?? []) walk(suite, []);
  return names;
}

