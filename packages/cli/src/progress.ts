/**
 * A progress bar on stderr for long runs, drawn only when stderr is a terminal.
 * @module
 */
export interface Progress {
  update(stage: string, done: number, total: number): void;
  done(): void;
}

export function progressBar(stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = Boolean(stream.isTTY);
  let last = 0;
  let drawn = false;
  return {
    update(stage, done, total) {
      if (!tty) return;
      const now = performance.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const w = 30;
      const f = total > 0 ? Math.min(1, done / total) : 0;
      stream.write(`\r${stage.padEnd(10)} [${"#".repeat(Math.round(f * w)).padEnd(w)}] ${done}/${total}`);
      drawn = true;
    },
    done() {
      if (tty && drawn) stream.write("\r" + " ".repeat(60) + "\r");
    },
  };
}
