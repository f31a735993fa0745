import { rejectionKinds, type Rejection } from './engine/index.ts';
import { Refusal } from '../platform/refusal.ts';

/** An engine rejection as the domain's refusal, its kind from the engine's table (engine/rejection.ts). */
export function rejectionError(rejection: Rejection): Refusal {
  return new Refusal(rejectionKinds[rejection.code], rejection.code, rejection.message);
}
