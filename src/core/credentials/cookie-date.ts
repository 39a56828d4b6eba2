/**
 * The cookie-date algorithm (RFC 6265bis §5.1.1, unchanged from RFC 6265 §5.1.1): browsers read
 * Expires leniently, token by token, so "Wed, 21 Oct 2015 07:28:00 GMT", "Wednesday, 21-Oct-15
 * 07:28:00 GMT" and "Wed Oct 21 07:28:00 2015" all work. Returns ms since the epoch (UTC), or
 * undefined when the algorithm says "fail to parse".
 */

// delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
// biome-ignore lint/suspicious/noControlCharactersInRegex: the grammar lists HTAB (%x09) as a delimiter.
const DELIMITER = /[\x09\x20-\x2f\x3b-\x40\x5b-\x60\x7b-\x7e]+/;
const TIME = /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[^\d]|$)/;
const DAY = /^(\d{1,2})(?:[^\d]|$)/;
const YEAR = /^(\d{2,4})(?:[^\d]|$)/;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

export function parseCookieDate(text: string): number | undefined {
  let time: [number, number, number] | undefined;
  let day: number | undefined;
  let month: number | undefined;
  let year: number | undefined;
  // Expires values are short; a bound keeps a hostile header from costing more.
  for (const token of text.slice(0, 256).split(DELIMITER)) {
    if (token === "") continue;
    const t = time === undefined ? TIME.exec(token) : null;
    if (t) {
      time = [Number(t[1]), Number(t[2]), Number(t[3])];
      continue;
    }
    const d = day === undefined ? DAY.exec(token) : null;
    if (d) {
      day = Number(d[1]);
      continue;
    }
    if (month === undefined) {
      const m = MONTHS.indexOf(token.slice(0, 3).toLowerCase());
      if (m !== -1) {
        month = m;
        continue;
      }
    }
    const y = year === undefined ? YEAR.exec(token) : null;
    if (y) year = Number(y[1]);
  }
  if (year !== undefined && year >= 70 && year <= 99) year += 1900;
  if (year !== undefined && year >= 0 && year <= 69) year += 2000;
  if (time === undefined || day === undefined || month === undefined || year === undefined) return undefined;
  const [h, min, s] = time;
  if (day < 1 || day > 31 || year < 1601 || h > 23 || min > 59 || s > 59) return undefined;
  const ms = Date.UTC(year, month, day, h, min, s);
  // "If the date does not exist (e.g. 31 February), abort": Date.UTC would roll it over.
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}
