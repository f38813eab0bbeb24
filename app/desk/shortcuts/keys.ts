// Keyboard shortcuts of the queue and the ticket page, as a pure function of the key pressed, where
// focus is and the half-typed sequence ("g" waiting for "q"): tested without a browser. Shortcuts
// never fire while a person types in a field, nor with Ctrl/Alt/⌘ (those belong to the browser).

export type ShortcutPage = "queue" | "ticket";
export type ShortcutAction = "next" | "prev" | "open" | "reply" | "assignMe" | "search" | "goQueue" | "help";

/** The shortcuts as the help dialog lists them, per page (keys as typed, one after the other). */
export const SHORTCUTS: Record<ShortcutPage, Array<{ keys: string[]; action: ShortcutAction }>> = {
  queue: [
    { keys: ["j"], action: "next" },
    { keys: ["k"], action: "prev" },
    { keys: ["Enter"], action: "open" },
    { keys: ["/"], action: "search" },
    { keys: ["g", "q"], action: "goQueue" },
    { keys: ["?"], action: "help" },
  ],
  ticket: [
    { keys: ["r"], action: "reply" },
    { keys: ["a"], action: "assignMe" },
    { keys: ["g", "q"], action: "goQueue" },
    { keys: ["?"], action: "help" },
  ],
};

/** What the handler needs of a focused element. */
export type FocusTarget = { tagName: string; type?: string; isContentEditable?: boolean; role?: string | null } | null;

export type KeyPress = { key: string; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean; target: FocusTarget };

/** Inputs where a key press is not text: j/k may move on from them. */
const NON_TEXT_INPUTS = new Set(["checkbox", "radio", "button", "submit", "reset", "file", "image", "color", "range"]);

/** Whether focus is somewhere the person types (a text field, a text area, a select, editable content). */
export function isTypingTarget(target: FocusTarget): boolean {
  if (!target) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName.toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") return !NON_TEXT_INPUTS.has((target.type ?? "text").toLowerCase());
  return target.role === "textbox" || target.role === "combobox" || target.role === "searchbox";
}

/** Focus on something Enter already acts on (a link, a button, a form control). */
function isActionable(target: FocusTarget): boolean {
  if (!target) return false;
  const tag = target.tagName.toUpperCase();
  return tag === "A" || tag === "BUTTON" || tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || tag === "SUMMARY";
}

/** How long "g" waits for its second key. */
export const SEQUENCE_MS = 1500;

/**
 * The action of a key press on a page, and the sequence still waiting afterwards. `pending` is
 * "g" after a lone "g" (within SEQUENCE_MS, which the caller tracks).
 */
export function resolveShortcut(
  press: KeyPress,
  page: ShortcutPage,
  pending: "g" | null,
): { action: ShortcutAction | null; pending: "g" | null } {
  const none = { action: null, pending: null } as const;
  if (press.ctrlKey || press.metaKey || press.altKey) return none;
  if (isTypingTarget(press.target)) return none;
  const key = press.key;
  if (pending === "g") return key === "q" ? { action: "goQueue", pending: null } : none;
  if (key === "g") return { action: null, pending: "g" };
  if (key === "?") return { action: "help", pending: null };
  if (page === "queue") {
    if (key === "j") return { action: "next", pending: null };
    if (key === "k") return { action: "prev", pending: null };
    if (key === "/") return { action: "search", pending: null };
    // Enter on a link or button already does what it says: only a bare page opens the current row.
    if (key === "Enter" && !isActionable(press.target)) return { action: "open", pending: null };
    return none;
  }
  if (key === "r") return { action: "reply", pending: null };
  if (key === "a") return { action: "assignMe", pending: null };
  return none;
}

/** The row after moving from `current` (-1: none yet) by `step`, staying within `count` rows. */
export function moveRow(current: number, step: 1 | -1, count: number): number {
  if (count <= 0) return -1;
  if (current < 0) return step === 1 ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, current + step));
}
