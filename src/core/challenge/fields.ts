/**
 * The challenge fields of a response (WWW-Authenticate, Proxy-Authenticate), read from their
 * field lines. Captures differ in how they deliver repeated field lines: Chromium lists each
 * line, Firefox joins them with a line feed. A bare line feed can never be part of a field value
 * (RFC 9110 §5.5), so it is read as a line boundary here.
 */
import { TRUNCATION_MARK } from "../limits.ts";
import { type DetailedParse, parseDetailed } from "./parse.ts";
import type { ChallengeHeader } from "./types.ts";

export interface ChallengeField {
  readonly header: ChallengeHeader;
  /** The field lines, as received. */
  readonly lines: readonly string[];
  /** The lines combined (RFC 9110 §5.3). */
  readonly value: string;
  readonly parse: DetailedParse;
  /** The capture cut the value (LIMITS.headerValueChars): its end is missing. */
  readonly clipped: boolean;
}

export const CHALLENGE_HEADERS: readonly ChallengeHeader[] = ["WWW-Authenticate", "Proxy-Authenticate"];

const LINE_BOUNDARY = /\r?\n(?![ \t])/;

/**
 * The field from its values as the capture holds them (undefined when absent or blank).
 * `parse` reads the lines: parseDetailed, or a reader that remembers a reading it already made.
 */
export function readChallengeField(
  header: ChallengeHeader,
  values: readonly string[] | undefined,
  parse: (lines: readonly string[]) => DetailedParse = parseDetailed,
): ChallengeField | undefined {
  if (values === undefined || values.length === 0) return undefined;
  let clipped = false;
  const lines = values.flatMap((v) => {
    if (v.endsWith(TRUNCATION_MARK)) {
      clipped = true;
      v = v.slice(0, -TRUNCATION_MARK.length);
    }
    return v.split(LINE_BOUNDARY);
  });
  if (lines.every((l) => l.trim() === "")) return undefined;
  const parsed = parse(lines);
  return { header, lines, value: parsed.value, parse: parsed, clipped };
}
