import { directoryBucketZoneId } from "./bucket-name.js";
import type { HostMatch } from "./host-match.js";

// Standard-partition hosts a store derives itself; China hosts are kept as endpoints.
const STANDARD_DOMAIN = "amazonaws.com";
const DOMAINS = [STANDARD_DOMAIN, "amazonaws.com.cn"];
const REGION = /^[a-z]{2,4}(?:-[a-z]+)+-\d+$/;

const ACCEPTED =
  "expected s3[.dualstack].<region>.amazonaws.com/<bucket>, <bucket>.s3[.dualstack].<region>.amazonaws.com, " +
  "s3-fips[.dualstack].<region>.amazonaws.com in either style, s3.amazonaws.com, s3-<region>.amazonaws.com, " +
  "<bucket>.s3-accelerate[.dualstack].amazonaws.com or <bucket>.s3express-<zone-id>.<region>.amazonaws.com " +
  "(also under amazonaws.com.cn); for other S3 endpoints (PrivateLink, access points) set `endpoint` in config and use s3://<bucket>/<prefix>";

interface ServiceForm {
  /** How many trailing labels (before the domain) the form takes. */
  readonly labels: number;
  readonly region?: string;
  /** Whether a store rebuilds this host from bucket and region in the standard partition. */
  readonly regional: boolean;
  readonly virtualHostedOnly?: boolean;
  readonly zoneId?: string;
}

// Matches the service labels right-anchored, so a bucket with dots ("s3.logs") cannot be
// mistaken for them.
function serviceForm(labels: readonly string[]): ServiceForm | undefined {
  const [c, b, a] = [labels.at(-3), labels.at(-2), labels.at(-1) ?? ""];
  const isS3 = (label: string | undefined) => label === "s3" || label === "s3-fips";
  if (REGION.test(a)) {
    if (b === "dualstack" && isS3(c)) return { labels: 3, region: a, regional: false };
    if (isS3(b)) return { labels: 2, region: a, regional: b === "s3" };
    if (b?.startsWith("s3express-")) {
      const zoneId = b.slice("s3express-".length);
      return { labels: 2, region: a, regional: true, virtualHostedOnly: true, zoneId };
    }
    return undefined;
  }
  if (a === "dualstack" && b === "s3-accelerate") {
    return { labels: 2, regional: false, virtualHostedOnly: true };
  }
  if (a === "s3-accelerate") return { labels: 1, regional: false, virtualHostedOnly: true };
  if (a === "s3") return { labels: 1, regional: true };
  // Legacy dash forms: s3-<region> (same buckets as s3.<region>) and s3-fips-<region>.
  const fips = /^s3-fips-(.+)$/.exec(a)?.[1];
  if (fips !== undefined && REGION.test(fips)) return { labels: 1, region: fips, regional: false };
  const dashed = /^s3-(.+)$/.exec(a)?.[1];
  if (dashed !== undefined && REGION.test(dashed)) {
    return { labels: 1, region: dashed, regional: true };
  }
  return undefined;
}

function looksLikeS3(labels: readonly string[]): boolean {
  return labels.some((l) => l === "s3" || l.startsWith("s3-") || l.startsWith("s3express-"));
}

/**
 * Recognises AWS S3 hosts (`*.amazonaws.com`, `*.amazonaws.com.cn`). Returns `undefined` for
 * hosts that are not AWS, and for AWS hosts with no S3 label at all (an ELB or EC2 host in front
 * of a self-hosted server is a custom endpoint).
 */
export function matchAwsHost(host: string): HostMatch | undefined {
  const domain = DOMAINS.find((d) => host.endsWith(`.${d}`));
  if (domain === undefined) return undefined;
  const labels = host.slice(0, -(domain.length + 1)).split(".");
  const form = serviceForm(labels);
  if (form === undefined) {
    if (!looksLikeS3(labels)) return undefined;
    return { ok: false, problem: `unrecognised AWS S3 host "${host}"; ${ACCEPTED}` };
  }
  const head = labels.slice(0, labels.length - form.labels);
  const bucket = head.length > 0 ? head.join(".") : undefined;
  if (form.virtualHostedOnly && bucket === undefined) {
    return {
      ok: false,
      problem: `"${host}" serves virtual-hosted requests only; put the bucket in the host (https://<bucket>.${host}/<prefix>)`,
    };
  }
  if (form.zoneId !== undefined && bucket !== undefined) {
    const bucketZone = directoryBucketZoneId(bucket);
    if (bucketZone !== form.zoneId) {
      return {
        ok: false,
        problem: `S3 Express host "${host}" is for zone "${form.zoneId}", so the bucket must be a directory bucket named "<base-name>--${form.zoneId}--x-s3", not "${bucket}"`,
      };
    }
  }
  return {
    ok: true,
    ...(bucket !== undefined && { bucket }),
    ...(form.region !== undefined && { region: form.region }),
    derivable: form.regional && domain === STANDARD_DOMAIN,
  };
}
