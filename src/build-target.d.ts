/** The browser a build targets, fixed at build time by vite.config.ts. */
declare const __AUTHLENS_BROWSER__: "chrome" | "firefox";
