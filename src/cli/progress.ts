/** A replay progress bar on stderr (only when stderr is a terminal): percent, MB read, event time. */
import cliProgress from 'cli-progress';
import type { ReplayProgress } from '../backtest/replay.js';

export interface ProgressBar {
  update(p: ReplayProgress): void;
  stop(): void;
}

export function createReplayProgressBar(enabled: boolean): ProgressBar {
  if (!enabled || !process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { format: 'replay [{bar}] {percentage}% | {mb}/{totalMb} MB | {records} records | {time}', stream: process.stderr, hideCursor: true, barsize: 30 },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p) {
      const payload = { mb: (p.bytesRead / 2 ** 20).toFixed(1), totalMb: (p.totalBytes / 2 ** 20).toFixed(1), records: p.records.toLocaleString('en-US'), time: Number.isFinite(p.lastTs) ? new Date(p.lastTs).toISOString().slice(0, 19).replace('T', ' ') : '—' };
      if (!started) {
        bar.start(p.totalBytes, p.bytesRead, payload);
        started = true;
      } else {
        bar.update(p.bytesRead, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
