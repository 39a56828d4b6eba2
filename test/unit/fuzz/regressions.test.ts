/** Every input the fuzz campaign ever failed on (test/fixtures/fuzz/*.har) goes through the whole pipeline again. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runPipeline } from "../../fuzz/pipeline.ts";
import { FUZZ_FIXTURES } from "../../fuzz/save.ts";

const files = readdirSync(FUZZ_FIXTURES).filter((f) => f.endsWith(".har")).sort();

describe("fuzz regressions", () => {
  it("are kept", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)("%s runs through the whole pipeline", async (file) => {
    // runPipeline throws on any broken property; refusing a document with a message is allowed.
    await expect(runPipeline(readFileSync(join(FUZZ_FIXTURES, file), "utf8"))).resolves.toEqual({ analysed: expect.any(Boolean), exchanges: expect.any(Number) });
  });
});
