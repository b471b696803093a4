/**
 * decimal.js for ES modules: its `.mjs` build exports the class as the default export while its
 * type declarations are CommonJS, so TypeScript (NodeNext) and Node disagree on what the default
 * import is. This reconciles the two once.
 */
import DecimalImport from 'decimal.js';

export const Decimal = ((DecimalImport as unknown as { default?: unknown }).default ?? DecimalImport) as typeof DecimalImport.default;
export type Decimal = InstanceType<typeof Decimal>;
