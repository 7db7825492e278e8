import { HttpError } from "@objstore/http-client";
import {
  AlreadyExistsError,
  NotFoundError,
  ObjectStoreError,
  type S3Store,
} from "@objstore/s3-store";
import { contentBytes, contentSha256, contentStream, sha256 } from "./content.js";
import { SeededRandom } from "./seeded-random.js";

/** The operations of the mixed workload. */
export type WorkloadOp =
  | "put"
  | "putCreate"
  | "putMultipart"
  | "get"
  | "getRange"
  | "getRanges"
  | "head"
  | "list"
  | "copy"
  | "delete"
  | "deleteMany";

/** Options of {@link runWorkload}. */
export interface WorkloadOptions {
  seed: number;
  /** Workers running at once; each owns its own paths, so its model is exact. Default 8. */
  workers?: number;
  /** Operations per worker. Default 40. */
  opsPerWorker?: number;
  /** Paths per worker. Default 10. */
  pathsPerWorker?: number;
  /** Sizes (bytes) of the large multipart uploads, spread over the workers. Default none. */
  multipartSizes?: number[];
  /** Longest time one operation may take before it counts as hung. Default 90 s. */
  opTimeoutMs?: number;
}

/** What a workload run did and what it found wrong (every list should be empty). */
export interface WorkloadReport {
  operations: number;
  byOp: Partial<Record<WorkloadOp, number>>;
  succeeded: number;
  /** Expected answers that are errors (NotFound for an absent path, AlreadyExists for a create). */
  expected: Record<string, number>;
  /** Failed operations by error class name (all typed). */
  failures: Record<string, number>;
  /** Failures that were not ObjectStoreError/HttpError subclasses. */
  untyped: string[];
  /** Operations that did not settle within `opTimeoutMs`. */
  hung: string[];
  /** Reads that disagreed with what was written. */
  mismatches: string[];
  /** Bytes uploaded by successful puts. */
  bytesWritten: number;
  /** Bytes read back and checked. */
  bytesVerified: number;
}

/** Version id 0 means "absent". */
const ABSENT = 0;

interface Version {
  size: number;
  sha: string;
}

const KIB = 1024;
const MIB = 1024 * KIB;

/** The store's possible states: for each path, the versions it may hold (exact after a read). */
export class WorkloadModel {
  readonly versions = new Map<number, Version>([[ABSENT, { size: -1, sha: "" }]]);
  readonly state = new Map<string, Set<number>>();
  #next = 1;

  newVersion(size: number, seed: number): number {
    const id = seed * 100_000 + this.#next++;
    this.versions.set(id, { size, sha: contentSha256(id, size) });
    return id;
  }

  possible(path: string): Set<number> {
    return this.state.get(path) ?? new Set([ABSENT]);
  }

  present(path: string): number[] {
    return [...this.possible(path)].filter((v) => v !== ABSENT);
  }

  set(path: string, versions: Iterable<number>): void {
    this.state.set(path, new Set(versions));
  }

  add(path: string, versions: Iterable<number>): void {
    const s = new Set(this.possible(path));
    for (const v of versions) s.add(v);
    this.state.set(path, s);
  }

  /** The version whose hash is `sha` among those `path` may hold, if any. */
  matchSha(path: string, sha: string): number | undefined {
    return this.present(path).find((v) => this.versions.get(v)?.sha === sha);
  }

  describe(path: string): string {
    return [...this.possible(path)]
      .map((v) => (v === ABSENT ? "absent" : `v${v} (${this.versions.get(v)?.size} B)`))
      .join(" | ");
  }
}

/** True for the errors the store promises: ObjectStoreError and http-client HttpError subclasses. */
export function isTypedError(error: unknown): boolean {
  return error instanceof ObjectStoreError || error instanceof HttpError;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

async function bounded<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HungOperation(what)), ms);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

class HungOperation extends Error {
  override name = "HungOperation";
}

/**
 * Runs a seeded mixed workload (small and large puts, create-mode puts, multipart uploads, full,
 * ranged and multi-range gets, heads, lists, copies, deletes) on a store, checking every result
 * against a model of what the store may hold. Failures are allowed (faults are being injected)
 * but must be typed; reads must always agree with the model.
 *
 * @example
 * ```ts
 * const model = new WorkloadModel();
 * const report = await runWorkload(store, model, { seed: 7, multipartSizes: [24 * 2 ** 20] });
 * expect(report.mismatches).toEqual([]);
 * ```
 */
