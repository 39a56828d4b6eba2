/**
 * Colour for the text report: only when stdout is a terminal and the user has not opted out
 * through NO_COLOR (https://no-color.org: "when present and not an empty string"). Colour is
 * applied after wrapping, so escape sequences never count towards the line width.
 */
import type { Severity } from "../core/findings.ts";
import type { Io } from "./io.ts";

export interface Style {
  readonly enabled: boolean;
  severity(severity: Severity, text: string): string;
  bold(text: string): string;
  dim(text: string): string;
}

const SGR = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;
const bold = SGR(1, 22);
const dim = SGR(2, 22);
const red = SGR(31, 39);
const yellow = SGR(33, 39);
const cyan = SGR(36, 39);

const SEVERITY_COLOUR: Record<Severity, (text: string) => string> = {
  error: (t) => bold(red(t)),
  warning: yellow,
  info: cyan,
};

const identity = (text: string) => text;

export const PLAIN: Style = { enabled: false, severity: (_s, t) => t, bold: identity, dim: identity };
export const ANSI: Style = { enabled: true, severity: (s, t) => SEVERITY_COLOUR[s](t), bold, dim };

export function wantsColour(io: Io): boolean {
  const noColour = io.env.NO_COLOR;
  return io.stdoutIsTTY && (noColour === undefined || noColour === "");
}

export function styleFor(io: Io): Style {
  return wantsColour(io) ? ANSI : PLAIN;
}
