// Types of studio-build.mjs, for the tests that build the studio before opening it.
export declare function inputsHash(): string;
export declare function studioIsFresh(): boolean;
export declare function buildStudio(): void;
export declare function withStudioLock<T>(work: () => T): T;
