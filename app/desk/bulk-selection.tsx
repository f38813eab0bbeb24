// The bulk lists' checkbox column for ~/ui/data-table: "select all" in the header, a box per row.
import type { RowSelection } from "~/ui/data-table";
import { BulkRowCheckbox, BulkSelectAll } from "./bulk-ui";

export function bulkSelection(formId: string, selected: ReadonlySet<string>): RowSelection<{ reference: string }> {
  return {
    header: <BulkSelectAll formId={formId} />,
    cell: (row) => <BulkRowCheckbox formId={formId} reference={row.reference} checked={selected.has(row.reference)} />,
  };
}
