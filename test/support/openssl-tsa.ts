import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

const TSA_CONFIG = (dir: string) => `
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = ${dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.crt
certs = $dir/chain.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
`;

/**
 * An RFC 3161 timestamp authority on 127.0.0.1: Debian's `openssl ts -reply` behind a small
 * HTTP server, with an ECDSA P-256 root and a timestamping certificate made for the test. Its
 * times are whole seconds (no accuracy or precision set), which @sigstore/core requires.
 */
export async function startOpensslTsa() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sigil-tsa-"));
  const openssl = (...args: string[]) => run("openssl", args, { cwd: dir });
  fs.writeFileSync(path.join(dir, "tsa-ext.cnf"), "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n");
  fs.writeFileSync(path.join(dir, "ts.cnf"), TSA_CONFIG(dir));
  fs.writeFileSync(path.join(dir, "serial"), "01\n");
  await openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key");
  await openssl("req", "-x509", "-new", "-key", "ca.key", "-subj", "/O=Sigil tests/CN=Test TSA root", "-days", "3650", "-out", "ca.crt", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
  await openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "tsa.key");
  await openssl("req", "-new", "-key", "tsa.key", "-subj", "/O=Sigil tests/CN=Test TSA", "-out", "tsa.csr");
  await openssl("x509", "-req", "-in", "tsa.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "3650", "-out", "tsa.crt", "-extfile", "tsa-ext.cnf");
  const chainPem = fs.readFileSync(path.join(dir, "tsa.crt"), "utf8") + fs.readFileSync(path.join(dir, "ca.crt"), "utf8");
  fs.writeFileSync(path.join(dir, "chain.pem"), chainPem);

  let requests = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const id = ++requests;
      const query = path.join(dir, `query-${id}.tsq`);
      const reply = path.join(dir, `reply-${id}.tsr`);
      try {
        if (req.headers["content-type"] !== "application/timestamp-query") throw new Error("not a timestamp query");
        fs.writeFileSync(query, Buffer.concat(chunks));
        await openssl("ts", "-reply", "-config", "ts.cnf", "-queryfile", query, "-out", reply);
        res.writeHead(200, { "content-type": "application/timestamp-reply" });
        res.end(fs.readFileSync(reply));
      } catch (error) {
        res.writeHead(400, { "content-type": "text/plain" });
        res.end((error as Error).message);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    /** The chain the authority signs with, leaf first, as SIGIL_TSA_CERT_CHAIN_FILE holds it. */
    chainPem,
    chainFile: path.join(dir, "chain.pem"),
    requests: () => requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
