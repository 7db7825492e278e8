import type { StoreSettings } from "./builder.js";
import { DeleteError, type DeleteFailure } from "./errors.js";
import type { KeyMapper } from "./paths.js";
import { deleteObjectRequest, deleteObjectsRequest } from "./requests.js";
import { parseDeleteErrors } from "./responses.js";
import type { S3Transport } from "./transport.js";

const BATCH = 1000; // DeleteObjects' limit
const BATCHES_IN_FLIGHT = 4;
const SINGLE_DELETES_IN_FLIGHT = 20;

async function* batches(
  paths: Iterable<string> | AsyncIterable<string>,
  size: number,
): AsyncGenerator<string[]> {
  let batch: string[] = [];
  for await (const p of paths) {
    batch.push(p);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Deletes paths with DeleteObjects (or single DELETEs when bulk delete is disabled). */
export async function deletePaths(
  transport: S3Transport,
  settings: StoreSettings,
  keys: KeyMapper,
  paths: string | Iterable<string> | AsyncIterable<string>,
  signal: AbortSignal | undefined,
): Promise<void> {
  const one = async (path: string) => {
    const r = await transport.send(deleteObjectRequest(keys.toKey(path), settings.requests), {
      operation: "delete",
      path,
      signal,
      idempotent: true,
      accept: [404],
    });
    await r.discard();
  };
  if (typeof paths === "string") return one(paths);
  const failures: DeleteFailure[] = [];
  const bulk = async (batch: string[]) => {
    if (settings.disableBulkDelete) {
      await Promise.all(batch.map(one));
      return;
    }
    const byKey = new Map(batch.map((p) => [keys.toKey(p), p]));
    const res = await transport.send(deleteObjectsRequest([...byKey.keys()], settings.requests), {
      operation: "delete",
      signal,
      idempotent: true,
      retryOnErrorBody: true,
    });
    for (const e of parseDeleteErrors(await transport.successText(res, { operation: "delete" }))) {
      // Deleting what is not there is success, as for a single DELETE.
      if (e.code !== "NoSuchKey")
        failures.push({ path: byKey.get(e.key) ?? e.key, code: e.code, message: e.message });
    }
  };
  const size = settings.disableBulkDelete ? SINGLE_DELETES_IN_FLIGHT : BATCH;
  const inFlight = new Set<Promise<void>>();
  let firstError: { error: unknown } | undefined;
  for await (const batch of batches(paths, size)) {
    if (firstError) break;
    const task: Promise<void> = bulk(batch)
      .catch((error: unknown) => {
        firstError ??= { error };
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= (settings.disableBulkDelete ? 1 : BATCHES_IN_FLIGHT))
      await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (firstError) throw firstError.error;
  if (failures.length) throw new DeleteError(failures);
}
