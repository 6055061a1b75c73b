/** Credential formats whose shape identifies them (their issuers' documented prefixes). */
export const SECRET_PATTERNS: { name: string; pattern: RegExp }[] = [
  { name: "AWS access key ID", pattern: /\b(AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { name: "GitHub token", pattern: /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{82}\b/ },
  { name: "Slack token", pattern: /\bxox[abposr]-[0-9A-Za-z-]{10,}\b/ },
  { name: "Slack webhook", pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/ },
  { name: "Stripe secret key", pattern: /\b(sk|rk)_live_[0-9A-Za-z]{24,}\b/ },
  { name: "Google API key", pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: "OpenAI API key", pattern: /\bsk-(proj-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}\b/ },
  { name: "Anthropic API key", pattern: /\bsk-ant-(api|admin)\d{2}-[A-Za-z0-9_-]{80,}\b/ },
  { name: "npm token", pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  // The header alone is in every library that parses keys; a key has its base64 body after it.
  { name: "private key", pattern: /-----BEGIN (RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY( BLOCK)?-----(\\n|\r?\n|\s)+[A-Za-z0-9+/=]{40,}/ },
  { name: "JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}\b/ },
];
