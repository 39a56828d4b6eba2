/** The challenge fixture files, typed. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Challenge } from "../../../src/core/challenge/types.ts";

const DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "fixtures", "challenge");

export interface GreenbytesCase {
  readonly id: string;
  readonly header: string;
  readonly fields?: readonly string[];
  /** The strict reading, or a sentence saying why there is none. */
  readonly expect_rfc9110: readonly { scheme: string; params?: Record<string, string> }[] | string;
  readonly notes?: string;
  readonly observed_impls?: Record<string, string>;
  readonly source: string;
}

export interface RealServerCase {
  readonly id: string;
  readonly source: string;
  readonly fields: readonly string[];
  readonly expect_strict?: readonly Challenge[];
  readonly expect_ok?: boolean;
  readonly expect_lenient?: readonly Challenge[];
  readonly expect_problems?: readonly string[];
  readonly notes?: string;
}

export const GREENBYTES: readonly GreenbytesCase[] = JSON.parse(readFileSync(join(DIR, "www-authenticate-cases.json"), "utf8"));
export const REAL_SERVERS: readonly RealServerCase[] = JSON.parse(readFileSync(join(DIR, "real-servers.json"), "utf8"));

export function realServer(id: string): RealServerCase {
  const c = REAL_SERVERS.find((r) => r.id === id);
  if (!c) throw new Error(`no real-server case ${id}`);
  return c;
}
