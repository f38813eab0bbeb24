import type { Bench } from "./lib/context";
export const intakeBench: Bench = { name: "intake", title: "intake", needsSeed: true, run: async () => { throw new Error("not written yet"); } };
