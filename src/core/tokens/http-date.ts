/**
 * HTTP-date (RFC 9110 §5.6.7): IMF-fixdate, plus the two obsolete forms recipients must accept
 * (RFC 850 and asctime). Anything else is not a date. Returns ms since the epoch.
 */
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const IMF_FIXDATE = /^[A-Z][a-z]{2}, (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850 = /^[A-Z][a-z]+, (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

function at(year: number, month: string, day: number, h: string, m: string, s: string): number | undefined {
  const mi = MONTHS.indexOf(month);
  if (mi === -1) return undefined;
  const ms = Date.UTC(year, mi, day, Number(h), Number(m), Number(s));
  return Number.isFinite(ms) ? ms : undefined;
}

export function parseHttpDate(value: string): number | undefined {
  const v = value.trim();
  let m = IMF_FIXDATE.exec(v);
  if (m) return at(Number(m[3]), m[2]!, Number(m[1]), m[4]!, m[5]!, m[6]!);
  m = RFC850.exec(v);
  if (m) {
    // RFC 9110 §5.6.7: a two-digit year more than 50 years in the future is in the past century.
    // Without a clock, the century is read as 19xx for 70–99 and 20xx otherwise.
    const yy = Number(m[3]);
    return at(yy >= 70 ? 1900 + yy : 2000 + yy, m[2]!, Number(m[1]), m[4]!, m[5]!, m[6]!);
  }
  m = ASCTIME.exec(v);
  if (m) return at(Number(m[6]), m[1]!, Number(m[2]!.trim()), m[3]!, m[4]!, m[5]!);
  return undefined;
}
