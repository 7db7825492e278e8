/** Short timeouts so stalls are noticed quickly. */
export const FAULT_CLIENT = { connect_timeout: "1s", timeout: "20s", read_timeout: "2s" };

/** A quick backoff so bursts cost little time; the default ten retries. */
export const FAULT_RETRY = {
  maxRetries: 10,
  retryTimeout: 60_000,
  backoff: { initBackoff: 20, maxBackoff: 300, base: 2 },
};
