import type { ReactNode } from "react";

/** A column's header; `hidden` keeps it for screen readers only (an actions column, say). */
export type Column = string | { label: string; hidden: true };

/**
 * A table of rows under column headers that scrolls inside its frame on a narrow screen: the
 * frame is a region named by `labelledBy`, focusable so that keyboard users can scroll it.
 */
export function DataTable({ labelledBy, caption, columns, className, children }: { labelledBy?: string; caption?: string; columns: Column[]; className?: string; children: ReactNode }) {
  return (
    <div className="table-wrap" {...(labelledBy ? { tabIndex: 0, role: "region", "aria-labelledby": labelledBy } : {})}>
      <table className={className ? `data ${className}` : "data"}>
        {caption && <caption className="visually-hidden">{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column) =>
              typeof column === "string" ? (
                <th scope="col" key={column}>
                  {column}
                </th>
              ) : (
                <th scope="col" key={column.label}>
                  <span className="visually-hidden">{column.label}</span>
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
