import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CLIENT_CONFIG_KEYS,
  ConfigError,
  normalizeClientConfigKey,
  normalizeS3ConfigKey,
  S3_CONFIG_KEYS,
  tryNormalizeS3ConfigKey,
} from "../src/index.js";

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

// Every alias of object_store's AmazonS3ConfigKey (reference §1.1) plus ours.
const ALIASES: [string, string][] = [
  ["aws_access_key_id", "access_key_id"],
  ["access_key_id", "access_key_id"],
  ["aws_secret_access_key", "secret_access_key"],
  ["aws_region", "region"],
  ["aws_default_region", "default_region"],
  ["aws_bucket", "bucket"],
  ["aws_bucket_name", "bucket"],
  ["bucket_name", "bucket"],
  ["aws_endpoint", "endpoint"],
  ["aws_endpoint_url", "endpoint"],
  ["endpoint_url", "endpoint"],
  ["aws_endpoint_url_s3", "endpoint_url_s3"],
  ["aws_session_token", "session_token"],
  ["aws_token", "session_token"],
  ["token", "session_token"],
  ["aws_imdsv1_fallback", "imdsv1_fallback"],
  ["aws_virtual_hosted_style_request", "virtual_hosted_style_request"],
  ["aws_unsigned_payload", "unsigned_payload"],
  ["aws_checksum_algorithm", "checksum_algorithm"],
  ["aws_metadata_endpoint", "metadata_endpoint"],
  ["aws_container_credentials_relative_uri", "container_credentials_relative_uri"],
  ["aws_container_credentials_full_uri", "container_credentials_full_uri"],
  ["aws_container_authorization_token_file", "container_authorization_token_file"],
  ["aws_web_identity_token_file", "web_identity_token_file"],
  ["aws_role_arn", "role_arn"],
  ["aws_role_session_name", "role_session_name"],
  ["aws_endpoint_url_sts", "endpoint_url_sts"],
  ["sts_endpoint", "endpoint_url_sts"],
  ["aws_copy_if_not_exists", "copy_if_not_exists"],
  ["aws_conditional_put", "conditional_put"],
  ["aws_skip_signature", "skip_signature"],
  ["aws_disable_tagging", "disable_tagging"],
  ["aws_disable_bulk_delete", "disable_bulk_delete"],
  ["aws_s3_express", "s3_express"],
  ["aws_request_payer", "request_payer"],
  ["requester_pays", "request_payer"],
  ["aws_server_side_encryption", "server_side_encryption"],
  ["aws_sse_kms_key_id", "sse_kms_key_id"],
  ["aws_sse_bucket_key_enabled", "sse_bucket_key_enabled"],
  ["aws_sse_customer_key_base64", "sse_customer_key_base64"],
  ["aws_profile", "profile"],
  ["aws_allow_http", "allow_http"],
  ["aws_proxy_url", "proxy_url"],
  ["aws_timeout", "timeout"],
];

