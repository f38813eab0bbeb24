import type { Bench } from "./lib/context";
export const breachLatencyBench: Bench = { name: "breach-latency", title: "breach-latency", needsSeed: true, run: async () => { throw new Error("not written yet"); } };
