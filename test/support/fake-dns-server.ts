import dgram from "node:dgram";
import type { AddressInfo } from "node:net";

const TXT = 16;
const NOERROR = 0;
const SERVFAIL = 2;
const NXDOMAIN = 3;

export interface FakeDnsServer {
  /** `127.0.0.1:<port>`, for SIGIL_DNS_SERVERS. */
  address: string;
  /** TXT records by lowercase name; a name that is missing does not exist (NXDOMAIN). */
  txt: Map<string, string[]>;
  /** Names answered with SERVFAIL, as a broken zone is. */
  failing: Set<string>;
  /** Questions received, as `name TYPE-number`. */
  queries: string[];
  close(): Promise<void>;
}

/** Reads the question's name (uncompressed, as a query's is) and where the question ends. */
function readQuestion(packet: Buffer): { name: string; type: number; end: number } {
  const labels: string[] = [];
  let offset = 12;
  for (let length = packet[offset]!; length > 0; length = packet[offset]!) {
    labels.push(packet.toString("latin1", offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  offset += 1;
  return { name: labels.join(".").toLowerCase(), type: packet.readUInt16BE(offset), end: offset + 4 };
}

/** One TXT answer: a pointer to the question's name, TXT IN, TTL 60, strings of at most 255 bytes. */
function txtAnswer(value: string): Buffer {
  const bytes = Buffer.from(value, "utf8");
  const strings: Buffer[] = [];
  for (let i = 0; i < bytes.length || strings.length === 0; i += 255) {
    const chunk = bytes.subarray(i, i + 255);
    strings.push(Buffer.concat([Buffer.from([chunk.length]), chunk]));
  }
  const rdata = Buffer.concat(strings);
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0xc00c, 0);
  head.writeUInt16BE(TXT, 2);
  head.writeUInt16BE(1, 4);
  head.writeUInt32BE(60, 6);
  head.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([head, rdata]);
}

/**
 * A DNS server on 127.0.0.1 (UDP, a free port) that answers TXT questions from a map: enough for
 * Node's resolver, so namespace proofs are tested without a network. Other types get no records.
 */
export async function startFakeDnsServer(): Promise<FakeDnsServer> {
  const socket = dgram.createSocket("udp4");
  const txt = new Map<string, string[]>();
  const failing = new Set<string>();
  const queries: string[] = [];
  socket.on("message", (query, remote) => {
    if (query.length < 17) return;
    const question = readQuestion(query);
    queries.push(`${question.name} ${question.type}`);
    const records = txt.get(question.name);
    const answers = question.type === TXT && records ? records.map(txtAnswer) : [];
    const rcode = failing.has(question.name) ? SERVFAIL : records ? NOERROR : NXDOMAIN;
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2); // the query's id
    // QR, the query's opcode and RD, AA, RA, and the answer's code.
    header.writeUInt16BE(0x8000 | (query.readUInt16BE(2) & 0x7900) | 0x0400 | 0x0080 | rcode, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(answers.length, 6);
    // No authority or additional records (an EDNS OPT in the query is ignored).
    socket.send(Buffer.concat([header, query.subarray(12, question.end), ...answers]), remote.port, remote.address);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(0, "127.0.0.1", () => resolve());
  });
  const { port } = socket.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    txt,
    failing,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
