// The Matter language server (@banshi/dsl), started in this web worker for the studio's editor.
import './polyfills';
import '@banshi/dsl/worker';
