// Pieces of the regular expressions that read shell command lines as text (reverse-shell and
// download-run techniques). Gaps are bounded, so that a line of many shells, netcats or downloads
// is searched in linear time.

/** A POSIX shell's name: sh, bash, zsh, dash, ksh, mksh, tcsh, csh, ash. */
export const SHELL_NAME = String.raw`(?:ba|z|da|k|mk|tc|c|a)?sh`;
/** A POSIX shell by name or system path. */
export const SHELL = String.raw`(?:\/(?:usr\/)?bin\/)?${SHELL_NAME}`;
/** The rest of one command, its redirections (`2>&1`) included. */
export const IN_COMMAND = String.raw`(?:[^;&|\n]|[<>]&){0,256}`;
/** The rest of one pipeline: across single pipes, not `||` or `&&`. */
export const IN_PIPELINE = String.raw`(?:[^;&|\n]|[<>]&|(?<!\|)\|(?!\|)){0,512}`;
/** A pipe, not half of `||`. */
export const PIPE = String.raw`(?<!\|)\|(?!\|)`;
/**
 * What may follow a shell or interpreter that reads its program from its input: options that
 * name no program (not `-c`, `-e`, `-m`, `-p`), `-s`/`-` with arguments for the script (`bash -s
 * -- --quiet`, `python3 -`), redirections (`2>&1`), then the command's end. `sh ./setup.sh` and `node -e …`
 * read their own.
 */
export const READS_INPUT = String.raw`(?:\s+(?!-[a-zA-Z]*[cemp])-[a-zA-Z]+){0,4}(?:\s+(?:-[a-zA-Z]*s\b|--?(?=\s|$))[^;&|\n]{0,256})?(?:\s*\d*(?:>>?|<)&?\s*[^\s;&|]*){0,4}\s*(?=$|[;&|)\n"'\`])`;
/** Where a command starts: the line's start, after a separator or an opening, or PowerShell's `-Command`; past `sudo` and its options. */
export const COMMAND_START = String.raw`(?:^|[;&|(\`\n]|\$\(|\s-(?:c|Command)\s)\s*["']?(?:sudo\s+(?:-\S+\s+){0,4})?`;
