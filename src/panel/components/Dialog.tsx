import type { ComponentChildren } from "preact";

interface Props {
  title: string;
  children: ComponentChildren;
  confirm: string;
  onConfirm(): void;
  onCancel(): void;
}

/** A small in-panel dialog that explains a capture setting before the browser asks for it. */
export function Dialog({ title, children, confirm, onConfirm, onCancel }: Props) {
  return (
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
    </div>
  );
}
