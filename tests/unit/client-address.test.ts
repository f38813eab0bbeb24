// One rule for the client's address: what server/http.ts tells (Express's req.ip, which believes
// X-Forwarded-For only from TRUST_PROXY's proxies), never what the client writes in a header.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER, clientAddress, clientIp } from "~/security/client-ip.server";

const request = (headers: Record<string, string>) => new Request("http://localhost/lookup", { headers });
const address = fc.oneof(fc.ipV4(), fc.ipV6());

describe("clientAddress / clientIp", () => {
  it("ignores X-Forwarded-For and X-Real-IP whatever they say", () => {
    fc.assert(
      fc.property(fc.array(address, { minLength: 1, maxLength: 4 }), address, (hops, real) => {
        const req = request({ "X-Forwarded-For": hops.join(", "), "X-Real-IP": real });
        expect(clientAddress(req)).toBeNull();
        expect(clientIp(req)).toBe("unknown");
      }),
    );
  });

  it("takes the server's address: the load context first, else the header the server sets", () => {
    fc.assert(
      fc.property(address, address, address, (fromContext, fromServer, forged) => {
        const req = request({ [CLIENT_IP_HEADER]: fromServer, "X-Forwarded-For": forged });
        expect(clientAddress(req, { clientIp: fromContext })).toBe(fromContext);
        expect(clientAddress(req)).toBe(fromServer);
        expect(clientIp(req)).toBe(fromServer);
      }),
    );
  });

  it("strips the IPv4-mapped prefix and anything that is not part of an address", () => {
    expect(clientAddress(request({ [CLIENT_IP_HEADER]: "::ffff:203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientAddress(request({ [CLIENT_IP_HEADER]: "<script>" }))).toBe("script");
    expect(clientAddress(request({ [CLIENT_IP_HEADER]: "  " }))).toBeNull();
    expect(clientAddress(request({}), { clientIp: "\u0000\u0001" })).toBeNull();
  });
});
