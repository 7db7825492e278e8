export { nextBackoff } from "./backoff.js";
export {
  HttpClient,
  type HttpClientOptions,
  type HttpRequest,
  type PreparedRequest,
  type RetryEvent,
} from "./client.js";
export {
  ConnectionError,
  HttpError,
  RequestAbortedError,
  ResumeError,
  type ResumeFailure,
  TimeoutError,
  type TimeoutKind,
} from "./errors.js";
export type { BodySource, RequestBody } from "./request-body.js";
export { HttpResponse, type ResponseBody } from "./response.js";
export { DEFAULT_USER_AGENT } from "./user-agent.js";
