/**
 * The package version, injected at build time (scripts/build-cli.mjs defines AUTHLENS_VERSION
 * from package.json) so the bundle does not carry the whole package.json.
 */
declare const AUTHLENS_VERSION: string | undefined;

export const VERSION: string = typeof AUTHLENS_VERSION === "string" ? AUTHLENS_VERSION : "0.0.0-dev";
