/**
 * WWW-Authenticate and Proxy-Authenticate (RFC 9110 §11.6.1, §11.7.1), read in one pass:
 *
 *   field     = #challenge                                         (§5.6.1 list, §5.3 combined lines)
 *   challenge = auth-scheme [ 1*SP ( token68 / #auth-param ) ]       (§11.3)
 *   auth-param = token BWS "=" BWS ( token / quoted-string )         (§11.2)
 *
 * The challenge list and each challenge's parameter list share their commas, so after a comma
 * a `token BWS "="` continues the current challenge and any other token starts a new one.
 *
 * One reading is built, the lenient one; every deviation from the grammar is reported as a
 * problem as it is met, and where the grammar fails the reader recovers the way clients do
 * (first of two repeated parameters, an unterminated quote read to the end, a missing comma
 * assumed). The strict reading is the same challenges when no problem is an error, and nothing
 * otherwise. Every character is looked at a bounded number of times, so time is linear in the
 * input, and no input throws.
 */
import * as chars from "./chars.ts";
import * as problems from "./problems.ts";
import { type ParseProblemCode, type ProblemArgs, parseProblem } from "./problems.ts";
import { isRegisteredScheme } from "./schemes/registry.ts";
import type { Challenge, ChallengeParse, ChallengeProblem } from "./types.ts";

// Copied once into module constants: the hot loops below read them per character, and some
// module loaders (tsx, vitest) turn every read of an imported binding into a getter call.
const { BACKSLASH, COMMA, DQUOTE, EQUALS, HTAB, QDTEXT, QUOTABLE, SP, TCHAR, TOKEN68, WS, charClass, describeChar } = chars;
const PROBLEMS = problems.PARSE_PROBLEMS;

/** quoted-pair (RFC 9110 §5.6.4): a backslash and the character it stands for. */
const QUOTED_PAIR = /\\([\s\S])/g;

/**
 * Challenges kept per field. Real servers send one to four; past this the rest is still read for
 * grammar problems but not kept, so a hostile megabyte of `A, A, …` costs no more than its scan.
 */
export const MAX_CHALLENGES = 1_000;

/** Parameters kept per challenge; the schemes in use define fewer than twenty. */
export const MAX_PARAMS = 256;

/** Problems listed per parse; past this, one note says the rest were left out. */
export const MAX_PROBLEMS = 64;

/** A challenge with what explainers need beyond its public shape. */
export interface ParsedChallenge {
  readonly challenge: Challenge;
  /** Lower-case names of the parameters sent as quoted-string (some schemes require one form). */
  readonly quoted: ReadonlySet<string>;
  /** Where it sits in the combined field value: [start, end). */
  readonly start: number;
  readonly end: number;
  /** The problems met while reading it (offsets into the combined value). */
  readonly problems: readonly ChallengeProblem[];
}

export interface DetailedParse {
  /**
   * The field lines joined with ", " (RFC 9110 §5.3), line breaks read as spaces: what offsets
   * point into (its length is that of the value as received).
   */
  readonly value: string;
  /** The lenient reading. */
  readonly challenges: readonly ParsedChallenge[];
  readonly problems: readonly ChallengeProblem[];
  readonly ok: boolean;
}

const EMPTY_SET: ReadonlySet<string> = new Set();

/** How a challenge continues after its scheme. */
type Form =
  /** The scheme was followed by a comma or the end: the challenge is complete. */
  | "bare"
  /** The scheme was followed by spaces: parameters may follow. */
  | "open"
  | "token68";

class ChallengeBuilder {
  token68: string | undefined;
  params: Map<string, string> | undefined;
  quoted: Set<string> | undefined;
  form: Form = "open";
  /** Set once MAX_PARAMS parameters were kept. */
  full = false;
  constructor(
    readonly scheme: string,
    readonly start: number,
    public end: number,
  ) {}

  has(name: string): boolean {
    return this.params?.has(name) ?? false;
  }

  set(name: string, value: string, quoted: boolean): void {
    this.params ??= new Map();
    this.params.set(name, value);
    if (!quoted) return;
    this.quoted ??= new Set();
    this.quoted.add(name);
  }

  build(problems: readonly ChallengeProblem[]): ParsedChallenge {
    // fromEntries defines own properties, so a parameter named "__proto__" stays data.
    const params = this.params ? Object.fromEntries(this.params) : {};
    const challenge: Challenge =
      this.token68 !== undefined ? { scheme: this.scheme, token68: this.token68, params } : { scheme: this.scheme, params };
    return { challenge, quoted: this.quoted ?? EMPTY_SET, start: this.start, end: this.end, problems };
  }
}

