import { openFileDescriptors } from "../../src/index.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The open descriptor count once closing sockets have gone: polls until it is at most `target`
 * (or stable, without a target), for up to 5 s.
 */
export async function settledDescriptors(target?: number): Promise<number | undefined> {
  let last = openFileDescriptors();
  for (let i = 0; i < 50 && last !== undefined; i++) {
    await sleep(100);
    const now = openFileDescriptors() as number;
    if (target === undefined ? now === last : now <= target) return now;
    last = now;
  }
  return last;
}
