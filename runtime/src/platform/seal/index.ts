export {
  fileKeyring,
  keyIdOf,
  publicKeyChecker,
  type Seal,
  type SealCheck,
  type SealKey,
  type SealKeyring
} from './keyring.ts';
export { sm3 } from './sm2.ts';
