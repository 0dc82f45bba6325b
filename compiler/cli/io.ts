// Where the CLI writes, injectable so tests can run commands in-process.
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Colour for the terminal. */
  color: boolean;
  cwd: string;
  readStdin(): Promise<string>;
  /** Ends a command that runs until stopped (`herd check --watch`); the process's signals when absent. */
  stop?: AbortSignal;
}

export function processIO(): CliIO {
  const color = !process.env["NO_COLOR"] && process.stdout.isTTY === true && process.env["TERM"] !== "dumb";
  return {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
    color,
    cwd: process.cwd(),
    readStdin: () =>
      new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        process.stdin.on("data", (c: Buffer) => chunks.push(c));
        process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        process.stdin.on("error", reject);
      }),
  };
}
