// Keyboard shortcuts as a pure function: the right action per page, "g q" as a sequence, and
// nothing at all while a person types in a field or holds Ctrl/Alt/⌘.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isTypingTarget, moveRow, resolveShortcut, SHORTCUTS, type FocusTarget, type ShortcutPage } from "~/desk/shortcuts/keys";

const body: FocusTarget = { tagName: "BODY" };
const link: FocusTarget = { tagName: "A" };
const press = (key: string, target: FocusTarget = body, extra: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) => ({
  key,
  target,
  ...extra,
});

const typing: FocusTarget[] = [
  { tagName: "INPUT", type: "text" },
  { tagName: "INPUT", type: "search" },
  { tagName: "INPUT", type: "email" },
  { tagName: "INPUT", type: "date" },
  { tagName: "INPUT" },
  { tagName: "TEXTAREA" },
  { tagName: "SELECT" },
  { tagName: "DIV", isContentEditable: true },
  { tagName: "DIV", role: "textbox" },
];

describe("resolveShortcut", () => {
  it("maps the queue's keys", () => {
    expect(resolveShortcut(press("j"), "queue", null).action).toBe("next");
    expect(resolveShortcut(press("k", link), "queue", null).action).toBe("prev");
    expect(resolveShortcut(press("/"), "queue", null).action).toBe("search");
    expect(resolveShortcut(press("Enter"), "queue", null).action).toBe("open");
    expect(resolveShortcut(press("?"), "queue", null).action).toBe("help");
    // j/k move on from a row's checkbox too.
    expect(resolveShortcut(press("j", { tagName: "INPUT", type: "checkbox" }), "queue", null).action).toBe("next");
  });

  it("leaves Enter to the link or button that has focus", () => {
    for (const tagName of ["A", "BUTTON", "SUMMARY"]) expect(resolveShortcut(press("Enter", { tagName }), "queue", null).action).toBeNull();
  });

  it("maps the ticket page's keys, and not the queue's there", () => {
    expect(resolveShortcut(press("r"), "ticket", null).action).toBe("reply");
    expect(resolveShortcut(press("a"), "ticket", null).action).toBe("assignMe");
    expect(resolveShortcut(press("j"), "ticket", null).action).toBeNull();
    expect(resolveShortcut(press("r"), "queue", null).action).toBeNull();
  });

  it("reads g then q as one shortcut, and anything else after g as nothing", () => {
    const first = resolveShortcut(press("g"), "ticket", null);
    expect(first).toEqual({ action: null, pending: "g" });
    expect(resolveShortcut(press("q"), "ticket", first.pending)).toEqual({ action: "goQueue", pending: null });
    expect(resolveShortcut(press("j"), "queue", "g")).toEqual({ action: null, pending: null });
    expect(resolveShortcut(press("q"), "queue", null).action).toBeNull();
  });

  it("never fires while typing in a field or with a modifier, whatever the key, page or sequence", () => {
    const keys = Object.values(SHORTCUTS).flatMap((list) => list.flatMap((s) => s.keys));
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...keys), fc.string({ minLength: 1, maxLength: 3 })),
        fc.constantFrom<ShortcutPage>("queue", "ticket"),
        fc.constantFrom<"g" | null>("g", null),
        fc.constantFrom(...typing),
        (key, page, pending, target) => {
          expect(resolveShortcut(press(key, target), page, pending)).toEqual({ action: null, pending: null });
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...keys),
        fc.constantFrom<ShortcutPage>("queue", "ticket"),
        fc.constantFrom("ctrlKey", "metaKey", "altKey"),
        (key, page, modifier) => {
          expect(resolveShortcut(press(key, body, { [modifier]: true }), page, null).action).toBeNull();
        },
      ),
    );
  });

  it("does what the help dialog lists, on each page", () => {
    for (const page of ["queue", "ticket"] as const) {
      for (const s of SHORTCUTS[page]) {
        let pending: "g" | null = null;
        let action = null;
        for (const key of s.keys) ({ action, pending } = resolveShortcut(press(key), page, pending));
        expect(action).toBe(s.action);
      }
    }
  });
});

describe("isTypingTarget", () => {
  it("knows fields from other controls", () => {
    for (const target of typing) expect(isTypingTarget(target)).toBe(true);
    for (const target of [
      null,
      body,
      link,
      { tagName: "BUTTON" },
      { tagName: "INPUT", type: "checkbox" },
      { tagName: "INPUT", type: "radio" },
    ])
      expect(isTypingTarget(target)).toBe(false);
  });
});

describe("moveRow", () => {
  it("starts at the first (j) or last (k) row and stays within the rows", () => {
    expect(moveRow(-1, 1, 5)).toBe(0);
    expect(moveRow(-1, -1, 5)).toBe(4);
    expect(moveRow(4, 1, 5)).toBe(4);
    expect(moveRow(0, -1, 5)).toBe(0);
    expect(moveRow(2, 1, 5)).toBe(3);
    expect(moveRow(-1, 1, 0)).toBe(-1);
    fc.assert(
      fc.property(fc.integer({ min: -1, max: 50 }), fc.constantFrom<1 | -1>(1, -1), fc.integer({ min: 1, max: 50 }), (at, step, count) => {
        const next = moveRow(Math.min(at, count - 1), step, count);
        expect(next).toBeGreaterThanOrEqual(0);
        expect(next).toBeLessThan(count);
      }),
    );
  });
});
