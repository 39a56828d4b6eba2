import type { DeliveryGap } from "../../capture/delivery.ts";

/** HH:MM:SS on the local clock, as the Network panel shows times. */
function clockTime(at: number): string {
  return new Date(at).toLocaleTimeString("en-GB", { hour12: false });
}

/**
 * Requests the background observed but could not hand to the panel, counted exactly from its
 * numbering (capture/delivery.ts): the list is incomplete, and says so rather than nothing.
 */
export function RestartNotice({ gap }: { gap: DeliveryGap }) {
  const n = gap.missing;
  return (
    <div class="banner restarted" role="status" data-missing={n}>
      {n} request{n === 1 ? "" : "s"} may be missing:{" "}
      {gap.restartedAt !== undefined
        ? `the background was restarted at ${clockTime(gap.restartedAt)} and could not deliver ${n === 1 ? "it" : "them"}.`
        : `the background could not deliver ${n === 1 ? "it" : "them"}.`}
    </div>
  );
}
