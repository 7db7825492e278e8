import type { ClientName } from "./clients/client.js";
import type { Plan } from "./scenarios.js";
import { find, type ScenarioSummary } from "./summary.js";

/** One target of issue 7 checked against a run. */
export interface TargetCheck {
  target: string;
  /** The measured ratio (or value). */
  measured: number;
  /** The bound it must meet. */
  bound: number;
  /** `"max"`: measured must be at most the bound; `"min"`: at least. */
  kind: "max" | "min";
  holds: boolean;
}

/** Figures measured outside the scenario table. */
export interface SideFigures {
  coldStartCpuMs: Partial<Record<ClientName, number>>;
  signaturesPerCpuSecond: Record<string, number>;
}

const SMALL = ["get-1k-c32", "put-1k-c32", "head-c32"];

/**
 * Checks the targets of issue 7 that a run has figures for (ratios within the same run).
 *
 * @example
 * ```ts
 * for (const t of checkTargets(rows, plan, side)) console.log(t.holds ? "ok" : "MISS", t.target);
 * ```
 */
export function checkTargets(
  rows: ScenarioSummary[],
  plan: Plan,
  side: SideFigures,
): TargetCheck[] {
  const out: TargetCheck[] = [];
  const ratio = (
    target: string,
    scenario: string,
    other: ClientName,
    field: "throughput" | "cpuUsPerOp",
    kind: "max" | "min",
    bound: number,
  ) => {
    const ours = find(rows, scenario, "objstore");
    const theirs = find(rows, scenario, other);
    if (!ours || !theirs) return;
    const measured = ours[field] / theirs[field];
    out.push({
      target,
      measured,
      bound,
      kind,
      holds: kind === "max" ? measured <= bound : measured >= bound,
    });
  };
  for (const s of SMALL) {
    ratio(`${s}: CPU/op vs aws-sdk`, s, "aws-sdk", "cpuUsPerOp", "max", 0.15);
    ratio(`${s}: CPU/op vs minio`, s, "minio", "cpuUsPerOp", "max", 0.6);
    ratio(`${s}: ops/s vs aws-sdk`, s, "aws-sdk", "throughput", "min", 5);
    ratio(`${s}: ops/s vs minio`, s, "minio", "throughput", "min", 1.2);
    ratio(`${s}: ops/s vs floor`, s, "floor", "throughput", "min", 0.5);
  }
  ratio("LIST keys/s vs aws-sdk", "list", "aws-sdk", "throughput", "min", 3);
  ratio("LIST keys/s vs floor", "list", "floor", "throughput", "min", 0.7);
  ratio("large GET MiB/s vs floor", "get-large", "floor", "throughput", "min", 0.9);
  ratio("multipart PUT MiB/s vs floor", "multipart-put", "floor", "throughput", "min", 0.9);
  const rss = find(rows, "multipart-rss", "objstore");
  if (rss) {
    const bound = 64 + (plan.partSize * plan.partConcurrency) / (1024 * 1024);
    out.push({
      target: `peak RSS (MiB) of a ${plan.rssUploadBytes / 2 ** 20} MiB streamed multipart PUT`,
      measured: rss.peakRssMiB,
      bound,
      kind: "max",
      holds: rss.peakRssMiB <= bound,
    });
  }
  const ours = side.coldStartCpuMs.objstore;
  const sdk = side.coldStartCpuMs["aws-sdk"];
  if (ours !== undefined && sdk !== undefined) {
    const measured = ours / sdk;
    out.push({
      target: "import + construct CPU vs aws-sdk",
      measured,
      bound: 0.2,
      kind: "max",
      holds: measured <= 0.2,
    });
  }
  const signing = side.signaturesPerCpuSecond;
  if (signing.objstore !== undefined && signing["smithy+node-hash"] !== undefined) {
    const measured = signing.objstore / signing["smithy+node-hash"];
    out.push({
      target: "signatures/CPU-s vs smithy + node:crypto",
      measured,
      bound: 1,
      kind: "min",
      holds: measured >= 1,
    });
  }
  return out;
}
