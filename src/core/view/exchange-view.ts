/**
 * An exchange prepared for the rules: what every rule would otherwise read again from its
 * headers and body (the header index, the credentials it carried, its challenges, Set-Cookie
 * lines, tokens, token request, CORS evaluation, the names finding texts give it). Built once
 * per exchange by the analysis that owns it (diagnose.ts's analysisContext, through
 * `exchangeViews`); each member is read on first use and kept, so a rule author asks the view
 * and never keeps a cache of their own. Nothing here holds state between analyses.
 */
import type { CaptureLookup } from "../capture-lookup.ts";
import { CHALLENGE_HEADERS, type ChallengeField, readChallengeField } from "../challenge/fields.ts";
import { type DetailedParse, parseDetailed } from "../challenge/parse.ts";
import type { ChallengeHeader } from "../challenge/types.ts";
import { type AttachedCredentials, credentialsFrom } from "../credentials/attached.ts";
import type { AuthorizationValue } from "../credentials/authorization.ts";
import { findPlaceholder, type PlaceholderMatch } from "../credentials/placeholder.ts";
import { type CorsEvaluation, evaluateExchange, mayConcernCors, type Scope } from "../cors/evaluate.ts";
import type { Exchange } from "../exchange.ts";
import { fieldNames, headerValueLists, headerValues } from "../headers.ts";
import { type TokenRequest, tokenRequestOf } from "../oauth/token-request.ts";
import type { AnalysisOptions, CaptureFacts } from "../options.ts";
import { labelOf, type UrlNames, urlNames } from "../text/describe.ts";
import { newReadingMemo, type ReadingMemo } from "../tokens/decode.ts";
import { newTokenTextMemo, type TokenTextMemo } from "../tokens/token-text.ts";
import { type Candidate, type CookieFields, cookieHeaderCandidates } from "../tokens/sources.ts";
import { type LocatedToken, locatedTokensOf } from "../tokens/tokens-of.ts";
import { type HeaderIndex, indexHeaders, NO_HEADERS } from "./header-index.ts";

export interface ExchangeView {
  readonly exchange: Exchange;
  /** The request's header fields by lower-cased name. */
  readonly request: HeaderIndex;
  /** The response's header fields by lower-cased name (none when no response arrived). */
  readonly response: HeaderIndex;
  /** What the request carried: Authorization parsed, Proxy-Authorization, cookie names. */
  readonly credentials: AttachedCredentials;
  /** The placeholder defect of the Authorization credentials ("Bearer undefined"), if any. */
  readonly placeholder: PlaceholderMatch | undefined;
  /** The response's Set-Cookie lines, in order (never combined, RFC 6265 §3). */
  readonly setCookieLines: readonly string[];
  /** The response's non-empty WWW-Authenticate or Proxy-Authenticate field, parsed. */
  challenge(header: ChallengeHeader): ChallengeField | undefined;
  /**
   * Every token the exchange carried or received, decoded (once per distinct token in the
   * analysis), times judged at the request's start. On a capture stripped of credentials, what
   * stands in the credential headers is the stripping tool's mark, and those places are left out.
   */
  readonly tokens: readonly LocatedToken[];
  /** Texts about tokens already written in this analysis (token-text.ts). */
  readonly tokenText: TokenTextMemo;
  /** The request body as OAuth token request parameters (RFC 6749 §4.1.3). */
  readonly tokenRequest: TokenRequest;
  /** The CORS evaluation ("all" for the panel's report, "findings" as the rules need it). */
  cors(scope: Scope): CorsEvaluation | undefined;
  /** What the CORS rules report from: undefined at once when CORS cannot concern the exchange. */
  readonly corsRuleEvaluation: CorsEvaluation | undefined;
  /** "GET /api/orders on api.example.com", and its host and redacted path, as finding texts name the request. */
  readonly label: string;
  readonly host: string;
  readonly path: string;
}

/** Token sources that hold the stripping tool's mark on a sanitized capture. */
const STRIPPED_SOURCES: ReadonlySet<string> = new Set(["authorization", "cookie", "set-cookie", "header", "dpop"]);

/**
 * What the views of one analysis share: readings keyed by value, not by exchange. A session
 * sends the same access token and gets the same challenge request after request; each distinct
 * one is decoded once per analysis.
 */
class SharedReadings {
  readonly tokens: ReadingMemo = newReadingMemo();
  readonly tokenText: TokenTextMemo = newTokenTextMemo();
  private lastChallenge: { readonly lines: readonly string[]; readonly parse: DetailedParse } | undefined;
  private lastPlaceholder: { readonly scheme: string; readonly credentials: string; readonly match: PlaceholderMatch | undefined } | undefined;
  private lastCredentials:
    | { readonly auth: string | undefined; readonly proxy: string | undefined; readonly cookie: string; readonly credentials: AttachedCredentials }
    | undefined;
  private lastCookie: { readonly cookie: string; readonly candidates: readonly Candidate[] } | undefined;

