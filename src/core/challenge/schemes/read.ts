/** Readings shared by several explainers: space-separated lists, durations, short quotes. */

/** RFC 6749 §3.3 and RFC 9449 §7.1 lists: values separated by spaces. */
export function spaceList(value: string): string[] {
  return value.split(" ").filter((v) => v !== "");
}

export function listReading(value: string, noun: string, plural = `${noun}s`): string | undefined {
  const items = spaceList(value);
  if (items.length === 0) return `no ${plural}`;
  if (items.length === 1) return `one ${noun}: ${items[0]}`;
  const shown = items.slice(0, 12).join(", ");
  return `${items.length} ${plural}: ${shown}${items.length > 12 ? ", …" : ""}`;
}

/** A value that should be a number of seconds, e.g. max_age. */
export function secondsOf(value: string): number | undefined {
  return /^\d{1,12}$/.test(value) ? Number(value) : undefined;
}

/** 300 → "5 minutes", 90061 → "1 day, 1 hour, 1 minute and 1 second". */
export function duration(seconds: number): string {
  const units: readonly [number, string][] = [
    [86_400, "day"],
    [3_600, "hour"],
    [60, "minute"],
    [1, "second"],
  ];
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, name] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n} ${name}${n === 1 ? "" : "s"}`);
  }
  if (parts.length === 0) return "0 seconds";
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
}

export function secondsReading(value: string): string | undefined {
  const s = secondsOf(value);
  return s === undefined ? "not a number of seconds" : s >= 60 ? duration(s) : undefined;
}

/** A value inside a sentence, cut to a readable length. */
export function short(value: string, max = 120): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** "a", "a or b", "a, b or c" */
export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}
