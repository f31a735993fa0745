/** @jsxImportSource hono/jsx */
import type { Hono } from 'hono';
import type { AppEnv } from '../http/env.ts';
import type { Services } from '../services/context.ts';

/** Placeholder: registered by pages.ts; filled in by its own change. */
export function restrictionPages(_app: Hono<AppEnv>, _s: Services): void {}
