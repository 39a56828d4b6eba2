import type { DeliveryGap } from "../../capture/delivery.ts";

/** HH:MM:SS on the local clock, as the Network panel shows times. */
function clockTime(at: number): string {
  return new Date(at).toLocaleTimeString("en-GB", { hour12: false });
}

/**
 * Requests the background observed but could not hand to the panel, counted from its numbering
 * and from the starts it reported (capture/delivery.ts): the list is incomplete, and says so.
 * "May": a request that started before a restart and has not ended is counted until it ends.
 */
export function RestartNotice({ gap }: { gap: DeliveryGap }) {
  const n = gap.missing;
  return (
    <div class="banner restarted" role="status" data-missing={n}>
      {n} request{n === 1 ? "" : "s"} may be missing:{" "}
      {gap.restartedAt !== undefined
        ? `the background was restarted at ${clockTime(gap.restartedAt)}.`
        : `the background could not deliver ${n === 1 ? "it" : "them"}.`}
    </div>
  );
}
