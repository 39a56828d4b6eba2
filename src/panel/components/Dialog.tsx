import type { ComponentChildren } from "preact";
import { createPortal } from "preact/compat";
import { usePopover } from "../popover.ts";

interface Props {
  title: string;
  children: ComponentChildren;
  confirm: string;
  onConfirm(): void;
  onCancel(): void;
}

/**
 * A small in-panel dialog that explains a capture setting before the browser asks for it. It is
 * drawn over the whole panel from the document's body, whatever opened it: a control inside the
 * settings menu or the toolbar lends it neither its one-line text nor its hiding. Esc cancels.
 */
export function Dialog({ title, children, confirm, onConfirm, onCancel }: Props) {
  usePopover(true, onCancel);
  return createPortal(
    <div class="dialog-backdrop">
      <div class="dialog" role="dialog" aria-modal="true" aria-label={title}>
        <h2>{title}</h2>
        <div class="dialog-body">{children}</div>
        <div class="dialog-actions">
          <button type="button" class="secondary" onClick={onCancel}>
            Cancel
          </button>
          <button type="button" class="primary" onClick={onConfirm}>
            {confirm}
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
