import { defineParitySuite } from './parity-suite.js';

defineParitySuite('1.31.0');