export async function runWorkload(
  store: S3Store,
  model: WorkloadModel,
  options: WorkloadOptions,
): Promise<WorkloadReport> {
  const report: WorkloadReport = {
    operations: 0,
    byOp: {},
    succeeded: 0,
    expected: {},
    failures: {},
    untyped: [],
    hung: [],
    mismatches: [],
    bytesWritten: 0,
    bytesVerified: 0,
  };
  const workers = options.workers ?? 8;
  const opsPerWorker = options.opsPerWorker ?? 40;
  const pathsPerWorker = options.pathsPerWorker ?? 10;
  const opTimeoutMs = options.opTimeoutMs ?? 90_000;
  const large = options.multipartSizes ?? [];

  async function worker(w: number): Promise<void> {
    const rng = new SeededRandom(options.seed * 1000 + w);
    const paths = Array.from({ length: pathsPerWorker }, (_, i) =>
      i % 3 === 2 ? `w${w}/dir ${i % 2}/obj-${i}.bin` : `w${w}/obj-${i}`,
    );
    const mine = large.filter((_, i) => i % workers === w);
    for (let n = 0; n < opsPerWorker + mine.length; n++) {
      const op: WorkloadOp =
        n < mine.length
          ? "putMultipart"
          : rng.weighted({
              put: 34,
              putCreate: 5,
              get: 20,
              getRange: 10,
              getRanges: 4,
              head: 7,
              list: 7,
              copy: 8,
              delete: 8,
              deleteMany: 3,
            });
      const path = rng.pick(paths);
      report.operations++;
      report.byOp[op] = (report.byOp[op] ?? 0) + 1;
      const what = `${op} ${path}`;
      try {
        await bounded(step(op, path, rng, paths, mine[n]), opTimeoutMs, what);
        report.succeeded++;
      } catch (error) {
        if (error instanceof Expected) {
          report.expected[error.kind] = (report.expected[error.kind] ?? 0) + 1;
        } else if (error instanceof HungOperation) report.hung.push(what);
        else if (error instanceof Mismatch) report.mismatches.push(error.message);
        else if (!isTypedError(error)) report.untyped.push(`${what}: ${describeError(error)}`);
        else {
          const name = (error as Error).name;
          report.failures[name] = (report.failures[name] ?? 0) + 1;
        }
      }
    }
  }

  async function step(
    op: WorkloadOp,
    path: string,
    rng: SeededRandom,
    paths: string[],
    multipartSize: number | undefined,
  ): Promise<void> {
    switch (op) {
      case "put":
      case "putCreate": {
        const size = rng.weighted({ empty: 1, small: 60, medium: 15, large: 3 });
        const bytes =
          size === "empty"
            ? 0
            : size === "small"
              ? rng.int(1, 64 * KIB)
              : size === "medium"
                ? rng.int(64 * KIB, MIB)
                : rng.int(MIB, 5 * MIB);
        const v = model.newVersion(bytes, options.seed);
        try {
          await store.put(
            path,
            contentBytes(v, bytes),
            op === "putCreate" ? { mode: "create" } : {},
          );
        } catch (error) {
          if (op === "putCreate" && error instanceof AlreadyExistsError) {
            if (model.present(path).length === 0)
              throw new Mismatch(`${op} ${path}: AlreadyExists but the model says it is absent`);
            model.set(path, model.present(path));
            throw new Expected("AlreadyExists");
          }
          model.add(path, [v]);
          throw error;
        }
        if (op === "putCreate" && !model.possible(path).has(ABSENT))
          throw new Mismatch(`${op} ${path}: create succeeded over ${model.describe(path)}`);
        model.set(path, [v]);
        report.bytesWritten += bytes;
        return;
      }
      case "putMultipart": {
        const size = multipartSize ?? 20 * MIB;
        const v = model.newVersion(size, options.seed);
        try {
          await store.put(path, contentStream(v, size), { maxConcurrency: 4 });
        } catch (error) {
          model.add(path, [v]);
          throw error;
        }
        model.set(path, [v]);
        report.bytesWritten += size;
        return;
      }
      case "get":
        return checkRead(path, async () => (await store.get(path)).bytes());
      case "getRange": {
        const v = model.present(path)[0];
        const size = v === undefined ? 1000 : (model.versions.get(v)?.size ?? 0);
        const start = rng.int(0, Math.max(1, size));
        const end = Math.min(size, start + rng.int(1, 256 * KIB));
        if (end <= start) return checkRead(path, async () => (await store.get(path)).bytes());
        return checkRange(path, [{ start, end }], async () => [
          await store.getRange(path, { start, end }),
        ]);
      }
      case "getRanges": {
        const v = model.present(path)[0];
        const size = v === undefined ? 0 : (model.versions.get(v)?.size ?? 0);
        if (size < 2) return checkRead(path, async () => (await store.get(path)).bytes());
        const ranges = Array.from({ length: rng.int(1, 5) }, () => {
          const start = rng.int(0, size - 1);
          return { start, end: rng.int(start + 1, size + 1) };
        });
        return checkRange(path, ranges, () => store.getRanges(path, ranges));
      }
      case "head": {
        try {
          const meta = await store.head(path);
          const sizes = model.present(path).map((v) => model.versions.get(v)?.size);
          if (!sizes.includes(meta.size))
            throw new Mismatch(`head ${path}: size ${meta.size}, model ${model.describe(path)}`);
        } catch (error) {
          if (error instanceof NotFoundError) {
            if (!model.possible(path).has(ABSENT))
              throw new Mismatch(`head ${path}: NotFound, model ${model.describe(path)}`);
            model.set(path, [ABSENT]);
            throw new Expected("NotFound");
          }
          throw error;
        }
        return;
      }
      case "list": {
        const prefix = path.split("/")[0] as string;
        const listed = new Map((await store.list(prefix).collect()).map((m) => [m.path, m.size]));
        for (const p of paths) {
          const size = listed.get(p);
          listed.delete(p);
          const sizes = model.present(p).map((v) => model.versions.get(v)?.size);
          if (size === undefined ? !model.possible(p).has(ABSENT) : !sizes.includes(size))
            throw new Mismatch(
              `list ${prefix}: ${p} listed with ${size}, model ${model.describe(p)}`,
            );
        }
        if (listed.size) throw new Mismatch(`list ${prefix}: unexpected ${[...listed.keys()]}`);
        return;
      }
      case "copy": {
        const to = rng.pick(paths);
        if (to === path) return;
        const from = model.present(path);
        try {
          await store.copy(path, to);
        } catch (error) {
          if (error instanceof NotFoundError) {
            if (from.length === model.possible(path).size)
              throw new Mismatch(`copy ${path}: NotFound, model ${model.describe(path)}`);
            model.set(path, [ABSENT]);
            throw new Expected("NotFound");
          }
          model.add(to, from);
          throw error;
        }
        if (from.length === 0) throw new Mismatch(`copy ${path}: succeeded from an absent source`);
        model.set(to, from);
        return;
      }
      case "delete":
      case "deleteMany": {
        const targets = op === "delete" ? [path] : paths.filter(() => rng.chance(0.4));
        try {
          await store.delete(op === "delete" ? path : targets);
        } catch (error) {
          for (const t of targets) model.add(t, [ABSENT]);
          throw error;
        }
        for (const t of targets) model.set(t, [ABSENT]);
        return;
      }
    }
  }

  async function checkRead(path: string, read: () => Promise<Uint8Array>): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = await read();
    } catch (error) {
      if (error instanceof NotFoundError) {
        if (!model.possible(path).has(ABSENT))
          throw new Mismatch(`get ${path}: NotFound, model ${model.describe(path)}`);
        model.set(path, [ABSENT]);
        throw new Expected("NotFound");
      }
      throw error;
    }
    const v = model.matchSha(path, sha256(bytes));
    if (v === undefined)
      throw new Mismatch(
        `get ${path}: ${bytes.length} bytes with an unknown SHA-256, model ${model.describe(path)}`,
      );
    model.set(path, [v]);
    report.bytesVerified += bytes.length;
  }

  async function checkRange(
    path: string,
    ranges: { start: number; end: number }[],
    read: () => Promise<Uint8Array[]>,
  ): Promise<void> {
    let parts: Uint8Array[];
    try {
      parts = await read();
    } catch (error) {
      if (error instanceof NotFoundError) {
        if (!model.possible(path).has(ABSENT))
          throw new Mismatch(`range ${path}: NotFound, model ${model.describe(path)}`);
        model.set(path, [ABSENT]);
        throw new Expected("NotFound");
      }
      throw error;
    }
    const ok = model.present(path).find((v) => {
      const size = model.versions.get(v)?.size ?? 0;
      const full = contentBytes(v, size);
      return ranges.every((r, i) =>
        Buffer.from(full.subarray(r.start, r.end)).equals(parts[i] ?? new Uint8Array(0)),
      );
    });
    if (ok === undefined)
      throw new Mismatch(
        `range ${path} ${JSON.stringify(ranges)}: bytes match no version, model ${model.describe(path)}`,
      );
    report.bytesVerified += parts.reduce((n, p) => n + p.length, 0);
  }

  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  return report;
}

