import { describe, expect, it } from "vitest";
import { isPublicAddress } from "@/lib/net/public-address";

describe("isPublicAddress, which keeps namespace checks off private networks", () => {
  it.each(["8.8.8.8", "1.1.1.1", "140.82.112.3", "2606:4700:4700::1111", "2a00:1450:4001::200e"])("accepts %s", (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
  it.each(["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "::", "fd00::1", "fe80::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "not an address"])(
    "refuses %s",
    (address) => {
      expect(isPublicAddress(address)).toBe(false);
    },
  );
});