  constructor(private readonly stripped: boolean) {}

  /**
   * What a request carried, from its combined credential fields. The requests of a session carry
   * the same Authorization and Cookie fields one after another: they share one reading (it is
   * never modified), compared by value with the fields read last.
   */
  credentials(x: Exchange, auth: string | undefined, proxy: string | undefined, cookie: string | undefined): AttachedCredentials {
    // Without a Cookie field, the names come from HAR `request.cookies`, which differ by request.
    if (cookie === undefined) return credentialsFrom(x, auth, proxy, cookie, this.stripped);
    const known = this.lastCredentials;
    if (known && known.cookie === cookie && known.auth === auth && known.proxy === proxy) return known.credentials;
    const credentials = credentialsFrom(x, auth, proxy, cookie, this.stripped);
    this.lastCredentials = { auth, proxy, cookie, credentials };
    return credentials;
  }

  /** The token candidates of a Cookie field, the field read last kept: a session sends the same one. */
  cookieCandidates(cookie: string): readonly Candidate[] {
    const known = this.lastCookie;
    if (known && known.cookie === cookie) return known.candidates;
    const candidates = cookieHeaderCandidates(cookie);
    this.lastCookie = { cookie, candidates };
    return candidates;
  }

  /** parseDetailed, the challenge parsed last kept: the challenged responses of a capture mostly carry the same one. */
  readonly parseChallenge = (lines: readonly string[]): DetailedParse => {
    const known = this.lastChallenge;
    if (known && known.lines.length === lines.length && known.lines.every((l, i) => l === lines[i])) return known.parse;
    const parse = parseDetailed(lines);
    this.lastChallenge = { lines, parse };
    return parse;
  };

  /** findPlaceholder, the verdict on the credentials judged last kept: a session sends the same ones. */
  placeholder(auth: AuthorizationValue): PlaceholderMatch | undefined {
    const known = this.lastPlaceholder;
    if (known && known.credentials === auth.credentials && known.scheme === auth.scheme) return known.match;
    const match = findPlaceholder(auth);
    this.lastPlaceholder = { scheme: auth.scheme, credentials: auth.credentials, match };
    return match;
  }
}

/** The credential fields, read in one pass over a request's lines. */
const CREDENTIAL_FIELDS = fieldNames(["authorization", "proxy-authorization", "cookie"]);
const CHALLENGE_FIELDS = fieldNames(CHALLENGE_HEADERS);
const NO_CHALLENGES: readonly undefined[] = CHALLENGE_HEADERS.map(() => undefined);
const NO_LINES: readonly string[] = [];

/** A field's combined value (RFC 9110 §5.3) from its lines as headerValueLists gives them. */
function combined(lines: readonly string[] | undefined): string | undefined {
  return lines === undefined ? undefined : lines.length === 1 ? lines[0] : lines.join(", ");
}

/** Marks a member not read yet (undefined is an answer). */
const UNREAD: unique symbol = Symbol("unread");
type Lazy<T> = T | typeof UNREAD;

class PreparedExchange implements ExchangeView {
  private _request: HeaderIndex | undefined;
  private _response: HeaderIndex | undefined;
  private _credentials: AttachedCredentials | undefined;
  private _credentialLines: readonly (string[] | undefined)[] | undefined;
  private _placeholder: Lazy<PlaceholderMatch | undefined> = UNREAD;
  private _setCookieLines: readonly string[] | undefined;
  private _challenges: Lazy<readonly (ChallengeField | undefined)[]> = UNREAD;
  private _tokens: readonly LocatedToken[] | undefined;
  private _tokenRequest: TokenRequest | undefined;
  private _corsAll: Lazy<CorsEvaluation | undefined> = UNREAD;
  private _corsFindings: Lazy<CorsEvaluation | undefined> = UNREAD;
  private _corsRule: Lazy<CorsEvaluation | undefined> = UNREAD;
  private _names: UrlNames | undefined;
  private _label: string | undefined;

  constructor(
    readonly exchange: Exchange,
    private readonly analysis: Analysis,
  ) {}

  get request(): HeaderIndex {
    this._request ??= indexHeaders(this.exchange.request.headers);
    return this._request;
  }

  get response(): HeaderIndex {
    this._response ??= this.exchange.response ? indexHeaders(this.exchange.response.headers) : NO_HEADERS;
    return this._response;
  }

  get credentials(): AttachedCredentials {
    if (this._credentials === undefined) {
      const lines = this.credentialLines;
      this._credentials = this.analysis.shared.credentials(this.exchange, combined(lines[0]), combined(lines[1]), combined(lines[2]));
    }
    return this._credentials;
  }

