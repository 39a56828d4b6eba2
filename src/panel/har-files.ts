/**
 * HAR files out of the panel, all local: a download from a Blob (no network). Files coming in are
 * read by the analysis worker (worker/har-read.ts).
 */

export function harFileName(now = new Date()): string {
  return `authlens-${now.toISOString().slice(0, 19).replace(/:/g, "-")}.har`;
}

export function downloadText(name: string, text: string, type = "application/json"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  // The download has taken its copy once the click is handled; give it a moment before letting go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
