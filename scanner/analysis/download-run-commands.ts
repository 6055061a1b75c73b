// A command line that runs what it downloads, unseen: a download piped into a shell or an
// interpreter, or substituted into one. Gaps are bounded, so a long line is searched in linear time.
const FETCHER = String.raw`\b(?:curl|wget|fetch|iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\b`;
const RUNNER = String.raw`(?:\/(?:usr\/)?bin\/)?(?:(?:ba|z|da|k|mk|a)?sh|python[\d.]*|perl|ruby|node|php|iex|Invoke-Expression)\b`;
const IN_PIPELINE = String.raw`(?:[^;&\n]|[<>]&){0,512}`;

const TECHNIQUES: { name: string; pattern: RegExp }[] = [
  // `curl -fsSL https://… | sh`, `wget -qO- … | sudo bash`, `iwr … | iex`.
  { name: "a download piped into a shell", pattern: new RegExp(String.raw`${FETCHER}${IN_PIPELINE}\|\s*(?:sudo\s+(?:-\S+\s+){0,4})?${RUNNER}`, "i") },
  // `bash -c "$(curl -fsSL …)"`, `bash <(curl -s …)`, `eval "$(wget -qO- …)"`, `source <(curl …)`,
  // and a line that is a download's output (`$(curl -s …)`, run as a command).
  { name: "a download substituted into a shell", pattern: new RegExp(String.raw`(?:^\s*|(?:${RUNNER}|\beval|\bsource|(?:^|[\s;&|])\.)\s+(?:-\S+\s+){0,4})["']?(?:\$\(|<\(|\`)\s*${FETCHER}`, "i") },
  // PowerShell's `IEX (New-Object Net.WebClient).DownloadString('…')`.
  { name: "PowerShell running a downloaded string", pattern: /\b(?:iex|Invoke-Expression)\b[\s(]{0,8}(?:\(\s*)?New-Object\s+(?:System\.)?Net\.WebClient\)?\.DownloadString/i },
];
// Longer lines (built up from constants) are not searched.
const MAX_LINE = 64 * 1024;

/** How a command line runs what it downloads (`curl … | sh` is "a download piped into a shell"), or undefined. */
export function downloadRunIn(line: string): string | undefined {
  if (line.length > MAX_LINE) return undefined;
  return TECHNIQUES.find(({ pattern }) => pattern.test(line))?.name;
}
