// One accessible data table for the desk's lists and reports: a caption, column headers with
// scope, the row's name as a row header, numbers right-aligned (`num`), an optional line when
// there are no rows, and an optional first column of row checkboxes (the bulk lists).
// The table stays a direct child of `.table-wrap` (the small-screen scroll rules in app.css).
import { Link } from "@remix-run/react";
import type { HTMLAttributes, ReactNode } from "react";

/** Where a cell's content links to; `label` names the link when its text alone is not enough. */
export type CellLink = { to: string; className?: string; label?: string };

export type Column<Row> = {
  /** Stable React key of the column. */
  id: string;
  header: ReactNode;
  /** Read by screen readers only (a column of bars, a column of checkboxes before hydration). */
  hideHeader?: boolean;
  cell: (row: Row, index: number) => ReactNode;
  /** The row's name: rendered as `<th scope="row">`. */
  rowHeader?: boolean;
  /** A count or a rate: right-aligned with tabular figures, header and cells alike. */
  numeric?: boolean;
  /** Wraps the cell's content in a link; null leaves that row's cell as plain content. */
  link?: (row: Row) => CellLink | null;
  className?: string;
  /** Decoration only (bars beside their numbers): hidden from assistive technology. */
  decorative?: boolean;
};

type RowAttributes = HTMLAttributes<HTMLTableRowElement> & { [data: `data-${string}`]: string | undefined };

/** A first column of checkboxes: the header's "select all" and each row's own box. */
export type RowSelection<Row> = { header: ReactNode; cell: (row: Row) => ReactNode };

export type DataTableProps<Row> = {
  caption: ReactNode;
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row, index: number) => string | number;
  /** Shown in one full-width cell when there are no rows; without it the body stays empty. */
  empty?: ReactNode;
  select?: RowSelection<Row>;
  rowProps?: (row: Row) => RowAttributes;
  /** Rows of totals, drawn with the same columns in `<tfoot>`. */
  footer?: readonly Row[];
  className?: string;
  describedBy?: string;
  /** Sets aria-busy on the wrapper while the list reloads. */
  busy?: boolean;
  /** A wide table: its wrapper becomes a named, focusable scroll region. */
  scrollLabel?: string;
  /** Inside the wrapper, after the table (a "show all" link). */
  after?: ReactNode;
};

export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  select,
  rowProps,
  footer,
  className,
  describedBy,
  busy,
  scrollLabel,
  after,
}: DataTableProps<Row>) {
  const span = columns.length + (select ? 1 : 0);
  const region = scrollLabel ? { role: "region", "aria-label": scrollLabel, tabIndex: 0 } : {};
  return (
    <div className="table-wrap" aria-busy={busy} {...region}>
      <table className={className} aria-describedby={describedBy}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {select ? <th scope="col">{select.header}</th> : null}
            {columns.map((c) => (
              <th key={c.id} scope="col" className={c.numeric ? "num" : undefined}>
                {c.hideHeader ? <span className="visually-hidden">{c.header}</span> : c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && empty !== undefined ? (
            <tr>
              <td colSpan={span}>{empty}</td>
            </tr>
          ) : (
            rows.map((row, i) => (
              <tr key={rowKey(row, i)} {...rowProps?.(row)}>
                {select ? <td>{select.cell(row)}</td> : null}
                {columns.map((c) => (
                  <Cell key={c.id} column={c} row={row} index={i} />
                ))}
              </tr>
            ))
          )}
        </tbody>
        {footer?.length ? (
          <tfoot>
            {footer.map((row, i) => (
              <tr key={rowKey(row, i)}>
                {select ? <td /> : null}
                {columns.map((c) => (
                  <Cell key={c.id} column={c} row={row} index={i} />
                ))}
              </tr>
            ))}
          </tfoot>
        ) : null}
      </table>
      {after}
    </div>
  );
}

function Cell<Row>({ column, row, index }: { column: Column<Row>; row: Row; index: number }) {
  const content = column.cell(row, index);
  const link = column.link?.(row);
  const inner = link ? (
    <Link to={link.to} className={link.className} aria-label={link.label}>
      {content}
    </Link>
  ) : (
    content
  );
  const className = [column.numeric ? "num" : "", column.className ?? ""].filter(Boolean).join(" ") || undefined;
  const hidden = column.decorative ? true : undefined;
  if (column.rowHeader) {
    return (
      <th scope="row" className={className} aria-hidden={hidden}>
        {inner}
      </th>
    );
  }
  return (
    <td className={className} aria-hidden={hidden}>
      {inner}
    </td>
  );
}