const NO_PROBLEMS: readonly ChallengeProblem[] = Object.freeze([]);

interface Value {
  readonly text: string;
  readonly quoted: boolean;
  /** Just past the value. */
  readonly end: number;
}

const CR = 0x0d;
const LF = 0x0a;
const NUL = 0x00;
const ANY_BREAK = /[\r\n\0]/;
const CONTROL_NAMES: Readonly<Record<number, string>> = { [CR]: "a carriage return (CR)", [LF]: "a line feed (LF)", [NUL]: "a NUL byte" };

class Reader {
  readonly s: string;
  readonly n: number;
  i = 0;
  current: ChallengeBuilder | undefined;
  readonly built: ChallengeBuilder[] = [];
  readonly problems: ChallengeProblem[] = [];
  /** Set once MAX_PROBLEMS were listed: the note that says so goes last. */
  overflow: ChallengeProblem | undefined;
  /** Set once MAX_CHALLENGES were kept. */
  dropped = false;
  hasError = false;

  constructor(value: string) {
    this.s = ANY_BREAK.test(value) ? this.withoutLineBreaks(value) : value;
    this.n = this.s.length;
  }

  /**
   * RFC 9112 §5.2: a recipient replaces each obs-fold (CRLF or LF followed by spaces or tabs)
   * with spaces; RFC 9110 §5.5: CR, LF and NUL are invalid in a value, and a recipient may
   * replace them with spaces. Both are done length for length, so offsets keep pointing into
   * the value as received.
   */
  withoutLineBreaks(value: string): string {
    const codes = new Uint16Array(value.length);
    for (let i = 0; i < value.length; i++) codes[i] = value.charCodeAt(i);
    for (let i = 0; i < codes.length; ) {
      const c = codes[i]!;
      if (c !== CR && c !== LF && c !== NUL) {
        i++;
        continue;
      }
      let end = c === CR && codes[i + 1] === LF ? i + 2 : i + 1;
      const next = codes[end];
      if (c !== NUL && (c === LF || end === i + 2) && (next === SP || next === HTAB)) {
        while (codes[end] === SP || codes[end] === HTAB) end++;
        this.report("obs-fold", i);
      } else {
        this.report("control-character", i, { char: CONTROL_NAMES[c]! });
      }
      codes.fill(SP, i, end);
      i = end;
    }
    let out = "";
    for (let i = 0; i < codes.length; i += 8_192) out += String.fromCharCode(...codes.subarray(i, i + 8_192));
    return out;
  }

  report(code: ParseProblemCode, offset: number, args: ProblemArgs = {}): void {
    if (PROBLEMS[code].severity === "error") this.hasError = true;
    // Past the cap only the verdict counts: no message is worded for a problem nobody sees.
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(parseProblem(code, offset, args));
    else this.overflow ??= parseProblem("too-many-problems", offset, { count: MAX_PROBLEMS });
  }

  code(k: number): number {
    return k < this.n ? this.s.charCodeAt(k) : -1;
  }

  isClass(k: number, cls: number): boolean {
    return k < this.n && (charClass(this.s.charCodeAt(k)) & cls) !== 0;
  }

  skipWs(k: number): number {
    while (this.isClass(k, WS)) k++;
    return k;
  }

  scanToken(k: number): number {
    while (this.isClass(k, TCHAR)) k++;
    return k;
  }

  /** The next comma outside a quoted-string, or the end: where recovery resumes. */
  skipToComma(k: number): number {
    while (k < this.n) {
      const c = this.s.charCodeAt(k);
      if (c === COMMA) return k;
      if (c === DQUOTE) {
        k++;
        while (k < this.n) {
          const d = this.s.charCodeAt(k);
          if (d === DQUOTE) break;
          k += d === BACKSLASH ? 2 : 1;
        }
      }
      k++;
    }
    return this.n;
  }

