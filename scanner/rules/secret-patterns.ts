/**
 * Credential formats whose shape identifies them (their issuers' documented prefixes). Each has
 * fixed markers that any match contains: the regex runs only on text holding one, which keeps
 * megabytes of bundled code cheap to search. Lengths are bounded, well above the issuers' own:
 * an unbounded run backtracks over every start in a long run of its characters, and overflows
 * V8's regular-expression stack on millions of them.
 */
export const SECRET_PATTERNS: { name: string; markers: string[]; pattern: RegExp }[] = [
  // AWS's documentation example keys end in EXAMPLE: not a leak.
  { name: "AWS access key ID", markers: ["AKIA", "ASIA"], pattern: /\b(AKIA|ASIA)(?![0-9A-Z]{9}EXAMPLE)[0-9A-Z]{16}\b/ },
  { name: "GitHub token", markers: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"], pattern: /\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{82}\b/ },
  { name: "Slack token", markers: ["xox"], pattern: /\bxox[abposr]-[0-9A-Za-z-]{10,250}\b/ },
  { name: "Slack webhook", markers: ["hooks.slack.com"], pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+/ },
  { name: "Stripe secret key", markers: ["_live_"], pattern: /\b(sk|rk)_live_[0-9A-Za-z]{24,250}\b/ },
  { name: "Google API key", markers: ["AIza"], pattern: /\bAIza[0-9A-Za-z_-]{35}\b/ },
  { name: "OpenAI API key", markers: ["T3BlbkFJ"], pattern: /\bsk-(proj-)?[A-Za-z0-9_-]{20,300}T3BlbkFJ[A-Za-z0-9_-]{20,300}\b/ },
  { name: "Anthropic API key", markers: ["sk-ant-"], pattern: /\bsk-ant-(api|admin)\d{2}-[A-Za-z0-9_-]{80,300}\b/ },
  { name: "npm token", markers: ["npm_"], pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  // An AWS secret key has no prefix of its own: only where it is named (a credentials file, an
  // SDK's options), and with a digit, `/` or `+` as random keys have (a long name has none).
  // AWS's documented example secret ends in EXAMPLEKEY.
  {
    name: "AWS secret access key",
    // Under any prefix or case: `awsSecretAccessKey`, `MY_AWS_SECRET_ACCESS_KEY`, `aws_secret_key`.
    markers: ["ecret_access_key", "ECRET_ACCESS_KEY", "ecretAccessKey", "ws_secret_key", "WS_SECRET_KEY", "wsSecretKey"],
    pattern: /(?:secret_?access_?key|aws_?secret_?key)["']?\s{0,8}[:=]\s{0,8}["']?(?![A-Za-z0-9/+]{30}EXAMPLEKEY)(?=[A-Za-z]{0,39}[0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/i,
  },
  // Other services MCP servers are made for, by their documented prefixes.
  { name: "GitLab token", markers: ["glpat-"], pattern: /\bglpat-[0-9A-Za-z_-]{20,300}\b/ },
  { name: "SendGrid API key", markers: ["SG."], pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/ },
  { name: "Hugging Face token", markers: ["hf_"], pattern: /\bhf_[A-Za-z]{34,40}\b/ },
  { name: "Shopify token", markers: ["shpat_", "shpca_", "shppa_", "shpss_"], pattern: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/ },
  { name: "DigitalOcean token", markers: ["_v1_"], pattern: /\bdo[opr]_v1_[a-f0-9]{64}\b/ },
  { name: "Linear API key", markers: ["lin_api_"], pattern: /\blin_api_[A-Za-z0-9]{40}\b/ },
  { name: "Supabase access token", markers: ["sbp_"], pattern: /\bsbp_[a-f0-9]{40}\b/ },
  { name: "Sentry auth token", markers: ["sntryu_", "sntrys_"], pattern: /\bsntryu_[a-f0-9]{64}\b|\bsntrys_eyJ[A-Za-z0-9_=-]{20,1024}/ },
  { name: "Groq API key", markers: ["gsk_"], pattern: /\bgsk_[A-Za-z0-9]{52}\b/ },
  // Notion's integration tokens, `ntn_` and the older `secret_` (43 characters, as Notion issued them).
  { name: "Notion token", markers: ["ntn_", "secret_"], pattern: /\bntn_[0-9]{11}[A-Za-z0-9]{35}\b|\bsecret_[A-Za-z0-9]{43}\b/ },
  { name: "Figma access token", markers: ["figd_"], pattern: /\bfigd_[A-Za-z0-9_-]{36,64}(?![A-Za-z0-9_-])/ },
  { name: "Tavily API key", markers: ["tvly-"], pattern: /\btvly-(?:dev-|prod-)?[A-Za-z0-9]{32}\b/ },
  { name: "Firecrawl API key", markers: ["fc-"], pattern: /\bfc-[a-f0-9]{32}\b/ },
  { name: "Perplexity API key", markers: ["pplx-"], pattern: /\bpplx-[A-Za-z0-9]{48}\b/ },
  { name: "Replicate API token", markers: ["r8_"], pattern: /\br8_[A-Za-z0-9]{37}\b/ },
  // The header alone is in every library that parses keys; a key has its base64 body after it.
  { name: "private key", markers: ["PRIVATE KEY"], pattern: /-----BEGIN (RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY( BLOCK)?-----(?:\\n|\s){1,8}[A-Za-z0-9+/=]{40}/ },
  // jwt.io's example token (John Doe, signed with "your-256-bit-secret") is in countless docs and
  // test suites: its signature marks a copy of it, not a leak.
  { name: "JSON Web Token", markers: ["eyJ"], pattern: /\beyJ[A-Za-z0-9_-]{10,300}\.eyJ[A-Za-z0-9_-]{10,8192}\.(?!SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c\b)[A-Za-z0-9_-]{20,1024}\b/ },
];
