import crypto from "node:crypto";

// Every test process signs with a key of its own, never with one under the repository's .sigil/.
// Processes a test starts inherit it, so they sign as the test does.
process.env.SIGIL_SIGNING_KEY_PEM ??= crypto.generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
