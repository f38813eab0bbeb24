// The shared data table (~/ui/data-table) writes the markup the lists relied on by hand: a caption,
// headers with scope, the row's name as a row header, `num` on numeric header and cells, one
// full-width line when empty (the checkbox column counted), totals in tfoot, bars hidden.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable, type Column, type DataTableProps } from "~/ui/data-table";

type Row = { name: string; count: number };
const columns: Column<Row>[] = [
  { id: "name", header: "이름", rowHeader: true, cell: (r) => r.name },
  { id: "count", header: "건수", numeric: true, cell: (r) => r.count },
  { id: "bar", header: "막대", hideHeader: true, decorative: true, className: "bar-cell", cell: () => "▇" },
];
const render = (props: Partial<DataTableProps<Row>>) =>
  renderToStaticMarkup(createElement(DataTable<Row>, { caption: "표", columns, rows: [], rowKey: (r) => r.name, ...props }));

describe("DataTable", () => {
  it("writes the caption, scoped column headers and each row's name as a row header", () => {
    const html = render({ rows: [{ name: "가", count: 3 }] });
    expect(html).toBe(
      '<div class="table-wrap"><table><caption>표</caption><thead><tr><th scope="col">이름</th><th scope="col" class="num">건수</th>' +
        '<th scope="col"><span class="visually-hidden">막대</span></th></tr></thead><tbody><tr><th scope="row">가</th><td class="num">3</td>' +
        '<td class="bar-cell" aria-hidden="true">▇</td></tr></tbody></table></div>',
    );
  });

  it("shows the empty text across every column, the checkbox column included, and nothing without it", () => {
    const select = { header: "선택", cell: (r: Row) => `☐${r.name}` };
    expect(render({ empty: "없음", select })).toContain('<tbody><tr><td colSpan="4">없음</td></tr></tbody>');
    expect(render({})).toContain("<tbody></tbody>");
    const html = render({ rows: [{ name: "가", count: 1 }], select, rowProps: () => ({ "data-reference": "가" }) });
    expect(html).toContain('<th scope="col">선택</th><th scope="col">이름</th>');
    expect(html).toContain('<tr data-reference="가"><td>☐가</td><th scope="row">가</th>');
  });

  it("draws totals with the same columns in tfoot, and names a wide table's scroll region", () => {
    const html = render({
      rows: [{ name: "가", count: 1 }],
      footer: [{ name: "합계", count: 1 }],
      scrollLabel: "옆으로",
      describedBy: "hint",
      className: "wide-table",
    });
    expect(html).toContain('<tfoot><tr><th scope="row">합계</th><td class="num">1</td>');
    expect(html).toMatch(
      /^<div class="table-wrap" role="region" aria-label="옆으로" tabindex="0"><table class="wide-table" aria-describedby="hint">/,
    );
  });
});
