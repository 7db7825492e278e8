import type { CredentialProvider } from "@objstore/credentials";

/**
 * A credential provider built on its first `getCredentials`. Importing and constructing a store
 * then loads none of the credential chain's modules (profile files, IMDS, container, web
 * identity, STS): they cost more CPU than the rest of a cold start, and a store that is never
 * used, or that signs nothing, never needs them.
 */
export function deferredProvider(build: () => Promise<CredentialProvider>): CredentialProvider {
  let inner: CredentialProvider | undefined;
  let building: Promise<CredentialProvider> | undefined;
  return {
    getCredentials(signal) {
      if (inner) return inner.getCredentials(signal);
      building ??= build().then((provider) => {
        inner = provider;
        return provider;
      });
      return building.then((provider) => provider.getCredentials(signal));
    },
  };
}
