// Every line the process writes to stdout/stderr passes the same masking as stored text
// (SERVICE-STANDARDS §7): console.*, Remix's own error printing, a library's stack trace, and any
// logger that writes through process.stdout/process.stderr. Installed once, first thing at boot.
import { maskText } from "~/core/mask";

const INSTALLED = Symbol.for("desk.maskedOutput");

/** A chunk of log output with personal numbers masked and failed-query parameters dropped. */
export function maskOutput(text: string): string {
  // drizzle quotes the failed query's parameters ("params: …") — the values a person sent.
  return maskText(text.replace(/^(\s*)params: .*$/gm, "$1params: (not logged)"));
}

export function installMaskedOutput(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    const marked = stream as NodeJS.WriteStream & { [INSTALLED]?: true };
    if (marked[INSTALLED]) continue;
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (typeof chunk === "string") return write(maskOutput(chunk), ...rest);
      if (chunk instanceof Uint8Array) {
        const text = Buffer.from(chunk).toString("utf8");
        const masked = maskOutput(text);
        return write(masked === text ? chunk : Buffer.from(masked, "utf8"), ...rest);
      }
      return write(chunk, ...rest);
    }) as typeof stream.write;
    marked[INSTALLED] = true;
  }
}