/** An error answer the model predicted (not a failure). */
class Expected extends Error {
  constructor(readonly kind: string) {
    super(kind);
  }
}

/** A read that disagreed with the model. */
export class Mismatch extends Error {
  override name = "Mismatch";
}

/** Result of {@link verifyStore}. */
export interface VerifyReport {
  objects: number;
  bytes: number;
  mismatches: string[];
}

/**
 * Reads back every path of the model (with faults off) and checks each holds one of the versions
 * it may hold, with the right SHA-256; a path whose last put succeeded must be readable.
 *
 * @example
 * ```ts
 * proxy.setFaultRate(0);
 * expect((await verifyStore(store, model)).mismatches).toEqual([]);
 * ```
 */
export async function verifyStore(store: S3Store, model: WorkloadModel): Promise<VerifyReport> {
  const out: VerifyReport = { objects: 0, bytes: 0, mismatches: [] };
  for (const [path, possible] of model.state) {
    try {
      const bytes = await (await store.get(path)).bytes();
      const sha = sha256(bytes);
      if (model.matchSha(path, sha) === undefined)
        out.mismatches.push(`${path}: ${bytes.length} bytes, model ${model.describe(path)}`);
      out.objects++;
      out.bytes += bytes.length;
    } catch (error) {
      if (!(error instanceof NotFoundError) || !possible.has(ABSENT))
        out.mismatches.push(`${path}: ${describeError(error)}, model ${model.describe(path)}`);
    }
  }
  return out;
}
