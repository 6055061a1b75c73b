import { COMMAND_START, IN_PIPELINE, PIPE, READS_INPUT, SHELL } from "@/scanner/analysis/shell-line-patterns";

// A command line that runs what it downloads, unseen: a download piped into a shell or an
// interpreter, substituted into one, or saved and then run or made executable. Gaps are bounded,
// so a long line is searched in linear time.
const FETCHER = String.raw`\b(?:curl|wget|fetch|iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\b`;
// A shell or interpreter reading its program from its input (`| sh`, `| python3 -`, `| iex`).
const RUNNER = String.raw`(?:${SHELL}|(?:\/(?:usr\/)?bin\/)?(?:python[\d.]*|perl|ruby|node|php)|iex|Invoke-Expression)\b`;
const matches = (pattern: string) => {
  const compiled = new RegExp(pattern, "i");
  return (line: string) => compiled.test(line);
};

// A download saved to a file: curl's `-o F` (also `-sSLo F`, `--output F`), wget's `-O F`,
// PowerShell's `-OutFile F` (whose curl and wget are Invoke-WebRequest), or its output redirected (`> F`).
const SAVED = /\b(?:curl|wget|iwr|Invoke-WebRequest)\b[^;&|\n]{0,512}?\s(?:(?:-[a-zA-Z]*[oO]|--output(?:-document)?|-OutFile)[\s=]+|>\s*)(['"]?)([^\s'";&|()<>]+)\1/gi;
// Windows' own downloaders, which save to the file named after the URL: `certutil -urlcache -f URL F`, `bitsadmin /transfer job URL F`.
// (The option is looked ahead for: a lookahead is not searched again when the URL is not found.)
const SAVED_BY_WINDOWS = /\b(?:certutil(?:\.exe)?\b(?=[^;&|\n]{0,512}\s-urlcache\b)|bitsadmin(?:\.exe)?\b(?=[^;&|\n]{0,512}\s\/transfer\b))[^;&|\n]{0,512}?\shttps?:\/\/[^\s'";&|]+\s+(['"]?)([^\s'";&|()<>]+)\1/gi;
const MAX_SAVED = 8;
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// A download saved under the name its URL ends with: wget without -O, curl with -O (`-sSLO`).
const NAMED_BY_URL = /\b(?:wget\b(?![^;&|\n]{0,512}\s(?:-[a-zA-Z]*O|--output-document)\b)|curl\b(?=[^;&|\n]{0,512}\s-[a-zA-Z]*O\b))[^;&|\n]{0,512}?\bhttps?:\/\/[^\s'";&|]*\/([^\s'";&|/?#]+)/g;

/** The files a line saves downloads to (at most MAX_SAVED: each is a search of the rest of the line), with where the line goes on. */
function* savedFiles(line: string): Generator<{ file: string; after: number }> {
  let saved = 0;
  for (const pattern of [SAVED, SAVED_BY_WINDOWS]) {
    for (const match of line.matchAll(pattern)) {
      if (++saved > MAX_SAVED) return;
      yield { file: match[2]!, after: match.index + match[0].length };
    }
  }
  for (const match of line.matchAll(NAMED_BY_URL)) {
    if (++saved > MAX_SAVED) return;
    yield { file: match[1]!, after: match.index + match[0].length };
  }
}

/** Whether a line runs a file it downloaded (`-o /tmp/x && /tmp/x`, `sh install.sh`) or makes it executable (`chmod +x /tmp/x`). */
function runsSavedDownload(line: string): boolean {
  for (const saved of savedFiles(line)) {
    const file = escaped(saved.file.replace(/^\.[\\/]/, ""));
    // Run as a command (also by cmd's `start` and PowerShell's `Start-Process`), sourced, or given to a shell or an interpreter (PowerShell's `-File` too).
    const ran = new RegExp(String.raw`(?:^|[;&|(\n]\s*|(?:${RUNNER}|\b(?:powershell|pwsh)(?:\.exe)?|\bsource|\bstart(?:\s+"[^"\n]{0,64}")?|\bStart-Process|(?:^|[;&|(\n])\s*\.)\s+(?:-\S+\s+){0,4})(?:\.[\\/])?${file}(?=$|[\s;&|)'"])|\bchmod\s+(?:-\S+\s+){0,4}(?:[0-7]{0,2}[1357][0-7]{0,2}|[ugoa]{0,4}\+[rw]{0,2}x[rw]{0,2})\s+(?:\.\/)?${file}(?=$|[\s;&|)])`, "i");
    if (ran.test(line.slice(saved.after))) return true;
  }
  return false;
}

const TECHNIQUES: { name: string; test: (line: string) => boolean }[] = [
  // `curl -fsSL https://… | sh`, `wget -qO- … | sudo bash`, `iwr … | iex`.
  { name: "a download piped into a shell", test: matches(String.raw`${COMMAND_START}${FETCHER}${IN_PIPELINE}${PIPE}\s*(?:sudo\s+(?:-\S+\s+){0,4})?${RUNNER}${READS_INPUT}`) },
  // `bash -c "$(curl -fsSL …)"`, `bash <(curl -s …)`, `eval "$(wget -qO- …)"`, `source <(curl …)`,
  // and a line that is a download's output (`$(curl -s …)`, run as a command).
  { name: "a download substituted into a shell", test: matches(String.raw`(?:^\s*|(?:${RUNNER}|\beval|\bsource|(?:^|[\s;&|])\.)\s+(?:-\S+\s+){0,4})["']?(?:\$\(|<\(|\`)\s*${FETCHER}`) },
  // PowerShell's `IEX (New-Object Net.WebClient).DownloadString('…')`.
  // `iex (iwr …)`, `(New-Object Net.WebClient).DownloadString(…) | iex`.
  {
    name: "PowerShell running a downloaded string",
    test: matches(String.raw`\b(?:iex|Invoke-Expression)\b[\s(]{0,8}(?:\(\s*)?(?:New-Object\s+(?:System\.)?Net\.WebClient\)?\.DownloadString|(?:iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\b)|\.DownloadString\([^)\n]{0,512}\)\s*${PIPE}\s*(?:iex|Invoke-Expression)\b`),
  },
  // `curl -fsSL … -o /tmp/.x && chmod +x /tmp/.x && /tmp/.x`, `wget -O s.sh …; sh s.sh`.
  { name: "a download saved, then run or made executable", test: runsSavedDownload },
];
// Longer lines (built up from constants) are not searched.
const MAX_LINE = 64 * 1024;

/** How a command line runs what it downloads (`curl … | sh` is "a download piped into a shell"), or undefined. */
export function downloadRunIn(line: string): string | undefined {
  if (line.length > MAX_LINE) return undefined;
  return TECHNIQUES.find(({ test }) => test(line))?.name;
}
