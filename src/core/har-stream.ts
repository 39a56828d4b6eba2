/**
 * A HAR document, fed as text in chunks → its `log.entries[i]` one at a time, plus `log.creator`
 * and `log.pages`. The document never exists as one string and never as one parsed object: a
 * million-entry HAR is a quarter of a gigabyte of text, and `JSON.parse` of it held the text and
 * the whole object graph at once.
 *
 * Only the path to the entries is tokenized here (the top-level object, `log`, the `entries`
 * array); every other value, entries included, is cut out by bracket matching (RFC 8259 §2:
 * strings are the only place a bracket can hide) and read by `JSON.parse`, which also checks it.
 * Duplicate names are not merged as JSON.parse would (last wins): each value is read as it comes.
 *
 * Pure: the CLI feeds it a file a megabyte at a time, the panel's worker a File's stream. Text
 * that is not JSON is the one thing it throws on (JsonStreamError, with where): feed and end sit
 * in the reader's try, which turns it into the reader's own message; it never escapes to a user.
 */

export interface HarStreamSink {
  entry(value: unknown, index: number): void;
  creator(value: unknown): void;
  pages(value: unknown): void;
}

export type HarStreamShape = "ok" | "top-not-object" | "no-log" | "no-entries";

/** Thrown on text that is not JSON; `offset` counts characters from the start of the text. */
export class JsonStreamError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = "JsonStreamError";
  }
}

enum C {
  Quote = 0x22,
  Backslash = 0x5c,
  OpenBrace = 0x7b,
  CloseBrace = 0x7d,
  OpenBracket = 0x5b,
  CloseBracket = 0x5d,
  Comma = 0x2c,
  Colon = 0x3a,
  Space = 0x20,
  Tab = 0x09,
  Lf = 0x0a,
  Cr = 0x0d,
}

/** RFC 8259 §2: the four insignificant whitespace characters. */
function isSpace(c: number): boolean {
  return c === C.Space || c === C.Lf || c === C.Cr || c === C.Tab;
}

/** Where the tokenizer stands on the path top → log → entries. */
enum At {
  /** Before the top-level value. */
  Start,
  /** In an object (top level or log): a member name or the closing brace is next (first = no comma yet). */
  NameOrEnd,
  /** After a member: a comma or the closing brace. */
  CommaOrEnd,
  /** After a member name: the colon. */
  Colon,
  /** After the colon: the member's value. */
  Value,
  /** In log.entries: an element or `]` is next. */
  ElementOrEnd,
  /** After an element: a comma or `]`. */
  ElementCommaOrEnd,
  /** After the top-level value: only whitespace. */
  Done,
}

/** Scanning state of one value being cut out, kept across chunks. */
interface Cut {
  start: number;
  pos: number;
  depth: number;
  inString: boolean;
  /** The value is a string, number or literal (ends at a delimiter, not a bracket). */
  scalar: boolean;
}

export class HarStream {
  private text = "";
  private pos = 0;
  /** Characters dropped from the front of `text` so far (for error offsets). */
  private dropped = 0;
  private at: At = At.Start;
  /** 0 while in the top-level object, 1 in `log`, 2 in `log.entries`. */
  private level = 0;
  private first = true;
  private name: string | undefined;
  private cut: Cut | undefined;
  private entries = 0;
  private topIsObject = false;
  private sawLog = false;
  private sawEntries = false;

  constructor(private readonly sink: HarStreamSink) {}

  /** Entries read so far. */
  get count(): number {
    return this.entries;
  }

  feed(chunk: string): void {
    this.text = this.pos === 0 ? this.text + chunk : this.text.slice(this.pos) + chunk;
    if (this.cut) {
      this.cut.start -= this.pos;
      this.cut.pos -= this.pos;
    }
    this.dropped += this.pos;
    this.pos = 0;
    this.run(false);
  }

  /** The text is complete: checks it ended where a JSON document may, and says what it held. */
  end(): HarStreamShape {
    this.run(true);
    if (this.at !== At.Done) throw this.error("it ends before the JSON is complete", this.text.length);
    if (!this.topIsObject) return "top-not-object";
    if (!this.sawLog) return "no-log";
    if (!this.sawEntries) return "no-entries";
    return "ok";
  }

  private error(message: string, at: number): JsonStreamError {
    return new JsonStreamError(message, this.dropped + at);
  }

  private unexpected(at: number): JsonStreamError {
    return this.error(`unexpected character ${JSON.stringify(this.text[at] ?? "")}`, at);
  }

