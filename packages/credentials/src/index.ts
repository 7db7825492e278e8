export {
  type AwsSdkCredentialIdentity,
  type AwsSdkCredentialProvider,
  fromAwsSdkProvider,
} from "./aws-sdk.js";
export { type CachedProviderOptions, cachedProvider } from "./cache.js";
export { defaultProviderChain, type ProviderChainOptions } from "./chain.js";
export { type ContainerProviderOptions, containerProvider } from "./container.js";
export { type CredentialsInput, createCredentials } from "./credentials.js";
export { type Environment, type EnvProviderOptions, envProvider } from "./env.js";
export {
  type ChainAttempt,
  CredentialChainError,
  CredentialsError,
  CredentialsNotFoundError,
} from "./errors.js";
export { type ImdsProviderOptions, imdsProvider } from "./imds.js";
export { type ProfileProviderOptions, profileProvider } from "./profile.js";
export { staticProvider } from "./static.js";
export type { CredentialHttpClient } from "./transport.js";
export type { CredentialProvider, Credentials } from "./types.js";
export { type WebIdentityProviderOptions, webIdentityProvider } from "./web-identity.js";
