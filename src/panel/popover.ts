/**
 * Popovers and dialogs of the panel (the settings menu, the search syntax, a capture dialog):
 * each closes on Esc, the latest opened first, and a popover also on a click outside it.
 *
 * Esc is heard once, by the panel's own key handler (App), which asks `dismissTopPopover` first
 * and closes the detail pane only when no popover was open. The handler stops the key there:
 * DevTools takes an Esc that reaches the panel's document as its own shortcut (it opens the
 * console drawer), which a person closing a popover does not mean.
 */
import type { RefObject } from "preact";
import { useEffect, useRef } from "preact/hooks";

/** The open popovers' close functions, the latest opened last. */
const open: (() => void)[] = [];

/** Closes the popover opened last, if any: whether one was closed (the Esc was used). */
export function dismissTopPopover(): boolean {
  const close = open.pop();
  if (!close) return false;
  close();
  return true;
}

/**
 * While `isOpen`, Esc calls `close` (through `dismissTopPopover`), and so does a press of the
 * pointer outside `inside` when it is given (a dialog has no outside: it has its own Cancel).
 */
export function usePopover(isOpen: boolean, close: () => void, inside?: RefObject<HTMLElement | null>): void {
  // The latest `close` is called; a new function each render does not reorder the open popovers.
  const latest = useRef(close);
  latest.current = close;
  useEffect(() => {
    if (!isOpen) return;
    const entry = () => latest.current();
    open.push(entry);
    const onPointer = (e: PointerEvent) => {
      const el = inside?.current;
      if (!el || !(e.target instanceof Node) || el.contains(e.target)) return;
      latest.current();
    };
    if (inside) document.addEventListener("pointerdown", onPointer, true);
    return () => {
      const i = open.indexOf(entry);
      if (i >= 0) open.splice(i, 1);
      if (inside) document.removeEventListener("pointerdown", onPointer, true);
    };
  }, [isOpen, inside]);
}
