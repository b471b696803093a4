import { describe, expect, it } from 'vitest';
import * as arbiter from '../src/index.js';

describe('public API (src/index.ts)', () => {
  it('exports the foundation: domain, engine, recordings, replay and venue parsers', () => {
    for (const name of [
      'VENUES', 'parseVenueId', 'ArbiterError', 'ERROR_CODES', 'MS_PER_YEAR', 'instrumentKey', 'midPrice',
      'Engine', 'ReplayClock', 'WallClock', 'SubscriptionManager',
      'RecordingWriter', 'RecordingFileSource', 'replayRecordings', 'runReplayPipeline', 'seedLineToTicker',
      'createFrameParsers', 'parseDeribitInstrumentName', 'parseDeriveInstrumentName', 'parsePolymarketQuestion',
      'createDeribitFrameParser', 'createPolymarketFrameParser', 'createCrossMarketStrategy', 'createGammaScalpStrategy', 'createMomentumStrategy', 'Portfolio',
    ]) {
      expect(arbiter, name).toHaveProperty(name);
    }
  });
});
