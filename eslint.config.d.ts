/** Types for the part of eslint.config.js that tests read: the table ownership the lint rule enforces. */
export declare const TABLE_OWNERS: Readonly<Record<string, string>>;
