/**
 * The panel's capture settings, where they touch browser APIs: optional host permissions for
 * full capture, and the optional debugger permission for Chromium's precise mode. Both are asked
 * for only when the user turns them on, from the click that does so (a user gesture).
 */
import browser from "webextension-polyfill";

export interface CaptureAccess {
  /** Origins for which webRequest capture is granted. */
  granted: string[];
}

function patternOf(origin: string): string {
  // Firefox match patterns have no port: one with a port is never granted nor contained.
  return __AUTHLENS_BROWSER__ === "firefox" ? `${origin.replace(/:\d+$/, "")}/*` : `${origin}/*`;
}

export async function hostAccess(origins: readonly string[]): Promise<CaptureAccess> {
  const granted: string[] = [];
  for (const o of origins) {
    try {
      if (await browser.permissions.contains({ origins: [patternOf(o)] })) granted.push(o);
    } catch {
      // An origin the browser cannot grant (chrome://, file://): not capturable.
    }
  }
  return { granted };
}

export async function requestHostAccess(origins: readonly string[]): Promise<boolean> {
  try {
    return await browser.permissions.request({ origins: origins.map(patternOf) });
  } catch {
    return false;
  }
}

/** Precise mode needs chrome.debugger: Chromium only, declared as an optional permission. */
export function preciseModeAvailable(): boolean {
  const manifest = browser.runtime.getManifest() as { optional_permissions?: string[]; permissions?: string[] };
  return [...(manifest.optional_permissions ?? []), ...(manifest.permissions ?? [])].includes("debugger");
}

export async function requestDebugger(): Promise<boolean> {
  try {
    if (await browser.permissions.contains({ permissions: ["debugger"] as never[] })) return true;
    return await browser.permissions.request({ permissions: ["debugger"] as never[] });
  } catch {
    return false;
  }
}
