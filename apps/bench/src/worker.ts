// One client, one group of scenarios, in a process of its own, forked by the CLI: receives its
// job over IPC, sends its measurements back and exits.
import { type ClientName, openClient, type Target } from "./clients/client.js";
import { type Measurement, measure } from "./measure.js";
import {
  type Group,
  LIST_PREFIX,
  largeKey,
  type Plan,
  SCENARIOS,
  SMALL_BODY,
  uploadSource,
  warmupOp,
} from "./scenarios.js";

/** What the parent asks a worker to run. */
export interface WorkerJob {
  client: ClientName;
  group: Group;
  target: Target;
  plan: Plan;
  /** Scenario ids to run (of the group); all of the group when absent. */
  only?: string[];
}

/** A worker's answer: one measurement per scenario run. */
export type WorkerResult =
  | { ok: true; results: Record<string, Measurement> }
  | { ok: false; error: string };

async function run(job: WorkerJob): Promise<Record<string, Measurement>> {
  const client = await openClient(job.client, job.target);
  const { plan } = job;
  try {
    // The AWS SDK's CPU per request falls ~3x over its first thousands of requests: warm every
    // client up the same way before anything is timed.
    if (job.group === "small") {
      await measure(32, plan.warmup, (i) => warmupOp(client, i));
      // Listing runs other code (XML parsing) than the requests above: warm it up too.
      for (let i = 0; i < plan.listWarmups; i++) await client.list(LIST_PREFIX);
    }
    if (job.group === "large-get") await client.getStream(largeKey(plan));
    if (job.group === "upload-rss") {
      // Peak RSS is about the upload, not the start of the process: one request loads what the
      // client loads on first use and opens a connection, then the process idles while V8
      // optimizes what it compiled on a background thread (for undici, its llhttp WebAssembly:
      // ~25 MiB held for ~100 ms, once per process). Cold start measures those costs.
      await client.put("bench/warm.1024", SMALL_BODY);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    if (job.group === "upload") {
      await client.multipartUpload(
        "bench/warm.bin",
        uploadSource(plan.partSize * 2),
        plan.partSize * 2,
        plan.partSize,
        plan.partConcurrency,
      );
    }
    const results: Record<string, Measurement> = {};
    for (const s of SCENARIOS) {
      if (s.group !== job.group || (job.only && !job.only.includes(s.id))) continue;
      const count = s.count(plan);
      if (count === 0) continue;
      results[s.id] = await measure(s.concurrency, count, (i) => s.op(client, i, plan));
    }
    return results;
  } finally {
    await client.close();
  }
}

const job = await new Promise<WorkerJob>((resolve) =>
  process.once("message", (m) => resolve(m as WorkerJob)),
);
let answer: WorkerResult;
try {
  answer = { ok: true, results: await run(job) };
} catch (error) {
  answer = {
    ok: false,
    error: error instanceof Error ? (error.stack ?? error.message) : String(error),
  };
}
process.send?.(answer, () => process.exit(0));
