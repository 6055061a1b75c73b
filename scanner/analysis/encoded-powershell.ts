// PowerShell runs the base64 of a command's UTF-16LE text given as `-EncodedCommand`, under any
// prefix of that name (`-enc`, `-e`) and `-ec`: the usual way to hand it a reverse shell or a
// download cradle that no reader, and no search, sees.
const POWERSHELL = /\b(?:powershell|pwsh)(?:\.exe)?\b/i;
// An option and the word after it. Bounded, so a line of options is searched in linear time.
const OPTION_AND_VALUE = /(?:^|[\s"'])-(\w{1,14})["']?\s+["']?([A-Za-z0-9+/]{4,}={0,2})(?=["']?(?:\s|$|[;&|)]))/g;
// More than this is no command line of a program: not decoded.
const MAX_ENCODED = 64 * 1024;
const MAX_COMMANDS = 8;

const namesEncodedCommand = (option: string) => {
  const name = option.toLowerCase();
  return name === "ec" || "encodedcommand".startsWith(name);
};

/**
 * The commands a command line hands PowerShell encoded (`powershell -NoP -enc SQBFAFgA…`),
 * decoded: text only where every character decodes to printable ASCII or whitespace, as a
 * command written out would.
 */
export function encodedPowerShellCommands(line: string): string[] {
  if (!POWERSHELL.test(line)) return [];
  const commands: string[] = [];
  for (const [, option, encoded] of line.matchAll(OPTION_AND_VALUE)) {
    if (!namesEncodedCommand(option!) || encoded!.length > MAX_ENCODED) continue;
    const command = Buffer.from(encoded!, "base64").toString("utf16le");
    if (/^[\x20-\x7e\t\r\n]+$/.test(command)) commands.push(command);
    if (commands.length === MAX_COMMANDS) break;
  }
  return commands;
}
