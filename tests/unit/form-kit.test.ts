// The form kit's markup: the id scheme, hints and errors tied to their control, and what a ticked
// box sends.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CheckboxField, SelectField } from "~/ui/form";

describe("form kit", () => {
  it('a ticked box sends "on" unless it says otherwise', () => {
    expect(renderToStaticMarkup(createElement(CheckboxField, { name: "confirm", label: "확인했습니다" }))).toContain('value="on"');
    expect(renderToStaticMarkup(createElement(CheckboxField, { name: "confirm", label: "확인했습니다", value: "yes" }))).toContain(
      'value="yes"',
    );
  });

  it("a filter's select: scoped id, hint and error described, invalid, no optional mark, typed value chosen", () => {
    const html = renderToStaticMarkup(
      createElement(SelectField, {
        name: "channel",
        scope: "bulk-form",
        label: "경로",
        layout: "filter",
        hint: "고르면 좁혀집니다",
        error: "다시 골라 주세요",
        placeholder: "모든 경로",
        options: [
          { value: "web", label: "온라인 문의" },
          { value: "fax", label: "팩스" },
        ],
        defaultValue: "fax",
      }),
    );
    expect(html).toContain('<label for="field-bulk-form-channel">경로</label>');
    expect(html).toContain('id="field-bulk-form-channel-hint"');
    expect(html).toContain('id="field-bulk-form-channel-error"');
    expect(html).toContain('aria-describedby="field-bulk-form-channel-hint field-bulk-form-channel-error"');
    expect(html).toContain('aria-invalid="true"');
    expect(html).toContain('<option value="">모든 경로</option>');
    expect(html).toMatch(/<option value="fax" selected="">팩스<\/option>/);
  });

  it("an inline field sits beside its control", () => {
    const html = renderToStaticMarkup(
      createElement(SelectField, { name: "macro", label: "상용구", layout: "inline", options: [{ value: "a", label: "접수 안내" }] }),
    );
    expect(html).toMatch(/^<div class="field field-inline">/);
  });
});
