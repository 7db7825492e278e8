/**
 * What a provider's host recogniser learned from a URL host.
 *
 * `bucket` is set when the host names the bucket (virtual-hosted style). `derivable` is true when a
 * store would build this very host itself from the bucket and region, so no endpoint needs to be
 * kept. A host the provider owns but in no known form gives `ok: false` with the problem.
 */
export type HostMatch =
  | {
      readonly ok: true;
      readonly bucket?: string;
      readonly region?: string;
      readonly derivable: boolean;
    }
  | { readonly ok: false; readonly problem: string };