  /**
   * Authorization, Proxy-Authorization and Cookie, read in one pass over the request's lines:
   * every exchange is asked for them (the token rules first, for the Cookie field).
   */
  private get credentialLines(): readonly (string[] | undefined)[] {
    this._credentialLines ??= headerValueLists(this.exchange.request.headers, CREDENTIAL_FIELDS);
    return this._credentialLines;
  }

  /** The combined Cookie field. */
  private get cookie(): string | undefined {
    return combined(this.credentialLines[2]);
  }

  get placeholder(): PlaceholderMatch | undefined {
    if (this._placeholder === UNREAD) {
      const auth = this.credentials.authorization;
      this._placeholder = auth ? this.analysis.shared.placeholder(auth) : undefined;
    }
    return this._placeholder;
  }

  get setCookieLines(): readonly string[] {
    this._setCookieLines ??= this.exchange.response ? headerValues(this.exchange.response.headers, "set-cookie") : NO_LINES;
    return this._setCookieLines;
  }

  challenge(header: ChallengeHeader): ChallengeField | undefined {
    if (this._challenges === UNREAD) {
      // Both fields in one pass over the response's lines: most responses carry neither.
      const values = this.exchange.response ? headerValueLists(this.exchange.response.headers, CHALLENGE_FIELDS) : CHALLENGE_FIELDS.none;
      const parse = this.analysis.shared.parseChallenge;
      this._challenges =
        values === CHALLENGE_FIELDS.none ? NO_CHALLENGES : CHALLENGE_HEADERS.map((h, i) => readChallengeField(h, values[i], parse));
    }
    return this._challenges[CHALLENGE_HEADERS.indexOf(header)];
  }

  get tokens(): readonly LocatedToken[] {
    if (this._tokens === undefined) {
      const cookie = this.cookie;
      const fields: CookieFields =
        cookie === undefined
          ? { cookie, setCookieLines: this.setCookieLines }
          : { cookie, cookieCandidates: this.analysis.shared.cookieCandidates(cookie), setCookieLines: this.setCookieLines };
      const all = locatedTokensOf(this.exchange, this.analysis.options, this.analysis.shared.tokens, fields);
      this._tokens = this.analysis.stripped ? all.filter((l) => !STRIPPED_SOURCES.has(l.source)) : all;
    }
    return this._tokens;
  }

  get tokenText(): TokenTextMemo {
    return this.analysis.shared.tokenText;
  }

  get tokenRequest(): TokenRequest {
    this._tokenRequest ??= tokenRequestOf(this.exchange);
    return this._tokenRequest;
  }

  cors(scope: Scope): CorsEvaluation | undefined {
    if (scope === "all") {
      if (this._corsAll === UNREAD) this._corsAll = evaluateExchange(this.exchange, this.analysis.capture, "all");
      return this._corsAll;
    }
    if (this._corsFindings === UNREAD) this._corsFindings = evaluateExchange(this.exchange, this.analysis.capture, "findings");
    return this._corsFindings;
  }

  get corsRuleEvaluation(): CorsEvaluation | undefined {
    if (this._corsRule === UNREAD) this._corsRule = mayConcernCors(this.exchange) ? this.cors("findings") : undefined;
    return this._corsRule;
  }

  private get names(): UrlNames {
    this._names ??= urlNames(this.exchange.request.url);
    return this._names;
  }

  get label(): string {
    this._label ??= labelOf(this.exchange.request.method, this.names);
    return this._label;
  }

  get host(): string {
    return this.names.host;
  }

  get path(): string {
    return this.names.path;
  }
}

/** What every view of one analysis reads from it. */
interface Analysis {
  readonly capture: CaptureLookup;
  readonly options: AnalysisOptions;
  readonly stripped: boolean;
  readonly shared: SharedReadings;
}

/**
 * The views of one analysis: `view(x)` builds the exchange's view the first time it is asked
 * for and gives the same one after, for as long as the analysis (its context) lives.
 */
export function exchangeViews(capture: CaptureLookup, facts: CaptureFacts, options: AnalysisOptions): ExchangeViews {
  const stripped = facts.credentialsStripped !== undefined;
  const analysis: Analysis = { capture, options, stripped, shared: new SharedReadings(stripped) };
  const views = new Map<Exchange, ExchangeView>();
  const view = (x: Exchange) => {
    let v = views.get(x);
    if (v === undefined) {
      v = new PreparedExchange(x, analysis);
      views.set(x, v);
    }
    return v;
  };
  return Object.assign(view, { forget: () => views.clear() });
}

/**
 * The views of one analysis, and a way to let them go: the analysis judges one exchange after
 * another, and a view is asked for again rarely (a request's preflight), so the views of the
 * exchange judged last are dropped when the next is judged instead of being held for the whole
 * capture (what is shared by value, the decoded tokens above all, stays).
 */
export type ExchangeViews = ((x: Exchange) => ExchangeView) & { forget(): void };
