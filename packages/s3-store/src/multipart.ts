import type { ChunkReader } from "./body.js";
import type { CompletedPart } from "./requests.js";

/** The S3 calls a multipart upload is made of, bound to one upload. */
export interface PartSink {
  putPart(partNumber: number, body: Uint8Array): Promise<CompletedPart>;
}

/** Progress of a streaming upload, reported after each part. */
export interface UploadProgress {
  /** Bytes acknowledged by the server so far. */
  bytesUploaded: number;
  /** Parts acknowledged so far. */
  parts: number;
}

/**
 * Uploads every chunk of `reader` as a part, at most `maxConcurrency` at a time. The next chunk
 * is read only once a part is done and its buffer recycled, so parts take chunkSize ×
 * maxConcurrency of memory whatever the object size. `first` is a chunk already read by the
 * caller. Resolves with the parts in order; on failure waits for in-flight parts to
 * settle, then rethrows the first error (the caller aborts the upload).
 */
export async function uploadParts(
  sink: PartSink,
  reader: ChunkReader,
  first: Uint8Array | undefined,
  maxConcurrency: number,
  onProgress?: (p: UploadProgress) => void,
): Promise<CompletedPart[]> {
  const parts: CompletedPart[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  let bytesUploaded = 0;
  let partsDone = 0;
  let partNumber = 0;
  const read = async (): Promise<Uint8Array | undefined> => {
    try {
      return await reader.next();
    } catch (error) {
      failure ??= { error };
      return undefined;
    }
  };
  // S3 needs at least one part, even for an empty stream.
  let chunk: Uint8Array | undefined = first ?? (await read()) ?? new Uint8Array(0);
  while (chunk && !failure) {
    const n = ++partNumber;
    const body = chunk;
    const task = sink
      .putPart(n, body)
      .then((part) => {
        parts[n - 1] = part;
        // The part is on the server: its buffer can hold a later part.
        reader.recycle(body);
        bytesUploaded += body.length;
        partsDone++;
        onProgress?.({ bytesUploaded, parts: partsDone });
      })
      .catch((error: unknown) => {
        failure ??= { error };
      })
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
    if (inFlight.size >= maxConcurrency) await Promise.race(inFlight);
    if (failure) break;
    chunk = await read();
  }
  await Promise.all(inFlight);
  if (failure) throw failure.error;
  return parts;
}
