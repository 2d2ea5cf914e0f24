/** Types for the parts of eslint.config.js that tests read (the table ownership the lint rule enforces). */
export declare const TABLE_OWNERS: Readonly<Record<string, string>>;
declare const config: unknown;
export default config;
