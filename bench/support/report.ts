/** One printed table; `rows` hold already formatted cells. */
export interface BenchTable {
  title: string;
  columns: string[];
  rows: string[][];
  notes?: string[];
}

/** What one benchmark hands back: tables to print, raw figures for the JSON file. */
export interface BenchSection {
  name: string;
  tables: BenchTable[];
  data: Record<string, unknown>;
}

/** A plain-text table: left-aligned first column, right-aligned figures. */
export function renderTable(table: BenchTable): string {
  const widths = table.columns.map((c, i) => Math.max(c.length, ...table.rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [`## ${table.title}`, '', line(table.columns), rule, ...table.rows.map(line)];
  if (table.notes?.length) out.push('', ...table.notes.map((n) => `  ${n}`));
  return `${out.join('\n')}\n`;
}

export function renderSection(section: BenchSection): string {
  return section.tables.map(renderTable).join('\n');
}
