import { formatSpan, type LocalTime } from '../../shared/local-time';
import { htmlText } from './html-text';
import type { AttemptResult, ReportAttempt, ReportStep } from './report-model';

/**
 * The steps of a run as a chart, in inline SVG: one lane per step in plan order, a bar for each
 * attempt on a time axis, so a block of steps that ran side by side (fifty runbook servers, ten at
 * a time) reads as a staircase at a glance. Hours in which nothing ran (a run resumed the next
 * day) are cut out of the axis and marked, so they do not squeeze the steps into slivers.
 */

const LABEL_WIDTH = 300;
const CHART_WIDTH = 620;
const GUTTER = 12;
const ROW_HEIGHT = 18;
const BAR_HEIGHT = 12;
const AXIS_HEIGHT = 30;
const BREAK_WIDTH = 30;
const MIN_SEGMENT_WIDTH = 16;
const MIN_BAR_WIDTH = 2;
const LABEL_CHARACTERS = 46;
/** An idle stretch is cut out of the axis when it is longer than this, or than a fifth of the time steps ran. */
const MIN_BREAK_MS = 60_000;
/** Tick intervals in milliseconds, from which the shortest that leaves room for each label is picked. */
const TICK_INTERVALS = [
  10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000,
  1_800_000, 3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000,
];
const MIN_TICK_SPACING = 64;

const RESULT_WORDS: Record<AttemptResult, string> = {
  done: 'done',
  skipped: 'skipped, already done',
  failed: 'failed',
  interrupted: 'interrupted',
  running: 'running when the journal ends',
};

interface Segment {
  from: number;
  to: number;
  x: number;
  width: number;
}

export interface Timeline {
  /** The chart, or null when no step has started. */
  svg: string | null;
  /** The idle stretches cut out of the axis, for the caption. */
  breaks: { from: number; to: number }[];
  /** When the first step started: the axis counts from there. */
  origin: number | null;
  /** The most steps that ran at the same moment. */
  mostAtOnce: number;
}

export function timelineSvg(steps: readonly ReportStep[], time: LocalTime): Timeline {
  const attempts = steps.flatMap((step) => step.attempts);
  if (attempts.length === 0) return { svg: null, breaks: [], origin: null, mostAtOnce: 0 };
  const origin = Math.min(...attempts.map((attempt) => attempt.start));
  const segments = axisSegments(attempts.map((attempt) => [attempt.start, attempt.end] as const));
  const breaks = segments.slice(1).map((segment, index) => ({ from: segments[index]?.to ?? origin, to: segment.from }));
  const x = (at: number) => LABEL_WIDTH + GUTTER + position(segments, at);
  const height = AXIS_HEIGHT + steps.length * ROW_HEIGHT + 4;
  const width = LABEL_WIDTH + GUTTER + CHART_WIDTH;

  const parts: string[] = [];
  parts.push(
    `<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="timeline-title timeline-desc">`,
    `<title id="timeline-title">Timeline of the steps</title>`,
    `<desc id="timeline-desc">${htmlText(
      `${steps.length} steps, one lane each, on a time axis starting ${time.format(origin)}. The table of steps below gives the same times in words.`,
    )}</desc>`,
    `<defs><pattern id="failed-stripes" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" class="bar-failed-ground"/><rect width="3" height="6" class="bar-failed"/></pattern></defs>`,
  );
  steps.forEach((step, index) => {
    const top = AXIS_HEIGHT + index * ROW_HEIGHT;
    if (index % 2 === 1)
      parts.push(`<rect class="lane-alt" x="0" y="${top}" width="${width}" height="${ROW_HEIGHT}"/>`);
    const label = `${index + 1}. ${step.title}`;
    parts.push(
      `<text class="lane-label" x="${LABEL_WIDTH}" y="${top + ROW_HEIGHT / 2}" text-anchor="end" dominant-baseline="central"><title>${htmlText(label)}</title>${htmlText(shortened(label))}</text>`,
    );
  });
  parts.push(...axis(segments, origin, x, height));
  steps.forEach((step, index) => {
    const middle = AXIS_HEIGHT + index * ROW_HEIGHT + ROW_HEIGHT / 2;
    step.attempts.forEach((attempt, attemptIndex) => {
      const tip = htmlText(
        `${index + 1}. ${step.title}${step.attempts.length > 1 ? ` (attempt ${attemptIndex + 1})` : ''}: ${RESULT_WORDS[attempt.result]}, started ${time.format(attempt.start)}, ${formatSpan(attempt.durationMs)}`,
      );
      if (attempt.result === 'skipped') {
        const cx = x(attempt.start);
        parts.push(
          `<path class="bar-skipped" data-step="${htmlText(step.id)}" d="M${fixed(cx)} ${middle - 5}l4 5l-4 5l-4 -5z"><title>${tip}</title></path>`,
        );
        return;
      }
      const left = x(attempt.start);
      const barWidth = Math.max(MIN_BAR_WIDTH, x(attempt.end) - left);
      parts.push(
        `<rect class="bar bar-${attempt.result}" data-step="${htmlText(step.id)}" x="${fixed(left)}" y="${middle - BAR_HEIGHT / 2}" width="${fixed(barWidth)}" height="${BAR_HEIGHT}"><title>${tip}</title></rect>`,
      );
    });
  });
  parts.push('</svg>');
  return { svg: parts.join(''), breaks, origin, mostAtOnce: mostAtOnce(attempts) };
}

