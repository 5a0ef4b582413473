import { describe, expect, it } from 'vitest';
import { createEventStreamParser, type StreamEvent } from '../../../../src/renderer/src/bridge/event-stream';

const STREAM =
  ': connected\n\n' +
  'event: run:event\ndata: {"a":1}\n\n' +
  ': keep-alive\r\n\r\n' +
  'event: run:event\r\ndata: {"b":\r\ndata: 2}\r\n\r\n' +
  'event:run:event\rdata:{"c":3}\r\r' +
  'data: plain\n\n' +
  'event: empty\n\n';

const EXPECTED: StreamEvent[] = [
  { event: 'run:event', data: '{"a":1}' },
  { event: 'run:event', data: '{"b":\n2}' },
  { event: 'run:event', data: '{"c":3}' },
  { event: 'message', data: 'plain' },
];

function parse(chunks: string[]): StreamEvent[] {
  const events: StreamEvent[] = [];
  const push = createEventStreamParser((event) => events.push(event));
  chunks.forEach(push);
  return events;
}

describe('the event stream reader', () => {
  it('reads named events, joins data lines, skips comments and events without data, whatever the line ends', () => {
    expect(parse([STREAM])).toEqual(EXPECTED);
  });

  it('reads the same events however the stream is cut into chunks', () => {
    for (let cut = 1; cut < STREAM.length; cut += 1) {
      expect(parse([STREAM.slice(0, cut), STREAM.slice(cut)]), `cut at ${cut}`).toEqual(EXPECTED);
    }
    expect(parse([...STREAM])).toEqual(EXPECTED);
  });

  it('holds back an event until its blank line arrives', () => {
    const events: StreamEvent[] = [];
    const push = createEventStreamParser((event) => events.push(event));
    push('event: run:event\ndata: {"a":1}\n');
    expect(events).toEqual([]);
    push('\n');
    expect(events).toEqual([{ event: 'run:event', data: '{"a":1}' }]);
  });
});
