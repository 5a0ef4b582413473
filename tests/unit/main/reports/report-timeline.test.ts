import { describe, expect, it } from 'vitest';
import { localTime } from '../../../../src/shared/local-time';
import type { ReportAttempt, ReportStep } from '../../../../src/main/reports/report-model';
import { timelineSvg } from '../../../../src/main/reports/report-timeline';
import { attribute, parseHtml, select, textOf } from '../../support/html-tree';

const T0 = Date.parse('2026-12-02T08:14:00Z');
const time = localTime('Europe/Berlin');

function attempt(start: number, durationMs: number, result: ReportAttempt['result'] = 'done'): ReportAttempt {
  return { start: T0 + start, end: T0 + start + durationMs, durationMs, result, output: [] };
}

function step(id: string, ...attempts: ReportAttempt[]): ReportStep {
  return { id, title: `Step ${id}`, attempts, outcome: attempts.at(-1)?.result ?? 'not-run' };
}

function chart(steps: ReportStep[]) {
  const timeline = timelineSvg(steps, time);
  const { document, errors } = parseHtml(
    `<!DOCTYPE html><html lang="en"><head><title>chart</title></head><body>${timeline.svg ?? ''}</body></html>`,
  );
  expect(errors).toEqual([]);
  const bars = select(document, 'rect', 'bar').map((bar) => ({
    step: attribute(bar, 'data-step'),
    x: Number(attribute(bar, 'x')),
    width: Number(attribute(bar, 'width')),
    className: attribute(bar, 'class'),
  }));
  return { timeline, document, bars };
}

describe('the timeline of the steps', () => {
  it('draws fifty servers run ten at a time as a staircase: one lane and one bar each, batches side by side', () => {
    const servers = Array.from({ length: 50 }, (_, index) =>
      step(`server-${index + 1}`, attempt(Math.floor(index / 10) * 1000, 1000)),
    );
    const { timeline, bars, document } = chart([step('restore', attempt(-2000, 2000)), ...servers]);
    expect(timeline.mostAtOnce).toBe(10);
    expect(select(document, 'text', 'lane-label')).toHaveLength(51);
    expect(bars.map((bar) => bar.step)).toEqual(['restore', ...servers.map((server) => server.id)]);
    const serverBars = bars.slice(1);
    for (let batch = 0; batch < 5; batch += 1) {
      const xs = new Set(serverBars.slice(batch * 10, batch * 10 + 10).map((bar) => bar.x));
      expect(xs.size, `batch ${batch + 1} starts together`).toBe(1);
    }
    const starts = [0, 10, 20, 30, 40].map((index) => serverBars[index]?.x ?? 0);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(new Set(starts).size).toBe(5);
    // Seven seconds over 620 pixels: a second of a server's work is about 88 pixels, plainly visible.
    expect(serverBars[0]?.width).toBeGreaterThan(80);
  });

  it('cuts hours in which nothing ran out of the axis, so the steps either side keep their width', () => {
    const { timeline, bars, document } = chart([
      step('before', attempt(0, 1000, 'interrupted')),
      step('after', attempt(2 * 3_600_000, 1000)),
    ]);
    expect(timeline.breaks).toEqual([{ from: T0 + 1000, to: T0 + 2 * 3_600_000 }]);
    expect(select(document, 'rect', 'axis-break')).toHaveLength(1);
    expect(textOf(select(document, 'rect', 'axis-break')[0] ?? document)).toContain('Nothing ran for 1 h 59 min');
    for (const bar of bars) expect(bar.width).toBeGreaterThan(250);
    expect(bars.map((bar) => bar.className)).toEqual(['bar bar-interrupted', 'bar bar-done']);
    // Ticks count from the first step across the break: those after it read two hours on.
    const ticks = select(document, 'text', 'tick').map((tick) => textOf(tick));
    expect(ticks).toEqual(['0.0 s', '0.5 s', '1.0 s', '…', '2:00:00.0', '2:00:00.5', '2:00:01.0']);
  });

  it('marks a step skipped as already done, and gives every bar its step, result, start and duration', () => {
    const { document } = chart([
      step('a', attempt(0, 1500, 'failed'), attempt(5000, 500)),
      step('b', attempt(5500, 0, 'skipped')),
    ]);
    expect(select(document, 'path', 'bar-skipped').map((mark) => attribute(mark, 'data-step'))).toEqual(['b']);
    const tips = select(document, 'title').map((title) => textOf(title));
    expect(tips).toContain('1. Step a (attempt 1): failed, started 2026-12-02 09:14:00 CET (UTC+01:00), 1.5 s');
    expect(tips).toContain('1. Step a (attempt 2): done, started 2026-12-02 09:14:05 CET (UTC+01:00), 500 ms');
    expect(tips).toContain('2. Step b: skipped, already done, started 2026-12-02 09:14:05 CET (UTC+01:00), 0 ms');
  });

  it('has no chart when no step started', () => {
    expect(timelineSvg([step('a'), step('b')], time)).toEqual({ svg: null, breaks: [], origin: null, mostAtOnce: 0 });
  });
});
