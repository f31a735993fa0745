import fc from 'fast-check';

const fragments = [
  '{',
  '}',
  '｛',
  '｝',
  '(',
  ')',
  '（',
  '）',
  ',',
  '，',
  '、',
  ':',
  '：',
  ';',
  '；',
  '"',
  '“',
  '”',
  '//',
  '/*',
  '*/',
  '事项',
  '部门',
  '由',
  '当',
  '且',
  '或',
  '非',
  '并联',
  '牵头',
  '初审',
  '时限',
  '法定',
  '承诺',
  '工作日',
  '小时',
  '当日',
  '环节',
  '材料',
  '表单',
  '年检',
  '时间窗',
  '至',
  '日历',
  '节假日',
  '调休上班',
  '默认监察',
  '监察',
  '代替',
  '来源',
  '电子证照',
  '0',
  '9',
  '99999999999999999999',
  '-1',
  '2026-02-30',
  '13-45',
  '25:99',
  '1.5',
  'A4',
  '\n',
  ' ',
  '\t',
  '　',
  '\\',
  '💥',
  '\u0000'
];

/** One random edit of a text: delete, insert a fragment, duplicate or drop a line, or cut the file short. */
export const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 6 }))
  }),
  fc.record({ kind: fc.constant('duplicateLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('dropLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() })
);

export type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

export function apply(text: string, edit: Mutation): string {
  const at = text.length === 0 ? 0 : edit.at % text.length;
  switch (edit.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + edit.length);
    case 'insert':
      return text.slice(0, at) + edit.text + text.slice(at);
    case 'truncate':
      return text.slice(0, at);
    case 'duplicateLine':
    case 'dropLine': {
      const lines = text.split('\n');
      const line = edit.at % lines.length;
      if (edit.kind === 'dropLine') lines.splice(line, 1);
      else lines.splice(line, 0, lines[line]!);
      return lines.join('\n');
    }
  }
}
