import { z } from "zod";
import { badRequest } from "@/lib/errors";
import { isPlainText } from "@/lib/validation/storable-text";

/** A position in the (server name, version) order: the last entry of the previous page. */
export interface ListCursor {
  name: string;
  version: string;
}

// A cursor arrives from the client, so its decoded fields are as untrusted as any parameter.
const cursorField = z.string().max(255).refine(isPlainText);
const cursorShape = z.object({ n: cursorField, v: cursorField });

export function encodeCursor(cursor: ListCursor): string {
  return Buffer.from(JSON.stringify({ n: cursor.name, v: cursor.version })).toString("base64url");
}

export function decodeCursor(value: string): ListCursor {
  try {
    const parsed = cursorShape.parse(JSON.parse(Buffer.from(value, "base64url").toString("utf8")));
    return { name: parsed.n, version: parsed.v };
  } catch {
    throw badRequest("The cursor is not one this registry issued; use metadata.nextCursor from the previous page.", [
      { location: "cursor", message: "is not a valid cursor" },
    ]);
  }
}
