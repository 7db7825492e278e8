import type { HostMatch } from "./host-match.js";

const R2_DOMAIN = "r2.cloudflarestorage.com";
const JURISDICTIONS = new Set(["eu", "fedramp"]);
const ACCEPTED =
  "expected https://<account>[.<eu|fedramp>].r2.cloudflarestorage.com/<bucket>/<prefix> or " +
  "https://<bucket>.<account>[.<eu|fedramp>].r2.cloudflarestorage.com/<prefix>";

/**
 * Recognises Cloudflare R2 hosts: the account endpoint, its jurisdiction variants, and the
 * bucket-subdomain (virtual-hosted) forms of both. R2 signs every request for region `auto`.
 * Returns `undefined` for hosts outside `cloudflarestorage.com`.
 */
export function matchR2Host(host: string): HostMatch | undefined {
  if (!host.endsWith(".cloudflarestorage.com")) return undefined;
  const labels = host.endsWith(`.${R2_DOMAIN}`)
    ? host.slice(0, -(R2_DOMAIN.length + 1)).split(".")
    : [];
  // The account is the label before the optional jurisdiction; a bucket may precede it.
  const withJurisdiction = JURISDICTIONS.has(labels.at(-1) ?? "");
  const accountLabels = withJurisdiction ? 2 : 1;
  const head = labels.slice(0, labels.length - accountLabels);
  if (labels.length < accountLabels || head.length > 1) {
    return { ok: false, problem: `unrecognised Cloudflare R2 host "${host}"; ${ACCEPTED}` };
  }
  const bucket = head[0];
  return { ok: true, ...(bucket !== undefined && { bucket }), region: "auto", derivable: false };
}
