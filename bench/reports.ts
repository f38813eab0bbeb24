import type { Bench } from "./lib/context";
export const reportsBench: Bench = { name: "reports", title: "reports", needsSeed: true, run: async () => { throw new Error("not written yet"); } };
