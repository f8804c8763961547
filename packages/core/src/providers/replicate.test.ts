import { describe, expect, it } from 'vitest';
import { replicate } from './replicate.ts';

/*
 * A prediction object as in Replicate's docs (topics/predictions), with the token metrics its
 * language models add once a prediction has finished.
 */
const prediction = (status: string, metrics?: Record<string, number>) => ({
  id: 'gm3qorzdhgbfurvjtvhg6dckhu',
  model: 'meta/meta-llama-3-8b-instruct',
  version: 'dp-cf04fe09351e25db628e8b6181276547',
  input: { prompt: 'Why is the sky blue?', max_tokens: 512 },
  logs: '',
  output: status === 'succeeded' ? ['The', ' sky', ' is', ' blue', '.'] : null,
  error: null,
  status,
  created_at: '2024-04-18T16:19:34.765994Z',
  data_removed: false,
  ...(metrics ? { metrics } : {}),
  urls: {
    cancel: 'https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu/cancel',
    get: 'https://api.replicate.com/v1/predictions/gm3qorzdhgbfurvjtvhg6dckhu',
    stream: 'https://streaming-api.svc.us.c.replicate.net/v1/streams/abc',
  },
});

describe('replicate usage', () => {
  it('reads metrics.input_token_count / output_token_count of a finished prediction', () => {
    const done = prediction('succeeded', { batch_size: 1, input_token_count: 25, output_token_count: 310, predict_time: 2.61, time_to_first_token: 0.14, tokens_per_second: 122.9 });
    expect(replicate.usageFromJson!(done)).toEqual({ tokensIn: 25, tokensOut: 310 });
  });

  it('has none while starting, for models that only report time, or for other bodies', () => {
    expect(replicate.usageFromJson!(prediction('starting'))).toBeUndefined();
    expect(replicate.usageFromJson!(prediction('succeeded', { predict_time: 0.012683 }))).toBeUndefined();
    expect(replicate.usageFromJson!({ results: [], next: null })).toBeUndefined();
  });

  it('reads the model from the path or the version', () => {
    expect(replicate.model!({ path: 'models/meta/meta-llama-3-8b-instruct/predictions', body: {} })).toBe('meta/meta-llama-3-8b-instruct');
    expect(replicate.model!({ path: 'predictions', body: { version: 'meta/meta-llama-3-8b:9a9e68fc', input: {} } })).toBe('meta/meta-llama-3-8b:9a9e68fc');
  });
});
