import { defineParitySuite } from './parity-suite.js';

defineParitySuite('1.27.9');
