import { describe, expect, it } from "vitest";
import { bracketDepth } from "@/scanner/analysis/parse-source";
import { MARKERS, markersIn } from "@/scanner/rules/secret";

// The nesting guard and the secret markers read a file's bytes, not its decoded text: the
// answers must be those the text gives, whatever the file holds around them.
const SAMPLES: Buffer[] = [
  Buffer.from("const k = 'AKIAIOSFODNN7EXAMPLE'; ({[()]}) // eyJ"),
  Buffer.from("é{ghp_x} ✓(npm_)[🔑 sk-ant-] xoxb PRIVATE KEY hooks.slack.com T3BlbkFJ AIza _live_ ASIA github_pat_ gho_ ghu_ ghs_ ghr_"),
  Buffer.concat([Buffer.from("AK"), Buffer.from([0xe2, 0x82]), Buffer.from("IA ((")]),
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("xox"), Buffer.from([0xc3]), Buffer.from("{eyJ"), Buffer.from([0xf0, 0x9f, 0x94])]),
  Buffer.from("\ufeff[[[[{{{(((npm_npm_)))}}}]]]]"),
  Buffer.from(""),
  Buffer.from("ey"),
];

function textDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const c of text) {
    depth += "([{".includes(c) ? 1 : ")]}".includes(c) ? -1 : 0;
    if (depth < 0) depth = 0;
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

describe("reading bytes instead of text", () => {
  it.each(SAMPLES.map((bytes, i) => [i, bytes] as const))("sample %i: the same nesting depth and secret markers as its text", (_i, bytes) => {
    const text = bytes.toString("utf8");
    expect(bracketDepth(bytes)).toBe(textDepth(text));
    expect([...markersIn(bytes)].sort()).toEqual(MARKERS.filter((marker) => text.includes(marker)).sort());
  });
});
