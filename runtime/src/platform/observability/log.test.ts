import { describe, expect, it, vi } from 'vitest';
import { jsonLogger, lineWriter } from './log.ts';
import { redact, redactText } from './redact.ts';

const capture = (options?: Parameters<typeof jsonLogger>[1]) => {
  const lines: string[] = [];
  return { lines, log: jsonLogger(line => lines.push(line), options) };
};

describe('log records', () => {
  it('are one JSON object per line with the time first, the level and the message', () => {
    const { lines, log } = capture();
    log({ level: 'info', msg: 'migrated', versions: [1, 2] });
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!);
    expect(Object.keys(record)[0]).toBe('time');
    expect(record).toMatchObject({ level: 'info', msg: 'migrated', versions: [1, 2] });
    expect(Date.parse(record.time)).not.toBeNaN();
  });

  it('below LOG_LEVEL are dropped: info by default, so debug is not written', () => {
    const quiet = capture();
    quiet.log({ level: 'debug', msg: 'step' });
    quiet.log({ level: 'warn', msg: 'slow' });
    expect(quiet.lines.map(l => JSON.parse(l).msg)).toEqual(['slow']);
    const chatty = capture({ level: 'debug' });
    chatty.log({ level: 'debug', msg: 'step' });
    expect(chatty.lines).toHaveLength(1);
    const errorsOnly = capture({ level: 'error' });
    errorsOnly.log({ level: 'warn', msg: 'slow' });
    errorsOnly.log({ level: 'error', msg: 'failed' });
    expect(errorsOnly.lines.map(l => JSON.parse(l).msg)).toEqual(['failed']);
  });

  it('in the text format read as one line: clock, level, message, then the fields', () => {
    const { lines, log } = capture({ format: 'text' });
    log({ level: 'info', msg: '数据库迁移 3/28：outbox', step: 'migrate', done: 3, note: 'two words' });
    expect(lines[0]).toMatch(
      /^\d{2}:\d{2}:\d{2} INFO {2}数据库迁移 3\/28：outbox step=migrate done=3 note="two words"$/
    );
  });

  it('mask an 18-digit resident ID number and a mobile number in any field, at any depth', () => {
    const { lines, log } = capture();
    log({
      level: 'warn',
      msg: '申请人 110101199003071234 登录失败',
      path: '/api/identity/11010119900307123X',
      applicant: { idNumber: '110101199003071234', phones: ['13812345678', '+86 138-1234-5678'] },
      error: new Error('no account for 110101199003071234')
    });
    const line = lines[0]!;
    expect(line).not.toMatch(/19900307/);
    expect(line).not.toContain('1234 5678');
    const record = JSON.parse(line);
    expect(record.msg).toBe('申请人 110101********1234 登录失败');
    expect(record.path).toBe('/api/identity/110101********123X');
    expect(record.applicant).toEqual({
      idNumber: '110101********1234',
      phones: ['138****5678', '+86 138****5678']
    });
    expect(record.error.message).toBe('no account for 110101********1234');
  });
});

describe('redaction', () => {
  it('leaves request ids, case numbers, times and counts alone', () => {
    const kept = [
      'b3f1c2d4-1381-4234-8678-123456789012',
      '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
      '2026-12-03T04:28:34.781Z',
      '住建许〔2026〕00012 号',
      '12345678901234567890'
    ];
    for (const text of kept) expect(redactText(text)).toBe(text);
    expect(redact({ ms: 13812345678 })).toEqual({ ms: '138****5678' });
    expect(redact({ ms: 1250, count: 3 })).toEqual({ ms: 1250, count: 3 });
  });

  it('masks the numbers in keys too, and in text where a mobile number is split by spaces or dashes', () => {
    expect(redact({ '110101199003071234': { '138 1234 5678': true } })).toEqual({
      '110101********1234': { '138****5678': true }
    });
    expect(redactText('电话 139-0000-1111，证件 44030119851212567x')).toBe('电话 139****1111，证件 440301********567x');
  });

  it('writes an object met twice twice, and a cycle once', () => {
    const shared = { id: '110101199003071234' };
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic.self = cyclic;
    expect(redact({ a: shared, b: shared })).toEqual({
      a: { id: '110101********1234' },
      b: { id: '110101********1234' }
    });
    expect(redact(cyclic)).toEqual({ name: 'a', self: '[circular]' });
  });
});

describe('the line writer', () => {
  it('writes a line after a quiet spell at once, and the lines close behind it together, in order, over turns of the loop', async () => {
    // The batch's timer is the test's to run, so a busy machine cannot fire it early: only turns of the loop pass.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const writes: string[] = [];
      const write = lineWriter({ write: text => writes.push(text) }, 60_000, 5);
      write('{"msg":"start"}');
      expect(writes).toEqual(['{"msg":"start"}\n']);
      write('{"msg":"a"}');
      await new Promise(resolve => setImmediate(resolve));
      write('{"msg":"b"}\n');
      expect(writes).toHaveLength(1);
      vi.advanceTimersByTime(5);
      expect(writes).toEqual(['{"msg":"start"}\n', '{"msg":"a"}\n{"msg":"b"}\n']);
      write('{"msg":"c"}');
      expect(writes).toHaveLength(2);
      vi.advanceTimersByTime(5);
      expect(writes.at(-1)).toBe('{"msg":"c"}\n');
    } finally {
      vi.useRealTimers();
    }
  });

  it('writes each line at once when they come further apart than the quiet spell', async () => {
    const writes: string[] = [];
    const write = lineWriter({ write: text => writes.push(text) }, 0);
    write('migrated 1/3');
    await new Promise(resolve => setTimeout(resolve, 5));
    write('migrated 2/3');
    expect(writes).toEqual(['migrated 1/3\n', 'migrated 2/3\n']);
  });
});
