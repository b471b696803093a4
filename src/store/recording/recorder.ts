/**
 * Records what arrived: every raw frame a venue client receives goes to that venue's rotating
 * recording with its local receive time and the venue's own timestamp when the frame has one.
 * Frames that are not JSON (PONG, garbage) are kept as text, so a replay sees exactly the same
 * stream, bad frames included.
 */
import type { VenueId } from '../../domain/venue.js';
import { RotatingRecordingWriter, type RotatingRecordingWriterOptions } from './rotating-recording-writer.js';

export type VenueTimestampOf = (venue: VenueId, frame: unknown) => number | null;

export interface RecorderOptions extends Omit<RotatingRecordingWriterOptions, 'prefix'> {
  readonly venueTimestamp: VenueTimestampOf;
}

export class Recorder {
  private readonly writers = new Map<VenueId, RotatingRecordingWriter>();
  /** Frames recorded per venue. */
  readonly counts: Partial<Record<VenueId, number>> = {};

  constructor(private readonly options: RecorderOptions) {}

  /** The raw-frame listener to hand to a venue client's `onRawFrame`. */
  tap(venue: VenueId): (text: string, tsLocal: number) => void {
    let writer = this.writers.get(venue);
    if (!writer) {
      writer = new RotatingRecordingWriter({ ...this.options, prefix: venue });
      this.writers.set(venue, writer);
    }
    const w = writer;
    return (text, tsLocal) => {
      let frame: unknown;
      try {
        frame = JSON.parse(text);
      } catch {
        frame = text;
      }
      w.write({ venue, tsLocal, tsVenue: this.options.venueTimestamp(venue, frame), frame });
      this.counts[venue] = (this.counts[venue] ?? 0) + 1;
    };
  }

  /** Every file written so far, per venue. */
  get files(): string[] {
    return [...this.writers.values()].flatMap((w) => w.files);
  }

  async close(): Promise<void> {
    await Promise.all([...this.writers.values()].map((w) => w.close()));
  }
}
