import type { TabChoice } from "../worker/protocol.ts";

/**
 * Standalone AuthLens: pick the tab to watch (tabs AuthLens may see: those of granted sites).
 * Titles and URLs come screened by the analysis worker (masked, invisible controls escaped).
 */
export function TabPicker({ tabs, onPick }: { tabs: readonly TabChoice[]; onPick(id: number): void }) {
  return (
    <div class="empty">
      <p class="empty-title">Which tab should AuthLens watch?</p>
      {tabs.length === 0 ? (
        <p>No tab of a site AuthLens may capture is open. Open the site, enable full capture for it from the DevTools panel, then reload this page.</p>
      ) : (
        <ul class="tab-list">
          {tabs.map((t) => (
            <li key={t.id}>
              <button type="button" class="tab-choice" onClick={() => onPick(t.id)} data-tab-id={t.id}>
                <span class="tab-title">{t.title}</span>
                <span class="host">{t.url}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