/** How many attempts overlapped at most: one that ends as another starts does not count as overlapping it. */
function mostAtOnce(attempts: readonly ReportAttempt[]): number {
  const changes = attempts
    .filter((attempt) => attempt.result !== 'skipped')
    .flatMap((attempt) => [
      { at: attempt.start, by: 1 },
      { at: attempt.end, by: -1 },
    ])
    .sort((a, b) => a.at - b.at || a.by - b.by);
  let running = 0;
  let most = 0;
  for (const change of changes) {
    running += change.by;
    most = Math.max(most, running);
  }
  return most;
}

/** The stretches of time in which steps ran, with the idle ones between them cut out, laid out across the chart. */
function axisSegments(spans: readonly (readonly [number, number])[]): Segment[] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const busy = sorted.reduce((total, [from, to]) => total + (to - from), 0);
  const breakAfter = Math.max(MIN_BREAK_MS, busy / 5);
  const merged: [number, number][] = [];
  for (const [from, to] of sorted) {
    const last = merged.at(-1);
    if (last && from - last[1] <= breakAfter) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  const room = CHART_WIDTH - BREAK_WIDTH * (merged.length - 1);
  const total = merged.reduce((sum, [from, to]) => sum + (to - from), 0);
  // Each stretch gets at least a minimum width, the rest in proportion to how long it lasted.
  const spare = Math.max(0, room - MIN_SEGMENT_WIDTH * merged.length);
  let x = 0;
  return merged.map(([from, to]) => {
    const width = MIN_SEGMENT_WIDTH + (total > 0 ? (spare * (to - from)) / total : spare / merged.length);
    const segment = { from, to, x, width };
    x += width + BREAK_WIDTH;
    return segment;
  });
}

function position(segments: readonly Segment[], at: number): number {
  for (const segment of segments) {
    if (at <= segment.to) {
      if (at <= segment.from || segment.to === segment.from) return segment.x;
      return segment.x + ((at - segment.from) / (segment.to - segment.from)) * segment.width;
    }
  }
  const last = segments.at(-1);
  return last ? last.x + last.width : 0;
}

/** Ticks of elapsed time since the first step started, chosen per stretch so their labels do not touch, and the breaks between stretches. */
function axis(segments: readonly Segment[], origin: number, x: (at: number) => number, height: number): string[] {
  const parts: string[] = [];
  const bottom = height - 2;
  for (const [index, segment] of segments.entries()) {
    const span = segment.to - segment.from;
    const fits = Math.max(1, Math.floor(segment.width / MIN_TICK_SPACING));
    const interval = TICK_INTERVALS.find((candidate) => span / candidate <= fits) ?? 86_400_000;
    const first = Math.ceil((segment.from - origin) / interval) * interval + origin;
    for (let at = first; at <= segment.to; at += interval) {
      const tickX = fixed(x(at));
      parts.push(
        `<line class="grid" x1="${tickX}" y1="${AXIS_HEIGHT - 4}" x2="${tickX}" y2="${bottom}"/>`,
        `<text class="tick" x="${tickX}" y="${AXIS_HEIGHT - 8}" text-anchor="middle">${elapsed(at - origin, interval)}</text>`,
      );
    }
    const next = segments[index + 1];
    if (next) {
      const breakX = LABEL_WIDTH + GUTTER + segment.x + segment.width;
      parts.push(
        `<rect class="axis-break" x="${fixed(breakX + 4)}" y="${AXIS_HEIGHT - 4}" width="${BREAK_WIDTH - 8}" height="${bottom - AXIS_HEIGHT + 4}"><title>${htmlText(`Nothing ran for ${formatSpan(next.from - segment.to)}: cut out of the axis`)}</title></rect>`,
        `<text class="tick" x="${fixed(breakX + BREAK_WIDTH / 2)}" y="${AXIS_HEIGHT - 8}" text-anchor="middle">…</text>`,
      );
    }
  }
  return parts;
}

/**
 * Elapsed time on the axis: "0:30", "12:00", "1:05:00"; where ticks are less than a second apart,
 * "0.25 s" in the first minute and "2:00:00.5" after it.
 */
function elapsed(ms: number, interval: number): string {
  const decimals = interval >= 1000 ? 0 : interval < 100 ? 2 : 1;
  if (decimals > 0 && ms < 60_000) return `${(ms / 1000).toFixed(decimals)} s`;
  const total = Math.floor(Math.round(ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  const fraction = decimals > 0 ? ((Math.round(ms) % 1000) / 1000).toFixed(decimals).slice(1) : '';
  return `${hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}` : minutes}:${seconds}${fraction}`;
}

function shortened(label: string): string {
  const characters = [...label];
  return characters.length <= LABEL_CHARACTERS ? label : `${characters.slice(0, LABEL_CHARACTERS - 1).join('')}…`;
}

function fixed(value: number): string {
  return String(Math.round(value * 10) / 10);
}