  run(): DetailedParse {
    let afterElement = false;
    /** A comma after an element: an empty element if nothing follows it (`Basic realm="x",`). */
    let trailingComma = -1;
    while (true) {
      this.i = this.skipWs(this.i);
      if (this.i >= this.n) break;
      if (this.code(this.i) === COMMA) {
        if (!afterElement) this.report("empty-list-element", this.i);
        else trailingComma = this.i;
        this.i++;
        afterElement = false;
        continue;
      }
      trailingComma = -1;
      if (afterElement) this.report("missing-comma", this.i, this.problems.length < MAX_PROBLEMS ? { name: this.describeNext(this.i) } : {});
      this.element();
      afterElement = true;
    }
    if (trailingComma !== -1) this.report("empty-list-element", trailingComma);
    if (this.built.length === 0) this.report("empty-field", 0);
    // In reading order: a value's problems are found before its parameter's name is judged.
    this.problems.sort((a, b) => a.offset - b.offset);
    if (this.overflow) this.problems.push(this.overflow);
    const perChallenge = this.problemsByChallenge();
    return {
      value: this.s,
      challenges: this.built.map((b, k) => b.build(perChallenge[k] ?? NO_PROBLEMS)),
      problems: this.problems,
      ok: !this.hasError,
    };
  }