  private run(final: boolean): void {
    const text = this.text;
    for (;;) {
      if (this.cut) {
        if (!this.scan(this.cut, final)) return;
        const value = this.parse(this.cut);
        this.pos = this.cut.pos;
        this.cut = undefined;
        this.took(value);
        continue;
      }
      while (this.pos < text.length && isSpace(text.charCodeAt(this.pos))) this.pos++;
      if (this.pos >= text.length) return;
      const c = text.charCodeAt(this.pos);
      switch (this.at) {
        case At.Start:
          if (c === C.OpenBrace) {
            this.topIsObject = true;
            this.enterObject(0);
          } else this.startCut();
          break;
        case At.NameOrEnd:
          if (c === C.CloseBrace && this.first) this.leaveObject();
          else if (c === C.Quote) this.startCut();
          else throw this.unexpected(this.pos);
          break;
        case At.CommaOrEnd:
          if (c === C.Comma) {
            this.pos++;
            this.at = At.NameOrEnd;
            this.first = false;
          } else if (c === C.CloseBrace) this.leaveObject();
          else throw this.unexpected(this.pos);
          break;
        case At.Colon:
          if (c !== C.Colon) throw this.unexpected(this.pos);
          this.pos++;
          this.at = At.Value;
          break;
        case At.Value:
          if (this.level === 0 && this.name === "log" && c === C.OpenBrace) {
            this.sawLog = true;
            this.enterObject(1);
          } else if (this.level === 1 && this.name === "entries" && c === C.OpenBracket) {
            this.sawEntries = true;
            this.pos++;
            this.level = 2;
            this.at = At.ElementOrEnd;
            this.first = true;
          } else this.startCut();
          break;
        case At.ElementOrEnd:
          if (c === C.CloseBracket && this.first) this.leaveEntries();
          else this.startCut();
          break;
        case At.ElementCommaOrEnd:
          if (c === C.Comma) {
            this.pos++;
            this.at = At.ElementOrEnd;
            this.first = false;
          } else if (c === C.CloseBracket) this.leaveEntries();
          else throw this.unexpected(this.pos);
          break;
        case At.Done:
          throw this.unexpected(this.pos);
      }
    }
  }

  private enterObject(level: number): void {
    this.pos++;
    this.level = level;
    this.at = At.NameOrEnd;
    this.first = true;
  }

  private leaveObject(): void {
    this.pos++;
    if (this.level === 0) this.at = At.Done;
    else {
      this.level = 0;
      this.at = At.CommaOrEnd;
    }
  }

  private leaveEntries(): void {
    this.pos++;
    this.level = 1;
    this.at = At.CommaOrEnd;
  }

  private startCut(): void {
    const c = this.text.charCodeAt(this.pos);
    const bracket = c === C.OpenBrace || c === C.OpenBracket;
    if (c === C.CloseBrace || c === C.CloseBracket || c === C.Comma || c === C.Colon) throw this.unexpected(this.pos);
    this.cut = { start: this.pos, pos: bracket ? this.pos + 1 : this.pos, depth: bracket ? 1 : 0, inString: false, scalar: !bracket };
    if (c === C.Quote) {
      this.cut.inString = true;
      this.cut.pos++;
    }
  }

  /**
   * Moves `cut` to the end of its value; false when the text so far does not reach it. Inside
   * strings it jumps from quote to quote (indexOf) rather than stepping through every character.
   */
  private scan(cut: Cut, final: boolean): boolean {
    const text = this.text;
    let i = cut.pos;
    for (;;) {
      if (cut.inString) {
        const q = text.indexOf('"', i);
        if (q === -1) {
          // Resume at the last backslash run, which may escape a quote in the next chunk.
          let back = text.length;
          while (back > i && text.charCodeAt(back - 1) === C.Backslash) back--;
          cut.pos = back;
          if (final) throw this.error("unterminated string", text.length);
          return false;
        }
        let slashes = 0;
        while (q - 1 - slashes >= i && text.charCodeAt(q - 1 - slashes) === C.Backslash) slashes++;
        i = q + 1;
        if (slashes % 2 === 1) continue;
        cut.inString = false;
        if (cut.scalar) {
          cut.pos = i;
          return true;
        }
        continue;
      }
      if (i >= text.length) {
        cut.pos = i;
        if (final && cut.scalar && i > cut.start) return true;
        if (final) throw this.error("it ends before the JSON is complete", text.length);
        return false;
      }
      const c = text.charCodeAt(i);
      if (cut.scalar) {
        if (c === C.Comma || c === C.CloseBrace || c === C.CloseBracket || c === C.Colon || isSpace(c)) {
          cut.pos = i;
          return true;
        }
        i++;
        continue;
      }
      i++;
      if (c === C.Quote) cut.inString = true;
      else if (c === C.OpenBrace || c === C.OpenBracket) cut.depth++;
      else if (c === C.CloseBrace || c === C.CloseBracket) {
        if (--cut.depth === 0) {
          cut.pos = i;
          return true;
        }
      }
    }
  }

  private parse(cut: Cut): unknown {
    try {
      return JSON.parse(this.text.slice(cut.start, cut.pos));
    } catch (error) {
      const message = error instanceof Error ? error.message : "";
      const at = /in JSON at position (\d+)/.exec(message);
      throw this.error("not valid JSON", cut.start + (at ? Number(at[1]) : 0));
    }
  }

  /** A value was cut out and read: hand it on, and move past it. */
  private took(value: unknown): void {
    switch (this.at) {
      case At.Start:
        this.at = At.Done;
        return;
      case At.NameOrEnd:
        if (typeof value !== "string") throw this.unexpected(this.pos);
        this.name = value;
        this.at = At.Colon;
        return;
      case At.Value:
        if (this.level === 1 && this.name === "creator") this.sink.creator(value);
        else if (this.level === 1 && this.name === "pages") this.sink.pages(value);
        // `log` or `entries` of the wrong type: seen, and not a HAR (importHar's wording).
        this.at = At.CommaOrEnd;
        return;
      case At.ElementOrEnd:
        this.sink.entry(value, this.entries++);
        this.at = At.ElementCommaOrEnd;
        return;
      default:
        return;
    }
  }
}
