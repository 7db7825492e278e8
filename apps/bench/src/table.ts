import { CLIENT_NAMES } from "./clients/client.js";
import { find, type ScenarioSummary } from "./summary.js";
import type { TargetCheck } from "./targets.js";

/** A number with thousands separators and `digits` decimals. */
export function fmt(n: number, digits = 0): string {
  if (!Number.isFinite(n)) return "–";
  return n.toLocaleString("en-US", {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
}

/** CPU time in the unit that reads best (µs below 10 ms). */
export function fmtCpu(us: number): string {
  return us >= 10_000 ? `${fmt(us / 1000, 1)} ms` : `${fmt(us)} µs`;
}

function ratio(a: number | undefined, b: number | undefined): string {
  if (a === undefined || b === undefined || !Number.isFinite(a / b)) return "–";
  const r = a / b;
  return `${r >= 10 ? fmt(r, 0) : fmt(r, 2)}×`;
}

function render(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows
    .map((r) =>
      r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  "),
    )
    .join("\n");
}

/**
 * The results as a text table: one line per scenario and client, with ratios to
 * `@aws-sdk/client-s3` and to the undici floor (throughput: higher is better; CPU: lower).
 *
 * @example
 * ```ts
 * console.log(resultTable(rows));
 * ```
 */
export function resultTable(rows: ScenarioSummary[]): string {
  const out: string[][] = [
    [
      "scenario",
      "client",
      "throughput",
      "CPU/op",
      "peak RSS",
      "thr÷sdk",
      "CPU÷sdk",
      "thr÷floor",
      "CPU÷floor",
    ],
  ];
  const scenarios = [...new Set(rows.map((r) => r.scenario))];
  for (const id of scenarios) {
    const sdk = find(rows, id, "aws-sdk");
    const floor = find(rows, id, "floor");
    for (const client of CLIENT_NAMES) {
      const r = find(rows, id, client);
      if (!r) continue;
      out.push([
        client === CLIENT_NAMES.find((c) => find(rows, id, c)) ? r.label : "",
        client,
        `${fmt(r.throughput, r.unit === "MiB/s" ? 1 : 0)} ${r.unit}`,
        fmtCpu(r.cpuUsPerOp),
        `${fmt(r.peakRssMiB)} MiB`,
        ratio(r.throughput, sdk?.throughput),
        ratio(r.cpuUsPerOp, sdk?.cpuUsPerOp),
        ratio(r.throughput, floor?.throughput),
        ratio(r.cpuUsPerOp, floor?.cpuUsPerOp),
      ]);
    }
  }
  return render(out);
}

/** The target checks as text lines. */
export function targetLines(checks: TargetCheck[]): string {
  return checks
    .map(
      (c) =>
        `${c.holds ? "  ok  " : "  MISS"}  ${c.target}: ${fmt(c.measured, 2)} (${c.kind === "max" ? "≤" : "≥"} ${fmt(c.bound, 2)})`,
    )
    .join("\n");
}

/** The same table in Markdown, for the README. */
export function markdownTable(rows: ScenarioSummary[]): string {
  const lines = resultTable(rows).split("\n");
  const header = lines[0]!.trim().split(/\s{2,}/);
  const body = rows.length
    ? [...new Set(rows.map((r) => r.scenario))].flatMap((id) => {
        const sdk = find(rows, id, "aws-sdk");
        const floor = find(rows, id, "floor");
        return CLIENT_NAMES.flatMap((client) => {
          const r = find(rows, id, client);
          if (!r) return [];
          return [
            `| ${r.label} | ${client} | ${fmt(r.throughput, r.unit === "MiB/s" ? 1 : 0)} ${r.unit} | ${fmtCpu(r.cpuUsPerOp)} | ${fmt(r.peakRssMiB)} MiB | ${ratio(r.throughput, sdk?.throughput)} | ${ratio(r.cpuUsPerOp, sdk?.cpuUsPerOp)} | ${ratio(r.throughput, floor?.throughput)} | ${ratio(r.cpuUsPerOp, floor?.cpuUsPerOp)} |`,
          ];
        });
      })
    : [];
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map((_, i) => (i < 2 ? " --- |" : " ---: |")).join("")}`,
    ...body,
  ].join("\n");
}
