/** How many exchanges the capture keeps: the panel's "Keep" setting (no analysis here: the panel page imports it). */
export const DEFAULT_CAPTURE_LIMIT = 5_000;
/** The capture limits the panel offers (its "Keep" setting). */
export const CAPTURE_LIMITS: readonly number[] = [1_000, 5_000, 10_000, 20_000];
