import { useState } from "preact/hooks";
import type { CaptureStatus } from "../store.ts";
import { Dialog } from "./Dialog.tsx";

interface Props {
  capture: CaptureStatus;
  onEnableFullCapture(): void;
  onPrecise(on: boolean): void;
}

/** Full capture and precise mode: each explained before the browser asks for its permission. */
export function CaptureControls({ capture, onEnableFullCapture, onPrecise }: Props) {
  const [asking, setAsking] = useState<"full" | "precise" | undefined>();
  return (
    <>
      {capture.fullCapture === "on" ? (
        <span class="capture-state on" title={`webRequest capture for ${capture.origins.join(", ")}`}>
          Full capture on
        </span>
      ) : (
        <button type="button" class="tool-button" onClick={() => setAsking("full")} disabled={capture.origins.length === 0}>
          Enable full capture…
        </button>
      )}
      {capture.precise !== "unavailable" && (
        <label class="toggle" title="Chromium's own CORS and cookie verdicts, through the debugger API">
          <input
            type="checkbox"
            data-closes-menu
            checked={capture.precise === "on"}
            onChange={(e) => {
              if (e.currentTarget.checked) {
                e.currentTarget.checked = false;
                setAsking("precise");
              } else onPrecise(false);
            }}
          />
          Precise mode
        </label>
      )}
      {asking === "full" && (
        <Dialog
          title="Enable full capture for this site"
          confirm="Allow access…"
          onCancel={() => setAsking(undefined)}
          onConfirm={() => {
            setAsking(undefined);
            onEnableFullCapture();
          }}
        >
          <p>AuthLens then also watches these origins' requests through the browser's webRequest API:</p>
          <ul class="origins">
            {capture.origins.map((o) => (
              <li key={o}>
                <code>{o}</code>
              </li>
            ))}
          </ul>
          <p>
            This adds CORS preflights and Cookie headers exactly as sent, and, in Firefox, the requests the browser blocked for
            CORS, which its network log leaves out. The browser asks you to allow access to these sites. Nothing is sent anywhere.
          </p>
        </Dialog>
      )}
      {asking === "precise" && (
        <Dialog
          title="Turn on precise mode (Chromium)"
          confirm="Turn on"
          onCancel={() => setAsking(undefined)}
          onConfirm={() => {
            setAsking(undefined);
            onPrecise(true);
          }}
        >
          <p>
            AuthLens attaches Chromium's debugger to this tab to read Chromium's own verdicts: which CORS check failed, and
            which cookies it withheld or refused, with its reasons.
          </p>
          <p>
            While it is on, Chromium shows a bar saying that AuthLens started debugging this browser. Closing that bar, or this
            panel, turns precise mode off. Nothing is sent anywhere.
          </p>
        </Dialog>
      )}
    </>
  );
}
