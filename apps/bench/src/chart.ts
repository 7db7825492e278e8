import { CLIENT_NAMES, type ClientName } from "./clients/client.js";
import { find, type ScenarioSummary } from "./summary.js";

/** One colour per client, the same in every chart. */
export const CLIENT_COLORS: Record<ClientName, string> = {
  objstore: "#2563eb",
  "aws-sdk": "#f59e0b",
  minio: "#c026d3",
  aws4fetch: "#10b981",
  floor: "#6b7280",
};

const BAR = 10;
const GAP = 2;
const PANEL_W = 380;
const LABEL_W = 190;
const TOP = 64;

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * An SVG chart of a run: per scenario, each client's throughput and CPU per operation relative
 * to the undici floor (throughput on a linear scale, CPU on a log scale; the floor is 1).
 *
 * @example
 * ```ts
 * writeFileSync("docs/bench.svg", chartSvg(rows, "Node 20, 2 cores"));
 * ```
 */
export function chartSvg(rows: ScenarioSummary[], subtitle: string): string {
  const scenarios = [...new Set(rows.map((r) => r.scenario))].filter((id) =>
    find(rows, id, "floor"),
  );
  const band = CLIENT_NAMES.length * (BAR + GAP) + 14;
  const height = TOP + scenarios.length * band + 40;
  const width = LABEL_W + 2 * PANEL_W + 60;
  const rel = (id: string, c: ClientName, field: "throughput" | "cpuUsPerOp") => {
    const r = find(rows, id, c);
    const f = find(rows, id, "floor");
    return r && f ? r[field] / f[field] : undefined;
  };
  const thrMax = Math.max(
    1.2,
    ...scenarios.flatMap((id) => CLIENT_NAMES.map((c) => rel(id, c, "throughput") ?? 0)),
  );
  const cpuMax = Math.max(
    2,
    ...scenarios.flatMap((id) => CLIENT_NAMES.map((c) => rel(id, c, "cpuUsPerOp") ?? 0)),
  );
  const cpuMin = Math.min(
    0.5,
    ...scenarios.flatMap((id) => CLIENT_NAMES.map((c) => rel(id, c, "cpuUsPerOp") ?? 1)),
  );
  const x1 = LABEL_W;
  const x2 = LABEL_W + PANEL_W + 40;
  const thrX = (v: number) => x1 + (v / thrMax) * PANEL_W;
  const logMin = Math.log10(cpuMin);
  const logSpan = Math.log10(cpuMax) - logMin;
  const cpuX = (v: number) => x2 + ((Math.log10(v) - logMin) / logSpan) * PANEL_W;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    "<title>objstore benchmark: throughput and client CPU per operation of each S3 client, relative to the undici floor</title>",
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="16" y="22" font-size="16" font-weight="600">objstore vs other S3 clients (loopback null S3 server)</text>`,
    `<text x="16" y="40" fill="#555">${esc(subtitle)}</text>`,
    `<text x="${x1}" y="${TOP - 8}" font-weight="600">throughput ÷ undici floor (higher is better)</text>`,
    `<text x="${x2}" y="${TOP - 8}" font-weight="600">client CPU per op ÷ floor (log, lower is better)</text>`,
  ];
  let lx = width - 16;
  for (const c of [...CLIENT_NAMES].reverse()) {
    lx -= c.length * 7 + 22;
    parts.push(
      `<rect x="${lx}" y="12" width="10" height="10" fill="${CLIENT_COLORS[c]}"/><text x="${lx + 14}" y="21">${c}</text>`,
    );
  }
  const bottom = TOP + scenarios.length * band;
  for (const v of [0, 0.5, 1, 1.5, 2, 3, 4, 5].filter((t) => t <= thrMax)) {
    const x = thrX(v);
    parts.push(
      `<line x1="${x}" y1="${TOP}" x2="${x}" y2="${bottom}" stroke="${v === 1 ? "#999" : "#e5e5e5"}"/><text x="${x}" y="${bottom + 14}" text-anchor="middle" fill="#555">${v}×</text>`,
    );
  }
  for (const v of [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200].filter(
    (t) => t >= cpuMin && t <= cpuMax,
  )) {
    const x = cpuX(v);
    parts.push(
      `<line x1="${x}" y1="${TOP}" x2="${x}" y2="${bottom}" stroke="${v === 1 ? "#999" : "#e5e5e5"}"/><text x="${x}" y="${bottom + 14}" text-anchor="middle" fill="#555">${v}×</text>`,
    );
  }
  scenarios.forEach((id, si) => {
    const y0 = TOP + si * band + 6;
    const label = find(rows, id, "floor")!.label;
    parts.push(
      `<text x="${LABEL_W - 10}" y="${y0 + band / 2 - 4}" text-anchor="end">${esc(label)}</text>`,
    );
    CLIENT_NAMES.forEach((c, ci) => {
      const y = y0 + ci * (BAR + GAP);
      const t = rel(id, c, "throughput");
      const u = rel(id, c, "cpuUsPerOp");
      if (t !== undefined) {
        parts.push(
          `<rect x="${x1}" y="${y}" width="${Math.max(1, thrX(t) - x1).toFixed(1)}" height="${BAR}" fill="${CLIENT_COLORS[c]}"><title>${c}: ${t.toFixed(2)}× floor throughput</title></rect>`,
        );
      }
      if (u !== undefined) {
        parts.push(
          `<rect x="${x2}" y="${y}" width="${Math.max(1, cpuX(u) - x2).toFixed(1)}" height="${BAR}" fill="${CLIENT_COLORS[c]}"><title>${c}: ${u.toFixed(2)}× floor CPU per op</title></rect>`,
        );
      }
    });
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
