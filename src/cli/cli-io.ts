/** Where commands write: the process streams in production, buffers in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

let pipeGuarded = false;

/**
 * A reader that stops early (`ttpa --help | head`) closes the output's pipe, and the next write fails
 * with EPIPE, which Node raises as an unhandled 'error' event: a stack trace. The output is no
 * longer wanted, so the process ends at once and quietly, with status 141 (128 + SIGPIPE), as
 * `ls | head` ends ls; a shell shows it only under `set -o pipefail`. Other stream errors are raised
 * as before.
 */
function exitQuietlyOnClosedPipe(): void {
  if (pipeGuarded) return;
  pipeGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(141);
      throw error;
    });
  }
}

export const processIo: CliIo = {
  stdout: (text) => {
    exitQuietlyOnClosedPipe();
    process.stdout.write(text);
  },
  stderr: (text) => {
    exitQuietlyOnClosedPipe();
    process.stderr.write(text);
  },
};
