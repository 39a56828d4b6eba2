/** The toolbar's few icons, drawn in the text colour (no icon font: DevTools' own is not ours to load). */
const PATHS = {
  /** A gear: the settings menu. */
  settings:
    "M8 5.5a2.5 2.5 0 1 0 0 5 2.5 2.5 0 0 0 0-5Zm5.6 3.3 1.3 1-1.3 2.3-1.6-.5a5 5 0 0 1-1.4.8L10.3 14H7.7l-.3-1.6a5 5 0 0 1-1.4-.8l-1.6.5-1.3-2.3 1.3-1a5 5 0 0 1 0-1.6l-1.3-1 1.3-2.3 1.6.5a5 5 0 0 1 1.4-.8L7.7 2h2.6l.3 1.6a5 5 0 0 1 1.4.8l1.6-.5 1.3 2.3-1.3 1a5 5 0 0 1 0 1.6Z",
  /** An arrow down onto a line: save (export) a file. */
  download: "M7.25 2h1.5v7.1l2.7-2.7 1.06 1.06L8 12 3.5 7.46 4.56 6.4l2.69 2.7V2ZM3 13.5h10V15H3v-1.5Z",
  /** An arrow up from a line: open (import) a file. */
  upload: "M8 1 12.5 5.54 11.44 6.6 8.75 3.9V11h-1.5V3.9L4.56 6.6 3.5 5.54 8 1ZM3 13.5h10V15H3v-1.5Z",
  /** An arrow left: back to the list. */
  back: "M6.6 3.5 7.66 4.56 5 7.25h8v1.5H5l2.66 2.69L6.6 12.5 2.1 8l4.5-4.5Z",
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg class="icon" width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="currentColor" fill-rule={name === "settings" ? "evenodd" : undefined} />
    </svg>
  );
}
