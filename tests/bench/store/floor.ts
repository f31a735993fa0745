/** Starts floor-server.ts (the statements alone behind node:http) in a process of its own; see that file. */
import { startListening, type ListeningChild } from '../listening-child.ts';
import type { RecordedCommand } from './recorded.ts';

export type Floor = ListeningChild;

export const startFloor = (databaseUrl: string, command: RecordedCommand): Promise<Floor> =>
  startListening({
    script: 'tests/bench/store/floor-server.ts',
    input: JSON.stringify(command),
    args: file => [databaseUrl, file],
    marker: 'listening',
    nodeArgs: ['--import', './tools/node-polyfills.mjs', '--import', 'tsx']
  });