  /** Each problem goes to the challenge it lies in (the first one for problems before any). */
  problemsByChallenge(): (readonly ChallengeProblem[])[] {
    const lists: (readonly ChallengeProblem[])[] = new Array(this.built.length).fill(NO_PROBLEMS);
    if (lists.length === 0) return lists;
    for (const p of this.problems) {
      let lo = 0;
      let hi = this.built.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (this.built[mid]!.start <= p.offset) lo = mid;
        else hi = mid - 1;
      }
      lists[lo] = lists[lo] === NO_PROBLEMS ? [p] : [...lists[lo]!, p];
    }
    return lists;
  }

  /** "realm" for a parameter, "the Basic challenge" for a new one: what a missing comma precedes. */
  describeNext(k: number): string {
    const end = this.scanToken(k);
    const word = this.s.slice(k, Math.min(end, k + 40));
    return this.code(this.skipWs(end)) === EQUALS ? word : `the ${word} challenge`;
  }

  /** One list element at `i`: a parameter of the current challenge, or a new challenge. */
  element(): void {
    const start = this.i;
    if (!this.isClass(start, TCHAR)) {
      this.report("invalid-scheme", start, { char: describeChar(this.code(start)) });
      this.i = this.skipToComma(start);
      return;
    }
    const tokenEnd = this.scanToken(start);
    const eq = this.skipWs(tokenEnd);
    if (this.code(eq) === EQUALS) this.param(start, tokenEnd, eq);
    else this.challenge(start, tokenEnd);
  }

  challenge(start: number, schemeEnd: number): void {
    const b = new ChallengeBuilder(this.s.slice(start, schemeEnd), start, schemeEnd);
    this.current = b;
    if (this.built.length < MAX_CHALLENGES) this.built.push(b);
    else if (this.built.length === MAX_CHALLENGES && !this.dropped) {
      this.dropped = true;
      this.report("too-many-challenges", start, { count: MAX_CHALLENGES });
    }

    const wsEnd = this.skipWs(schemeEnd);
    if (wsEnd === schemeEnd) {
      b.form = "bare";
      if (schemeEnd < this.n && this.code(schemeEnd) !== COMMA) {
        this.report("invalid-after-scheme", schemeEnd, { scheme: b.scheme, char: describeChar(this.code(schemeEnd)) });
        this.i = this.skipToComma(schemeEnd);
      } else this.i = schemeEnd;
      return;
    }
    for (let k = schemeEnd; k < wsEnd; k++) {
      if (this.s.charCodeAt(k) === HTAB) {
        this.report("htab-after-scheme", k, { scheme: b.scheme });
        break;
      }
    }
    if (wsEnd >= this.n || this.code(wsEnd) === COMMA) {
      this.i = wsEnd;
      return;
    }

    const token68 = this.token68(wsEnd);
    if (token68 !== undefined) {
      b.form = "token68";
      b.token68 = this.s.slice(wsEnd, token68);
      b.end = token68;
      this.i = token68;
      return;
    }
    if (this.isClass(wsEnd, TCHAR)) {
      const nameEnd = this.scanToken(wsEnd);
      const eq = this.skipWs(nameEnd);
      if (this.code(eq) === EQUALS) {
        this.param(wsEnd, nameEnd, eq);
        return;
      }
    }
    this.report("expected-param", wsEnd, { scheme: b.scheme });
    this.i = this.skipToComma(wsEnd);
  }

  /** token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=", alone in its element: its end, or undefined. */
  token68(k: number): number | undefined {
    let end = k;
    while (this.isClass(end, TOKEN68)) end++;
    if (end === k) return undefined;
    while (this.code(end) === EQUALS) end++;
    const next = this.skipWs(end);
    return next >= this.n || this.code(next) === COMMA ? end : undefined;
  }

  param(nameStart: number, nameEnd: number, eq: number): void {
    const name = this.s.slice(nameStart, nameEnd).toLowerCase();
    const b = this.current;
    let target: ChallengeBuilder | undefined = b;
    if (!b) {
      this.report("param-without-challenge", nameStart, { name });
      target = undefined;
    } else if (b.form === "bare") {
      this.report("param-after-bare-scheme", nameStart, { name, scheme: b.scheme });
      target = undefined;
    } else if (b.form === "token68") {
      // Kept in the lenient reading: a sender that mixed both forms meant both.
      this.report("param-after-token68", nameStart, { name, scheme: b.scheme });
    }

    const value = this.value(this.skipWs(eq + 1), name);
    const text = this.afterValue(value, name);
    if (!target) return;
    if (target.has(name)) {
      this.report("duplicate-parameter", nameStart, { name, scheme: target.scheme, value: target.params?.get(name) });
    } else if ((target.params?.size ?? 0) >= MAX_PARAMS) {
      if (!target.full) this.report("too-many-parameters", nameStart, { scheme: target.scheme, count: MAX_PARAMS });
      target.full = true;
    } else {
      target.set(name, text, value.quoted);
      if (name === "realm" && !value.quoted) this.report("unquoted-realm", nameStart, { value: text });
    }
    target.end = Math.max(target.end, this.lastContent(this.i));
  }

  /** The end of the content before `k`, without trailing spaces. */
  lastContent(k: number): number {
    while (k > 0 && this.isClass(k - 1, WS)) k--;
    return k;
  }

  value(at: number, name: string): Value {
    if (this.code(at) === DQUOTE) return this.quotedString(at, name);
    // A token. Read the run up to a space or comma whatever it holds: a client uses it as sent.
    let end = at;
    let bad = -1;
    while (end < this.n) {
      const c = this.s.charCodeAt(end);
      if (c === COMMA || (charClass(c) & WS) !== 0) break;
      if (bad === -1 && (charClass(c) & TCHAR) === 0) bad = end;
      end++;
    }
    const text = this.s.slice(at, end);
    if (end === at) this.report("missing-value", at, { name });
    else if (bad !== -1) this.report("invalid-token-value", bad, { name, value: text, char: describeChar(this.code(bad)) });
    return { text, quoted: false, end };
  }

  quotedString(open: number, name: string): Value {
    let k = open + 1;
    let escaped = false;
    let bad = -1;
    while (k < this.n) {
      const c = this.s.charCodeAt(k);
      if (c === DQUOTE) {
        this.flagQuoted(bad, name);
        return { text: this.unescape(open + 1, k, escaped), quoted: true, end: k + 1 };
      }
      if (c === BACKSLASH) {
        escaped = true;
        // A backslash as the last character escapes nothing: it is dropped.
        if (k + 1 >= this.n) break;
        if (bad === -1 && (charClass(this.s.charCodeAt(k + 1)) & QUOTABLE) === 0) bad = k + 1;
        k += 2;
        continue;
      }
      if (bad === -1 && (charClass(c) & QDTEXT) === 0) bad = k;
      k++;
    }
    this.flagQuoted(bad, name);
    this.report("unterminated-quoted-string", open, { name });
    return { text: this.unescape(open + 1, k, escaped), quoted: true, end: this.n };
  }

  /** The text of a quoted-string between `from` and `to`, each quoted-pair replaced by its character. */
  unescape(from: number, to: number, escaped: boolean): string {
    const raw = this.s.slice(from, to);
    return escaped ? raw.replace(QUOTED_PAIR, "$1") : raw;
  }

  /** The first character a quoted-string cannot hold, if any (RFC 9110 §5.6.4). */
  flagQuoted(at: number, name: string): void {
    if (at !== -1) this.report("invalid-quoted-character", at, { name, char: describeChar(this.code(at)) });
  }

  /**
   * After a value comes a comma or the end. Otherwise, after a space, a missing comma is read
   * where the next word shows one: before `name=` (API gateways send
   * `Bearer scope="" error="invalid_token"`), or before a registered scheme name, which starts
   * a new challenge (`Basic realm="x" Bearer`, `Basic realm=foo Digest realm=bar`). Any other
   * word after an unquoted value makes it a value that needed quotes (`realm=My Realm`), up to a
   * registered scheme and its parameters or the next comma; any other word after a quoted value
   * is skipped, as is anything else. Only registered names split: an unknown word or a token68
   * is as likely to be part of what came before as a challenge of its own. Returns the value as
   * the lenient reading keeps it.
   */
  afterValue(v: Value, name: string): string {
    const next = this.skipWs(v.end);
    this.i = next;
    if (next >= this.n || this.code(next) === COMMA) return v.text;
    if (next > v.end && this.isClass(next, TCHAR)) {
      const wordEnd = this.scanToken(next);
      if (this.code(this.skipWs(wordEnd)) === EQUALS) return v.text;
      if (this.startsChallenge(next, wordEnd, v.quoted)) return v.text;
      if (!v.quoted) {
        const end = this.runOnEnd(next);
        const text = this.s.slice(v.end - v.text.length, this.lastContent(end));
        this.report("unquoted-space", next, { name, value: text });
        this.i = end;
        return text;
      }
      this.report("unexpected-after-value", next, { name, char: `"${this.s.slice(next, Math.min(wordEnd, next + 40))}"` });
      this.i = this.skipToComma(next);
      return v.text;
    }
    this.report("unexpected-after-value", next, { name, char: describeChar(this.code(next)) });
    this.i = this.skipToComma(next);
    return v.text;
  }

  /**
   * Whether the word [k, wordEnd), met where a comma is missing, starts a new challenge: a
   * registered scheme name followed by the end, a comma, or (after a space) anything when the
   * value before was quoted, or its parameters (`name=`) when the value before was unquoted and
   * the word could still be part of it.
   */
  startsChallenge(k: number, wordEnd: number, afterQuoted: boolean): boolean {
    if (!isRegisteredScheme(this.s.slice(k, Math.min(wordEnd, k + 64)))) return false;
    const after = this.skipWs(wordEnd);
    if (after >= this.n || this.code(after) === COMMA) return true;
    if (after === wordEnd) return false;
    if (afterQuoted) return true;
    const nameEnd = this.scanToken(after);
    return nameEnd > after && this.code(this.skipWs(nameEnd)) === EQUALS;
  }

  /**
   * Where an unquoted value that runs on past a space (`realm=My Realm`) ends: before a later
   * word that starts a challenge (a comma missing before it), else at the next comma. `from` is
   * the first word after the space, already known not to start one.
   */
  runOnEnd(from: number): number {
    let k = from;
    while (k < this.n) {
      const c = this.s.charCodeAt(k);
      if (c === COMMA) return k;
      if (c === DQUOTE) return this.skipToComma(k);
      if ((charClass(c) & WS) !== 0) {
        k++;
        continue;
      }
      const tokenEnd = this.scanToken(k);
      if (k > from && tokenEnd > k && this.startsChallenge(k, tokenEnd, false)) return k;
      // The rest of the word, whatever it holds (a value may carry "/" or ":").
      k = tokenEnd;
      while (k < this.n) {
        const d = this.s.charCodeAt(k);
        if (d === COMMA || d === DQUOTE || (charClass(d) & WS) !== 0) break;
        k++;
      }
    }
    return this.n;
  }
}

/** The lenient reading with positions and quoting, for explainers and rules. */
export function parseFieldValue(value: string): DetailedParse {
  return new Reader(value).run();
}

/** RFC 9110 §5.3: field lines with the same name combine, in order, separated by ", ". */
export function combineFieldLines(fieldLines: readonly string[]): string {
  return fieldLines.join(", ");
}

export function parseDetailed(fieldLines: readonly string[]): DetailedParse {
  return parseFieldValue(combineFieldLines(fieldLines));
}

/**
 * Every challenge in these field lines (each a WWW-Authenticate or Proxy-Authenticate line, as
 * received), read strictly and leniently. Never throws; linear in the input.
 */
export function parseChallenges(fieldLines: readonly string[]): ChallengeParse {
  const parsed = parseDetailed(fieldLines);
  const lenient = parsed.challenges.map((c) => c.challenge);
  return { strict: parsed.ok ? lenient : [], lenient, problems: parsed.problems, ok: parsed.ok };
}