describe("normalizeS3ConfigKey", () => {
  it.each(ALIASES)("%s -> %s in every case and as camelCase", (alias, canonical) => {
    expect(normalizeS3ConfigKey(alias)).toBe(canonical);
    expect(normalizeS3ConfigKey(alias.toUpperCase())).toBe(canonical);
    expect(normalizeS3ConfigKey(camel(alias))).toBe(canonical);
  });

  it("accepts every canonical key of both tables", () => {
    for (const key of [...Object.keys(S3_CONFIG_KEYS), ...Object.keys(CLIENT_CONFIG_KEYS)]) {
      expect(normalizeS3ConfigKey(key)).toBe(key);
      expect(normalizeS3ConfigKey(`AWS_${key.toUpperCase()}`)).toBe(key);
      expect(normalizeS3ConfigKey(camel(key))).toBe(key);
    }
  });

  it("covers the design notes' key list", () => {
    const design =
      "access_key_id secret_access_key session_token region default_region bucket endpoint endpoint_url_s3 imdsv1_fallback virtual_hosted_style_request unsigned_payload metadata_endpoint disable_tagging disable_bulk_delete s3_express skip_signature checksum_algorithm conditional_put copy_if_not_exists request_payer server_side_encryption sse_kms_key_id sse_bucket_key_enabled sse_customer_key_base64 container_credentials_relative_uri container_credentials_full_uri container_authorization_token_file web_identity_token_file role_arn role_session_name endpoint_url_sts profile".split(
        " ",
      );
    for (const key of design) expect(Object.keys(S3_CONFIG_KEYS)).toContain(key);
    const client =
      "allow_http allow_invalid_certificates root_certificate connect_timeout timeout read_timeout pool_idle_timeout pool_max_idle_per_host pool_max_connections_per_host http1_only http2_only http2_keep_alive_interval http2_keep_alive_timeout http2_keep_alive_while_idle proxy_url proxy_ca_certificate proxy_excludes randomize_addresses user_agent default_content_type content_type_map default_headers".split(
        " ",
      );
    expect(Object.keys(CLIENT_CONFIG_KEYS).sort()).toEqual(client.sort());
  });

  it("accepts hyphens and surrounding spaces", () => {
    expect(normalizeS3ConfigKey(" access-key-id ")).toBe("access_key_id");
  });

  it.each([
    ["acess_key_id", "access_key_id"],
    ["AWS_SECRET_ACCES_KEY", "secret_access_key"],
    ["regoin", "region"],
    ["skipSignatur", "skip_signature"],
    ["tokne", "session_token"],
  ])("unknown %s suggests %s", (typo, suggestion) => {
    try {
      normalizeS3ConfigKey(typo);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const e = err as ConfigError;
      expect(e.key).toBe(typo);
      expect(e.suggestion).toBe(suggestion);
      expect(e.message).toBe(`unknown S3 config key "${typo}"; did you mean "${suggestion}"?`);
    }
  });

  it("gives no suggestion for keys far from any", () => {
    expect(() => normalizeS3ConfigKey("completely_unrelated_thing")).toThrowError(
      /^unknown S3 config key "completely_unrelated_thing"$/,
    );
    expect(tryNormalizeS3ConfigKey("AWS_EXECUTION_ENV")).toBeUndefined();
  });

  it("normalizeClientConfigKey refuses S3 keys", () => {
    expect(normalizeClientConfigKey("connectTimeout")).toBe("connect_timeout");
    expect(() => normalizeClientConfigKey("region")).toThrow(/unknown client config key "region"/);
  });
});

describe("normalisation properties", () => {
  const allSpellings = [...ALIASES.map(([a]) => a), ...Object.keys(S3_CONFIG_KEYS)];
  const spelling = fc.constantFrom(...allSpellings);
  // Random case per character: any-case spellings must all land on the same key.
  const recase = (s: string, mask: boolean[]) =>
    [...s].map((c, i) => (mask[i % mask.length] ? c.toUpperCase() : c.toLowerCase())).join("");

  it("is idempotent", () => {
    fc.assert(
      fc.property(spelling, (key) => {
        const once = normalizeS3ConfigKey(key);
        expect(normalizeS3ConfigKey(once)).toBe(once);
      }),
    );
  });

  it("maps every upper/lower/camel/aws_-prefixed spelling to the same canonical key", () => {
    fc.assert(
      fc.property(
        spelling,
        fc.boolean(),
        fc.constantFrom("lower", "upper", "camel"),
        (key, prefix, style) => {
          const expected = normalizeS3ConfigKey(key);
          const base = prefix && !key.startsWith("aws_") ? `aws_${key}` : key;
          const spelled =
            style === "upper" ? base.toUpperCase() : style === "camel" ? camel(base) : base;
          expect(normalizeS3ConfigKey(spelled)).toBe(expected);
        },
      ),
    );
  });

  it("treats all-upper and all-lower spellings alike for any case mask of snake keys", () => {
    fc.assert(
      fc.property(spelling, fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), (key, mask) => {
        const mixed = recase(key, mask);
        const expected = normalizeS3ConfigKey(key);
        expect(normalizeS3ConfigKey(mixed.toUpperCase())).toBe(expected);
        expect(normalizeS3ConfigKey(mixed.toLowerCase())).toBe(expected);
      }),
    );
  });

  it("throws only ConfigError on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string(), (key) => {
        try {
          normalizeS3ConfigKey(key);
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
        }
      }),
    );
  });
});
