import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hasInvisible, visibleText } from "../../src/core/text/visible.ts";

describe("visibleText", () => {
  it("shows bidi overrides, isolates and marks as escapes: a claim cannot read backwards", () => {
    expect(visibleText("\u202Egnp.exe")).toBe("⟨U+202E⟩gnp.exe");
    expect(visibleText("a\u202Ab\u202Bc\u202Cd\u202De")).toBe("a⟨U+202A⟩b⟨U+202B⟩c⟨U+202C⟩d⟨U+202D⟩e");
    expect(visibleText("\u2066x\u2067y\u2068z\u2069")).toBe("⟨U+2066⟩x⟨U+2067⟩y⟨U+2068⟩z⟨U+2069⟩");
    expect(visibleText("\u200Eltr\u200Frtl\u061C")).toBe("⟨U+200E⟩ltr⟨U+200F⟩rtl⟨U+061C⟩");
  });

  it("shows invisible characters and controls, keeps tabs, newlines, joiners and ordinary text", () => {
    expect(visibleText("a\u200Bb\uFEFFc\u0000d\u001Be\u0085")).toBe("a⟨U+200B⟩b⟨U+FEFF⟩c⟨U+0000⟩d⟨U+001B⟩e⟨U+0085⟩");
    for (const keep of ["tab\there", "line\nbreak", "👩\u200D💻", "عربى", "日本語", "plain"]) expect(visibleText(keep)).toBe(keep);
  });

  it("leaves no control behind, whatever the input", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (s) => {
        expect(hasInvisible(visibleText(s))).toBe(false);
      }),
    );
  });
});
