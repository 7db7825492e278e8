import { PreconditionError } from "@objstore/s3-store";
import { describe, expect, it } from "vitest";
import { updateJson } from "../src/conditional-update.mjs";
import { testServer, useBucket } from "./support/s3.js";

const example = useBucket();

type Counter = { visits: number };
const increment = (doc: Counter | undefined): Counter => ({ visits: (doc?.visits ?? 0) + 1 });

// Ceph RGW 16.2 matches If-Match on PUT only against an unquoted ETag, while S3 returns (and AWS
// and MinIO compare) quoted ones: there every update is refused with 412. Said, not hidden.
const quotedIfMatchRefused = () => testServer().kind === "ceph-rgw";
const DEVIATION =
  "server deviation (Ceph RGW): If-Match with the quoted ETag the server returned is refused with 412, so compare-and-swap updates cannot succeed on this server";

describe("conditional-update.mjs", () => {
  it("creates the document when it is missing", async () => {
    const { value, attempts } = await updateJson(example.store, "counters/new.json", increment);
    expect(value).toEqual({ visits: 1 });
    expect(attempts).toBe(1);
    expect(JSON.parse(await (await example.store.get("counters/new.json")).text())).toEqual({
      visits: 1,
    });
  });

  it("re-reads and retries when another writer got in between", async (ctx) => {
    await example.store.put("counters/busy.json", JSON.stringify({ visits: 10 }));
    const seen: Array<Counter | undefined> = [];
    const update = updateJson(
      example.store,
      "counters/busy.json",
      async (doc: Counter | undefined) => {
        seen.push(doc);
        // The first time, someone else writes after our read and before our write.
        if (seen.length === 1)
          await example.store.put("counters/busy.json", JSON.stringify({ visits: 20 }));
        return increment(doc);
      },
    );
    if (quotedIfMatchRefused()) {
      await expect(update).rejects.toBeInstanceOf(PreconditionError);
      ctx.annotate(DEVIATION);
      return;
    }
    const { value, attempts } = await update;
    expect(seen).toEqual([{ visits: 10 }, { visits: 20 }]);
    expect(attempts).toBe(2);
    expect(value).toEqual({ visits: 21 });
    expect(JSON.parse(await (await example.store.get("counters/busy.json")).text())).toEqual(value);
  });

  it("loses no update when writers race", async (ctx) => {
    await example.store.put("counters/race.json", JSON.stringify({ visits: 0 }));
    const settled = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        updateJson(example.store, "counters/race.json", increment, { attempts: 30 }),
      ),
    );
    if (quotedIfMatchRefused()) {
      for (const s of settled) {
        expect(s.status).toBe("rejected");
        expect((s as PromiseRejectedResult).reason).toBeInstanceOf(PreconditionError);
      }
      ctx.annotate(DEVIATION);
      return;
    }
    const visits = settled.map((s) => {
      if (s.status === "rejected") throw s.reason;
      return s.value.value.visits;
    });
    expect(visits.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(JSON.parse(await (await example.store.get("counters/race.json")).text())).toEqual({
      visits: 5,
    });
  });

  it("gives up with PreconditionError after the last attempt", async () => {
    await example.store.put("counters/hot.json", JSON.stringify({ visits: 0 }));
    let writes = 0;
    const update = updateJson(
      example.store,
      "counters/hot.json",
      async (doc: Counter | undefined) => {
        await example.store.put("counters/hot.json", JSON.stringify({ visits: 100 + ++writes }));
        return increment(doc);
      },
      { attempts: 3 },
    );
    await expect(update).rejects.toBeInstanceOf(PreconditionError);
    expect(writes).toBe(3);
    expect(JSON.parse(await (await example.store.get("counters/hot.json")).text())).toEqual({
      visits: 103,
    });
  });
});
