import { defineParitySuite } from './parity-suite.js';

defineParitySuite('1.28.10');
