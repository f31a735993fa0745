import { rejectionKinds, type Rejection } from '../engine/index.ts';
import { ApiError, refusalStatus } from '../http/errors.ts';

/** An engine rejection as an HTTP error, its status from the engine's table of kinds (engine/rejection.ts). */
export function rejectionError(rejection: Rejection): ApiError {
  return new ApiError(refusalStatus[rejectionKinds[rejection.code]], rejection.code, rejection.message);
}
