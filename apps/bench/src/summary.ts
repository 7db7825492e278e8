import type { ClientName } from "./clients/client.js";
import { type Measurement, median } from "./measure.js";
import type { Scenario } from "./scenarios.js";

const MIB = 1024 * 1024;

/** One client's figures for one scenario: medians over the rounds. */
export interface ScenarioSummary {
  scenario: string;
  label: string;
  unit: Scenario["unit"];
  client: ClientName;
  /** Median throughput in `unit`. */
  throughput: number;
  /** Median client CPU per operation, microseconds. */
  cpuUsPerOp: number;
  /** Median of the peak RSS of each round, MiB. */
  peakRssMiB: number;
  rounds: Measurement[];
}

/** Throughput of one measurement in the scenario's unit. */
export function throughputOf(unit: Scenario["unit"], m: Measurement): number {
  const seconds = m.wallMs / 1000;
  if (unit === "MiB/s") return m.bytes / MIB / seconds;
  if (unit === "keys/s") return m.items / seconds;
  return m.ops / seconds;
}

/**
 * Summarises the rounds of one client on one scenario by their medians (a noisy host makes the
 * mean lie).
 *
 * @example
 * ```ts
 * const s = summarize(scenario, "objstore", [round1, round2, round3]);
 * ```
 */
export function summarize(
  scenario: Scenario,
  client: ClientName,
  rounds: Measurement[],
): ScenarioSummary {
  return {
    scenario: scenario.id,
    label: scenario.label,
    unit: scenario.unit,
    client,
    throughput: median(rounds.map((m) => throughputOf(scenario.unit, m))),
    cpuUsPerOp: median(rounds.map((m) => m.cpuUs / m.ops)),
    peakRssMiB: median(rounds.map((m) => m.peakRssBytes / MIB)),
    rounds,
  };
}

/** The summary of `client` on `scenario`, if it was measured. */
export function find(
  rows: ScenarioSummary[],
  scenario: string,
  client: ClientName,
): ScenarioSummary | undefined {
  return rows.find((r) => r.scenario === scenario && r.client === client);
}
