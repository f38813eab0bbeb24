// What the bench-only routes (/bench/trivial, /bench/profile) share: they exist only in a server
// started with BENCH_TRIVIAL_ROUTE=1 (bench/intake.ts does); everywhere else they answer 404 like
// any unknown path.
export const benchRoutesEnabled = () => process.env.BENCH_TRIVIAL_ROUTE === "1";

export const plainText = (status: number, text: string) =>
  new Response(text, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

export const notFound = () => plainText(404, "Not Found");
